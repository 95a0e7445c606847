"""The rotation lab (pure) and its widget, against a real endpoint on 127.0.0.1, no kernel."""

from __future__ import annotations

import html

import pytest

from helpers.key_sets.rotation import RotationLab
from helpers.web.server import LIVE_SERVERS, stop_all_servers
from helpers.widgets.key_rotation import KeyRotationLab


@pytest.fixture(autouse=True)
def _servers_stopped():
    yield
    stop_all_servers()


def verdicts(lab: RotationLab) -> list[tuple[str, bool, int]]:
    return [(check.kid, check.accepted, check.requests) for check in lab.check_tokens()]


def test_a_planned_rotation_never_refuses_a_token_until_a_fresh_verifier():
    lab = RotationLab(name="unit-lab")
    assert lab.published == ["key-1"] and verdicts(lab) == [("key-1", True, 1)]
    assert lab.publish_new_key() == "key-2"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 1)], "unknown kid: one fetch"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 0)], "then cached"
    assert lab.remove_oldest_key() == "key-1"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 0)], "the cached set still has key-1"
    lab.new_verifier()
    checks = lab.check_tokens()
    assert [(c.accepted, c.requests) for c in checks] == [(False, 2), (True, 0)]
    assert checks[0].verdict.startswith("PyJWKClientError") and "key-1" in checks[0].verdict
    assert lab.remove_oldest_key() == "key-2" and lab.remove_oldest_key() is None


def test_with_a_cooldown_the_unknown_kid_is_not_fetched_at_once():
    lab = RotationLab(cooldown=30, name="unit-lab-cooldown")
    lab.check_tokens()
    lab.publish_new_key()
    checks = lab.check_tokens()
    assert [(c.accepted, c.requests) for c in checks] == [(True, 0), (False, 0)]


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



def test_a_refusal_caused_by_another_tokens_refetch_is_explained():
    lab = RotationLab(name="unit-lab-note")
    lab.publish_new_key()
    lab.publish_new_key()
    lab.check_tokens()
    lab.remove_oldest_key()
    lab.new_verifier()
    first = lab.check_tokens()
    assert [(c.accepted, c.note) for c in first] == [(False, ""), (True, ""), (True, "")]
    lab.remove_oldest_key()  # key-2: refused at once, because token 1's unknown kid refetched the set
    checks = lab.check_tokens()
    assert [c.accepted for c in checks] == [False, False, True]
    assert "token 1's unknown kid made the verifier fetch the set again" in checks[1].note
    assert "key-2 was removed" in checks[1].note and checks[0].note == checks[2].note == ""


def test_a_refusal_during_the_cooldown_says_so_and_the_settings_are_shown():
    widget = KeyRotationLab(cooldown=30, name="unit-widget-cooldown")
    widget.publish_button.click()
    table = html.unescape(widget.table_view.value)
    assert "less than 30 s ago" in table and "check again once 30 s have passed" in table
    state = widget.state_view.value
    assert "cooldown of 30 s" in state and "caches the set for 3600 s" in state
    assert "0: the verifier's cached copy answered" in table
    widget.close()
