"""Show the warnings a few lines of code raise as `Class: message`, without file paths.

Python prints a warning with the file and line that raised it, a path into site-packages that
differs on every machine. A learner needs the warning's class and message, nothing more.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


def warning_line(caught: warnings.WarningMessage) -> str:
    """One caught warning as `InsecureKeyLengthWarning: The HMAC key is 9 bytes long, ...`."""
    return f"{caught.category.__name__}: {caught.message}"


@contextmanager
def print_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Run the block, then print each warning it raised on one line (or say there was none)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    for message in caught:
        print(warning_line(message))
    if not caught:
        print("No warning.")
