"""Moved to tools/jupyter_driver/lab.py (tools never import tests/); re-exported for tests."""

from tools.jupyter_driver.lab import *  # noqa: F401,F403
