"""Thin ipywidgets views over the pure functions in helpers."""

from helpers.widgets.countdown import ExpiryCountdown, stop_all_countdowns
from helpers.widgets.payload_editor import PayloadEditor
from helpers.widgets.token_inspector import TokenInspector

__all__ = ["ExpiryCountdown", "PayloadEditor", "TokenInspector", "stop_all_countdowns"]
