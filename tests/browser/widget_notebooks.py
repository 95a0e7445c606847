"""Moved to tools/jupyter_driver/widget_notebooks.py (tools never import tests/); re-exported for tests."""

from tools.jupyter_driver.widget_notebooks import *  # noqa: F401,F403
