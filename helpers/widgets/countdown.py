"""Expiry countdown: a live clock to the exact second PyJWT starts refusing a token."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Any

import ipywidgets as widgets
import jwt

from helpers._cells import current_cell_id
from helpers.errors import InputProblem, explain_error
from helpers.keys.hmac_secrets import check_secret, minimum_secret_bytes
from helpers.tokens.expiry import check_lifetime, make_expiring_token, rejection_instant, stored_exp
from helpers.tokens.payload import payload_as_text
from helpers.tokens.times import utc_text
from helpers.widgets.base import DEMO_SECRET, CourseWidget, html_view
from helpers.widgets.style import message_html

# One live countdown per notebook cell: re-running a cell replaces (and stops) its countdown.
LIVE_COUNTDOWNS: dict[str, ExpiryCountdown] = {}
FROM_THE_BOX = object()  # start() reads the lifetime from the Lifetime box


def stop_all_countdowns() -> None:
    """Stop every live countdown (used by tests and by a kernel about to shut down)."""
    for countdown in list(LIVE_COUNTDOWNS.values()):
        countdown.stop()


class ExpiryCountdown(CourseWidget):
    """Make a token that lives `lifetime` seconds and count down to its rejection, live."""

    css_class = "jwt-expiry-countdown"
    placeholder = ("[Expiry countdown: run this cell to make a short-lived token and watch it "
                   "count down to ExpiredSignatureError.]")

    def __init__(self, secret: str, payload: dict[str, Any] | None = None, lifetime: int = 30,
                 name: str | None = None, tick: float = 0.1) -> None:
        self.secret = secret
        self.payload = {"key": "value"} if payload is None else payload
        self.tick = tick
        self.key = name or current_cell_id() or "countdown"
        self.token: str | None = None
        self.key_bytes = b""  # the checked secret the token was signed with
        self.deadline: float | None = None
        self.state = "stopped"
        self.zero_shown_at: float | None = None
        self.result = ""
        self._last_spoken: int | None = None  # the whole second last said to screen readers
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._task: asyncio.Future[None] | None = None  # the clock where threads cannot start
        # An IntText, not a bounded one: a bounded box would silently change 0 into 1; this
        # one keeps what was typed and the countdown explains what is wrong with it.
        self.lifetime_box = widgets.IntText(value=box_number(lifetime), step=1,
                                            description="Lifetime (s)")
        self.new_button = widgets.Button(description="New token", icon="refresh")
        self.decode_button = widgets.Button(description="Decode now", icon="unlock")
        self.clock = html_view("jwt-clock-view")  # ticks 10 times a second: a timer, not a live region
        self.progress = widgets.FloatProgress(value=0, min=0, max=1, description="Time left")
        self.progress.add_class("jwt-progress")  # hidden with prefers-reduced-motion
        self.deadline_view = widgets.HTML()
        self.result_view = html_view("jwt-result-view")
        self.lifetime_box.observe(lambda change: self.start(), names="value")
        self.new_button.on_click(lambda button: self.start())
        self.decode_button.on_click(lambda button: self.decode_now())
        super().__init__([
            widgets.HBox([self.lifetime_box, self.new_button, self.decode_button]),
            self.clock, self.progress, self.deadline_view, self.result_view,
        ])
        previous = LIVE_COUNTDOWNS.get(self.key)
        if previous is not None and previous is not self:
            previous.close()  # a re-run cell replaces its countdown: stop its thread, drop its views
        LIVE_COUNTDOWNS[self.key] = self
        self.start(lifetime)

    @classmethod
    def demo(cls) -> ExpiryCountdown:
        """A countdown of 60 s on a fixed demo secret (for tests and screenshots)."""
        return cls(DEMO_SECRET, payload={"user": "ada"}, lifetime=60)

    @property
    def thread(self) -> threading.Thread | None:
        """The background thread ticking the clock (None before the first start)."""
        return self._thread

    @property
    def ticking(self) -> bool:
        """Whether the clock is running: its thread, or its event-loop task where threads
        cannot start."""
        thread, task = self._thread, self._task
        return bool((thread is not None and thread.is_alive())
                    or (task is not None and not task.done()))

    def start(self, lifetime: Any = FROM_THE_BOX) -> None:
        """Make a new token with the chosen lifetime (default: the box) and count down."""
        self.stop()
        try:
            lifetime = check_lifetime(self.lifetime_box.value if lifetime is FROM_THE_BOX
                                      else lifetime)
            key = check_secret(self.secret)
            if len(key) < minimum_secret_bytes("HS256"):
                raise InputProblem(
                    f"The countdown needs a secret of at least 32 bytes (this one has {len(key)}), "
                    "so that PyJWT never warns from its clock: use secrets.token_urlsafe(32)."
                )
            if not isinstance(self.payload, dict):
                raise InputProblem(
                    f"The payload must be a dict, not a {type(self.payload).__name__}: "
                    "for example payload={'user': 'ada'}."
                )
            payload_as_text(self.payload)  # refuses what JSON cannot hold, with a fix
            self.key_bytes = key
            self.token = make_expiring_token(self.payload, key, lifetime)
            self.deadline = rejection_instant(self.token)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.token, self.deadline, self.state = None, None, "stopped"
            self.deadline_view.value = ""
            self.clock.value = ""
            self._show_result(explain_error(error), "error")
            return
        self.zero_shown_at = None
        self._last_spoken = math.ceil(self.deadline - time.time())
        self.progress.max = max(1.0, float(lifetime))
        self.deadline_view.value = message_html(
            f"exp stored in the token: {stored_exp(self.token)} = {utc_text(self.deadline)}. "
            "PyJWT refuses the token from that second on.", "info")
        self._show_result("Counting down. Press Decode now to try the token at any moment.",
                          "info", spoken=f"New token: PyJWT refuses it in {seconds(self._last_spoken)}. "
                          "Press Decode now to try it at any moment.")
        self._stop = threading.Event()
        self.state = "counting"
        self._thread = threading.Thread(target=self._run, args=(self.token, self.deadline,
                                                                self._stop),
                                        name=f"jwt-countdown-{self.key}", daemon=True)
        try:
            self._thread.start()
        except RuntimeError:  # no threads (Pyodide, the JupyterLite site): tick on the event loop
            self._thread = None
            self._task = asyncio.ensure_future(self._run_on_loop(self.token, self.deadline, self._stop))

    def stop(self) -> None:
        """Stop the clock; the thread ends within one tick."""
        self._stop.set()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        if self.state == "counting":
            self.state = "stopped"

    async def _run_on_loop(self, token: str, deadline: float, stop: threading.Event) -> None:
        """The clock where threads cannot start: the same ticks as _run, as an asyncio task."""
        while not stop.is_set() and deadline - time.time() > 0:
            self._show_left(deadline - time.time())
            await asyncio.sleep(min(self.tick, max(0.0, deadline - time.time())))
        if not stop.is_set():
            self._show_left(0)
            self.zero_shown_at = time.time()
            self.state = "expired"
            self.decode_now()

    def close(self) -> None:
        self.stop()
        if LIVE_COUNTDOWNS.get(self.key) is self:
            del LIVE_COUNTDOWNS[self.key]
        super().close()

    def decode_now(self) -> str:
        """Try jwt.decode on the token right now and show what happens."""
        return self._decode()

    def _decode(self, spoken_prefix: str = "") -> str:
        if self.token is None:
            return self.result
        try:
            # No warnings.catch_warnings() here: it is not thread-safe, and the clock's thread
            # calls this. start() only accepts secrets long enough for PyJWT not to warn.
            payload = jwt.decode(self.token, self.key_bytes, algorithms=["HS256"],
                                 options={"enforce_minimum_key_length": True})
        except jwt.ExpiredSignatureError as error:
            text, kind = f"jwt.decode raised ExpiredSignatureError: {error}.", "error"
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            text, kind = explain_error(error), "error"
        else:
            text, kind = f"jwt.decode accepted it: {payload}", "ok"
        self._show_result(text, kind, spoken=spoken_prefix + text if spoken_prefix else None)
        return self.result

    def _run(self, token: str, deadline: float, stop: threading.Event) -> None:
        # Runs in a background thread: it only sets widget values, it never prints.
        try:
            while not stop.is_set():
                left = deadline - time.time()
                if left <= 0:
                    break
                self._show_left(left)
                stop.wait(min(self.tick, left))
            if stop.is_set():
                return
            self._show_left(0)
            self.zero_shown_at = time.time()
            self.state = "expired"
            self._decode(spoken_prefix="Time is up: the token has expired. ")
        except Exception as error:  # noqa: BLE001 - never let a thread die with a traceback
            self._show_result(explain_error(error), "error")

    def _show_left(self, left: float) -> None:
        self.progress.value = min(self.progress.max, max(0.0, left))
        # Round up, so the clock reads 0.0 only once PyJWT refuses the token (rounding to the
        # nearest tenth showed "0.0 s left" up to 50 ms while the token was still accepted).
        text = f"{math.ceil(left * 10) / 10:.1f} s left" if left > 0 else "0.0 s left: expired"
        self.clock.value = f'<div class="jwt-clock" role="timer">⏱ {text}</div>'
        whole = math.ceil(left)
        if whole != self._last_spoken and is_spoken_second(whole):
            self._last_spoken = whole
            self.announce(f"{seconds(whole)} left")

    def _show_result(self, text: str, kind: str, spoken: str | None = None) -> None:
        self.result = text
        self.result_view.value = message_html(text, kind)
        self.announce(spoken or (f"Problem: {text}" if kind == "error" else text))


def is_spoken_second(seconds_left: int) -> bool:
    """Whether screen readers hear the time left at this whole second: every 10 s and each of
    the last 5 (not ten times a second, as the clock redraws)."""
    return seconds_left > 0 and (seconds_left <= 5 or seconds_left % 10 == 0)


def seconds(count: int | None) -> str:
    """'1 second', '7 seconds'."""
    return "1 second" if count == 1 else f"{count} seconds"


def box_number(value: Any) -> int:
    """What the Lifetime box can show for a value given in code (0 when it is not a number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 2**53:
        return int(value)
    return 0
