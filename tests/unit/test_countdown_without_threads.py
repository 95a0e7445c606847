"""Where threads cannot start (Pyodide, the JupyterLite site), the countdown ticks as an asyncio
task on the kernel's event loop and still ends in ExpiredSignatureError."""

from __future__ import annotations

import asyncio
import secrets
import threading

import pytest

from helpers.widgets.countdown import ExpiryCountdown


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
