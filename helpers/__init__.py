"""Helpers for the course "JWT with Python, learned by doing".

Pure functions live in one module per idea (tokens, payloads, keys, claims, times, errors,
expiry, signing, verification, environment, exercises, feedback); ipywidgets views live in
helpers.widgets.

Names are imported lazily, so `from helpers import check_environment` works even when
`import jwt` finds the wrong package: that is exactly when a learner needs it.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "check_environment": "helpers.environment",
    "explain_error": "helpers.errors",
    "rejection_instant": "helpers.expiry",
    "seconds_until_rejected": "helpers.expiry",
    "wait_until_rejected": "helpers.expiry",
    "split_token": "helpers.tokens",
    # warnings shown as "Class: message", without file paths
    "print_warnings": "helpers.warning_lines",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
