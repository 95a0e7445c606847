"""Every widget kind's demo has one hidden live region and the enhancer (no browser needed)."""

from __future__ import annotations

import pytest

from helpers.widgets.a11y import ENHANCER_CLASS, LIVE_CLASS, SR_ONLY_CLASS
from tests.browser.a11y_kit import course_widget_kinds


@pytest.mark.parametrize("kind", course_widget_kinds(), ids=lambda kind: kind.__name__)
def test_every_kind_has_a_demo_with_one_hidden_live_region_and_the_enhancer(kind):
    widget = kind.demo()  # a widget added later without demo() fails here: see CONTRIBUTING.md
    assert type(widget) is kind
    assert kind.css_class and "run this cell" in kind.placeholder
    live = [child for child in widget.children if LIVE_CLASS in child._dom_classes]
    assert live == [widget.announcer]
    assert SR_ONLY_CLASS in widget.announcer._dom_classes
    assert widget.announced and widget.announcer.value  # it has said what it shows
    assert sum(ENHANCER_CLASS in child._dom_classes for child in widget.children) == 1
