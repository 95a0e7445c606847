"""The expiry countdown: its deadline is PyJWT's, one live clock per cell, a clock without
threads, and what it says to a screen reader.

Re-running a countdown cell, pressing New token, closing: one live clock per cell, always. No
kernel here: the widgets fall back to a dummy comm; tests/kernel/ does the same through a real
kernel, with execute requests like JupyterLab's. Where threads cannot start (Pyodide, the
JupyterLite site), the countdown ticks as an asyncio task on the kernel's event loop and still
ends in ExpiredSignatureError.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
from datetime import datetime, timezone
from types import SimpleNamespace

import IPython
import pytest

from helpers.tokens.expiry import stored_exp
from helpers.widgets import stop_all_countdowns
from helpers.widgets.countdown import LIVE_COUNTDOWNS, ExpiryCountdown, is_spoken_second

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


def test_countdown_deadline_equals_the_stored_exp_of_its_token():
    countdown = ExpiryCountdown(SECRET, lifetime=60, name="test-deadline")
    try:
        assert countdown.deadline == int(stored_exp(countdown.token))
        assert countdown.state == "counting" and countdown.ticking
        assert countdown.decode_now().startswith("jwt.decode accepted it: {'key': 'value'")
    finally:
        countdown.close()
    assert not countdown.thread.is_alive() and not countdown.ticking


def test_countdown_reaches_zero_no_earlier_than_pyjwt_and_shows_the_error():
    countdown = ExpiryCountdown(SECRET, lifetime=1, name="test-zero")
    try:
        countdown.thread.join(timeout=10)
        assert countdown.state == "expired"
        assert countdown.zero_shown_at >= countdown.deadline
        assert "ExpiredSignatureError" in countdown.result
        assert "0.0 s left" in countdown.clock.value
    finally:
        countdown.close()


def test_changing_the_lifetime_makes_a_new_token():
    countdown = ExpiryCountdown(SECRET, lifetime=60, name="test-lifetime")
    try:
        first = countdown.token
        countdown.lifetime_box.value = 120
        assert countdown.token != first
        assert countdown.deadline - datetime.now(timezone.utc).timestamp() > 100
    finally:
        countdown.close()


def test_a_bad_secret_is_shown_not_raised():
    countdown = ExpiryCountdown("", lifetime=5, name="test-bad-secret")
    try:
        assert countdown.token is None
        assert "secret is empty" in countdown.result
    finally:
        countdown.close()


def refuse_to_start(self: threading.Thread) -> None:
    raise RuntimeError("can't start new thread")


def run_on_a_fresh_loop(monkeypatch: pytest.MonkeyPatch, coroutine_function):
    """asyncio.run(coroutine_function()) in a thread started BEFORE threads are refused (this
    test session's main thread may already hold another event loop: Playwright's)."""
    go, results, errors = threading.Event(), [], []

    def run() -> None:
        go.wait()
        try:
            results.append(asyncio.run(coroutine_function()))
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)

    runner = threading.Thread(target=run)
    runner.start()
    monkeypatch.setattr(threading.Thread, "start", refuse_to_start)
    go.set()
    runner.join(timeout=30)
    if errors:
        raise errors[0]
    assert results, "the event loop's run did not finish"
    return results[0]


def test_the_countdown_reaches_expired_signature_error_on_the_event_loop(monkeypatch: pytest.MonkeyPatch):
    async def count_down() -> ExpiryCountdown:
        countdown = ExpiryCountdown(secrets.token_urlsafe(32), lifetime=1, name="no-threads", tick=0.05)
        assert countdown.thread is None and countdown.state == "counting"
        assert countdown.ticking, "the clock runs as an event-loop task"
        for _ in range(100):
            if countdown.state == "expired":
                break
            await asyncio.sleep(0.05)
        return countdown

    countdown = run_on_a_fresh_loop(monkeypatch, count_down)
    try:
        assert countdown.state == "expired"
        assert "ExpiredSignatureError" in countdown.result
        assert "0.0 s left" in countdown.clock.value
        assert not countdown.ticking, "the task ends at zero"
    finally:
        countdown.close()


def test_stop_ends_the_event_loop_clock(monkeypatch: pytest.MonkeyPatch):
    async def start_then_stop() -> ExpiryCountdown:
        countdown = ExpiryCountdown(secrets.token_urlsafe(32), lifetime=60, name="no-threads-stop")
        await asyncio.sleep(0.3)
        countdown.stop()
        shown = countdown.clock.value
        await asyncio.sleep(0.3)
        assert countdown.clock.value == shown  # no tick after stop
        return countdown

    countdown = run_on_a_fresh_loop(monkeypatch, start_then_stop)
    try:
        assert countdown.state == "stopped"
    finally:
        countdown.close()


@pytest.mark.parametrize(("second", "spoken"), [
    (60, True), (30, True), (20, True), (10, True), (9, False), (6, False), (5, True), (1, True),
    (0, False), (11, False), (15, False), (-1, False),
])
def test_the_countdown_speaks_every_10_s_and_each_of_the_last_5(second, spoken):
    assert is_spoken_second(second) is spoken


def test_a_countdown_says_a_few_things_while_its_clock_redraws_300_times():
    countdown = ExpiryCountdown(SECRET, lifetime=30, name="a11y-unit")
    countdown.stop()
    said = []
    countdown.announcer.observe(lambda change: said.append(change["new"]), names="value")
    clock_values = set()
    for tenth in range(300, 0, -1):
        countdown._show_left(tenth / 10)
        clock_values.add(countdown.clock.value)
    assert len(clock_values) == 300
    assert said == ["20 seconds left", "10 seconds left", "5 seconds left", "4 seconds left",
                    "3 seconds left", "2 seconds left", "1 second left"]


def test_the_start_and_the_expiry_are_said_with_the_exception():
    countdown = ExpiryCountdown(SECRET, lifetime=30, name="a11y-unit")
    assert re.fullmatch(r"New token: PyJWT refuses it in (29|30) seconds\. .*", countdown.announced)
    countdown.stop()
    countdown._last_spoken = None
    countdown.token = countdown.token[:-2] + "xx"  # what is said after decoding, in any case
    countdown._decode(spoken_prefix="Time is up: the token has expired. ")
    assert countdown.announced.startswith("Time is up: the token has expired. ")
    assert countdown.result in countdown.announced


def test_the_countdown_says_problems_as_problems():
    countdown = ExpiryCountdown(SECRET, lifetime=0, name="a11y-unit")
    assert countdown.result and countdown.announced == f"Problem: {countdown.result}"
