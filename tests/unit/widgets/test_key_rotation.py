"""The key rotation lab's widget: each step in words, never a raw error, one endpoint per cell."""

from __future__ import annotations

import html

import pytest

from helpers.web.server import LIVE_SERVERS
from helpers.widgets.key_rotation import KeyRotationLab

pytestmark = pytest.mark.usefixtures("servers_stopped")


def test_the_widget_shows_each_step_in_words_and_never_raises():
    widget = KeyRotationLab(name="unit-widget")
    assert "key-1" in widget.state_view.value and "token 1" in widget.table_view.value
    widget.publish_button.click()
    assert widget.message == "Published key-2 and signed token 2 with it."
    assert widget.table_view.value.count('data-accepted="true"') == 2
    widget.remove_button.click()
    widget.verifier_button.click()
    assert widget.table_view.value.count('data-accepted="false"') == 1
    assert "❌ PyJWKClientError" in html.unescape(widget.table_view.value)
    widget.lab.stop()  # the endpoint is gone: the widget says so in one line, not a raw error
    widget.verifier_button.click()
    assert "endpoint was stopped" in widget.message and "run the cell again" in widget.message
    assert "PyJWKClientConnectionError" not in html.unescape(widget.message_view.value)
    widget.check_button.click()
    assert "\n" not in widget.message
    widget.close()


def test_rerunning_the_cell_replaces_the_endpoint():
    first = KeyRotationLab(name="same-cell")
    second = KeyRotationLab(name="same-cell")
    assert not first.lab.server.running and second.lab.server.running
    assert list(LIVE_SERVERS) == ["same-cell"]
    assert KeyRotationLab.placeholder in second._repr_mimebundle_()["text/plain"]


def test_a_refusal_during_the_cooldown_says_so_and_the_settings_are_shown():
    widget = KeyRotationLab(cooldown=30, name="unit-widget-cooldown")
    widget.publish_button.click()
    table = html.unescape(widget.table_view.value)
    assert "less than 30 s ago" in table and "check again once 30 s have passed" in table
    state = widget.state_view.value
    assert "cooldown of 30 s" in state and "caches the set for 3600 s" in state
    assert "0: the verifier's cached copy answered" in table
    widget.close()
