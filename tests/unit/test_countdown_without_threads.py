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


def test_the_countdown_reaches_expired_signature_error_on_the_event_loop(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(threading.Thread, "start", refuse_to_start)

    async def count_down() -> ExpiryCountdown:
        countdown = ExpiryCountdown(secrets.token_urlsafe(32), lifetime=1, name="no-threads", tick=0.05)
        assert countdown.thread is None and countdown.state == "counting"
        for _ in range(100):
            if countdown.state == "expired":
                break
            await asyncio.sleep(0.05)
        return countdown

    countdown = asyncio.run(count_down())
    try:
        assert countdown.state == "expired"
        assert "ExpiredSignatureError" in countdown.result
        assert "0.0 s left" in countdown.clock.value
    finally:
        countdown.close()


def test_stop_ends_the_event_loop_clock(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(threading.Thread, "start", refuse_to_start)

    async def start_then_stop() -> ExpiryCountdown:
        countdown = ExpiryCountdown(secrets.token_urlsafe(32), lifetime=60, name="no-threads-stop")
        await asyncio.sleep(0.3)
        countdown.stop()
        shown = countdown.clock.value
        await asyncio.sleep(0.3)
        assert countdown.clock.value == shown  # no tick after stop
        return countdown

    countdown = asyncio.run(start_then_stop())
    try:
        assert countdown.state == "stopped"
    finally:
        countdown.close()
