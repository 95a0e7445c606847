"""Moved to tools/jupyter_driver/views.py (tools never import tests/); re-exported for tests."""

from tools.jupyter_driver.views import *  # noqa: F401,F403
