"""Re-running a countdown cell, pressing New token, closing: one live clock per cell, always.

No kernel here: the widgets fall back to a dummy comm. tests/kernel/ does the same through a
real kernel, with execute requests like JupyterLab's.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import IPython
import pytest

from helpers.widgets import ExpiryCountdown, stop_all_countdowns
from helpers.widgets.countdown import LIVE_COUNTDOWNS

SECRET = "rerun-safety-test-secret-long-enough-for-hs256"
LONG = 600  # seconds: no clock in these tests reaches zero on its own


def live_clocks(key: str) -> list[threading.Thread]:
    """The running clock threads of the countdown registered under `key`."""
    return [thread for thread in threading.enumerate()
            if thread.name == f"jwt-countdown-{key}" and thread.is_alive()]


@pytest.fixture
def made():
    """Countdowns made by a test; all closed at the end, whatever happens."""
    countdowns: list[ExpiryCountdown] = []
    yield countdowns
    for countdown in countdowns:
        countdown.close()


def test_a_second_countdown_with_the_same_name_stops_and_closes_the_first(made):
    first = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-same")
    made.append(first)
    first_thread = first.thread
    assert first_thread.is_alive()
    second = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-same")
    made.append(second)
    assert not first_thread.is_alive()
    assert first.state == "stopped"
    assert first.comm is None, "the replaced widget is closed, not left open in the kernel"
    assert LIVE_COUNTDOWNS["rerun-same"] is second
    assert live_clocks("rerun-same") == [second.thread]


@pytest.mark.parametrize("reruns", [2, 5])
def test_rerunning_the_same_cell_many_times_leaves_exactly_one_clock(made, reruns):
    for _ in range(reruns):
        made.append(ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-many"))
    assert len(live_clocks("rerun-many")) == 1
    assert [c for c in made if c.state == "counting"] == [made[-1]]


def test_countdowns_in_different_cells_each_keep_their_own_clock(made):
    made += [ExpiryCountdown(SECRET, lifetime=LONG, name=name) for name in ("cell-a", "cell-b")]
    assert len(live_clocks("cell-a")) == 1 and len(live_clocks("cell-b")) == 1


def test_close_stops_the_thread_and_forgets_the_countdown():
    countdown = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-close")
    thread = countdown.thread
    countdown.close()
    assert not thread.is_alive()
    assert "rerun-close" not in LIVE_COUNTDOWNS
    assert live_clocks("rerun-close") == []


def test_closing_an_old_countdown_does_not_unregister_its_replacement(made):
    old = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-old")
    new = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-old")
    made.append(new)
    old.close()
    assert LIVE_COUNTDOWNS["rerun-old"] is new
    assert new.thread.is_alive()


@pytest.mark.parametrize("press", [
    pytest.param(lambda c: c.new_button.click(), id="new-token-button"),
    pytest.param(lambda c: setattr(c.lifetime_box, "value", LONG + 1), id="lifetime-changed"),
    pytest.param(lambda c: c.start(), id="start-called"),
])
def test_restarting_a_countdown_replaces_its_thread(made, press):
    countdown = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-restart")
    made.append(countdown)
    before = countdown.thread
    press(countdown)
    assert not before.is_alive()
    assert countdown.thread is not before
    assert live_clocks("rerun-restart") == [countdown.thread]


def test_a_bad_input_stops_the_clock_instead_of_leaving_the_old_one_running(made):
    countdown = ExpiryCountdown(SECRET, lifetime=LONG, name="rerun-bad")
    made.append(countdown)
    countdown.lifetime_box.value = 0
    assert countdown.token is None and countdown.state == "stopped"
    assert live_clocks("rerun-bad") == []
    countdown.lifetime_box.value = LONG
    assert countdown.state == "counting" and len(live_clocks("rerun-bad")) == 1


def test_stop_all_countdowns_stops_every_clock(made):
    made += [ExpiryCountdown(SECRET, lifetime=LONG, name=f"rerun-all-{n}") for n in range(3)]
    stop_all_countdowns()
    assert all(live_clocks(f"rerun-all-{n}") == [] for n in range(3))


def test_without_a_name_the_cell_id_from_jupyterlab_is_the_key(made, monkeypatch):
    shell = SimpleNamespace(parent_header={"metadata": {"cellId": "cell-from-lab"}})
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    made += [ExpiryCountdown(SECRET, lifetime=LONG) for _ in range(3)]
    assert made[-1].key == "cell-from-lab"
    assert live_clocks("cell-from-lab") == [made[-1].thread]
