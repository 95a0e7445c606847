"""Run one function from many threads released at the same instant: simultaneous clicks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def at_once(function: Callable[[], T], times: int = 20) -> list[T]:
    """Call `function` from `times` threads that all start together; their results, in order."""
    start = threading.Barrier(times)

    def one(_: int) -> T:
        start.wait(timeout=60)
        return function()

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(one, range(times)))
