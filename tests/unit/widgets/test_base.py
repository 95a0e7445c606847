"""The widget contract: every kind registers itself, and before its cell runs it says in one
line what will appear."""

from __future__ import annotations

import pytest

from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector
from helpers.widgets.base import COURSE_WIDGETS, CourseWidget
from tests.browser.a11y_kit import course_widget_kinds


def test_the_registry_holds_every_course_widget_kind():
    kinds = course_widget_kinds()
    assert {ExpiryCountdown, PayloadEditor, TokenInspector} <= set(kinds)
    assert all(issubclass(kind, CourseWidget) for kind in COURSE_WIDGETS)

    class Sketch(CourseWidget):  # a subclass registers itself by being defined
        css_class = "jwt-sketch"

    try:
        assert Sketch in course_widget_kinds()
        with pytest.raises(NotImplementedError, match="has no demo"):
            Sketch.demo()
    finally:
        COURSE_WIDGETS.remove(Sketch)


SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("make", [
    lambda: PayloadEditor(SECRET),
    lambda: TokenInspector(),
    lambda: ExpiryCountdown(SECRET, lifetime=30, name="test-placeholder"),
])
def test_before_running_a_widget_cell_shows_one_line_saying_what_will_appear(make):
    widget = make()
    try:
        bundle = widget._repr_mimebundle_()
        text = bundle["text/plain"]
        assert text.startswith("[") and text.endswith("]") and "run this cell" in text
        assert "\n" not in text and "VBox" not in text
        assert WIDGET_VIEW in bundle  # the live view is still there when the cell runs
    finally:
        widget.close()
