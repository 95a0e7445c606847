"""P1 countdown accuracy: the instant the widget shows zero vs PyJWT's first refusal (ms)."""

from __future__ import annotations

import re
import statistics
import time

import jwt

from tools.bench.common import session, summarise
from tools.jupyter_driver import lab as labkit
from tools.jupyter_driver import widget_notebooks as wn
from tools.jupyter_driver.views import COUNTDOWN, WidgetView
from tools.waiting import wait_until

NAME = "P1"
TITLE = "countdown accuracy"
GOAL = 50  # ms: |median delta| at most this
GOAL_TEXT = f"|delta| <= {GOAL} ms"


def met(result: dict) -> bool:
    return abs(statistics.median(result["values"])) <= GOAL


ZERO_WATCH_JS = """(root) => {
  const marks = window.__zero = {shown: null, expired: null};
  if (window.__zeroObserver) window.__zeroObserver.disconnect();
  const clock = root.querySelector('.jwt-clock-view');
  window.__zeroObserver = new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    const text = clock.textContent;
    if (marks.shown === null && text.includes('0.0 s left')) marks.shown = now;
    if (marks.expired === null && text.includes('expired')) marks.expired = now;
  });
  window.__zeroObserver.observe(clock, {subtree: true, childList: true, characterData: true});
}"""
EXP_TEXT = re.compile(r"exp stored in the token: (\d+)")


def first_refusal_ms(exp: int, secret: str) -> float:
    """Poll jwt.decode on a token with this exp; return the epoch ms of its first refusal."""
    token = jwt.encode({"key": "value", "exp": exp}, secret, algorithm="HS256")
    time.sleep(max(0.0, exp - 0.05 - time.time()))

    def refused_at() -> float | None:
        try:
            jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.ExpiredSignatureError:
            return time.time() * 1000
        return None

    refusal = wait_until(refused_at, timeout=30, every=0.0002)
    if refusal is None:
        raise RuntimeError(f"PyJWT still accepted a token with exp {exp} 30 s later")
    return refusal


def stored_exp_shown(view: WidgetView, previous: int | None) -> int:
    """The exp the countdown says it counts to, once it differs from the previous one."""
    def new_exp() -> int | None:
        match = EXP_TEXT.search(view.root.inner_text())
        return int(match.group(1)) if match and int(match.group(1)) != previous else None

    exp = wait_until(new_exp, timeout=30, every=0.01)
    if exp is None:
        raise RuntimeError("the countdown never showed a new exp")
    return exp


def zero_marks(page: labkit.LabPage, view: WidgetView, previous: int) -> tuple[int, dict[str, float], float]:
    """Start a new token; return its exp, the page's zero marks and PyJWT's first refusal (ms)."""
    view.root.evaluate(ZERO_WATCH_JS)  # armed before the new countdown starts
    view.button("New token").click()
    exp = stored_exp_shown(view, previous)
    refusal_ms = first_refusal_ms(exp, wn.SECRET)
    page.page.wait_for_function("() => window.__zero.expired !== null", timeout=30_000)
    return exp, page.page.evaluate("() => window.__zero"), refusal_ms


def measure(runs: int) -> dict:
    page = session().open(wn.COUNTDOWN).run_all()
    zero, expired, exp_offsets = [], [], []
    try:
        view = WidgetView.find(page.page, COUNTDOWN)
        view.enter("lifetime", "2")
        # Let the 2 s countdown expire first, so every measured token gets a new exp.
        view.clock.get_by_text("expired").wait_for(timeout=60_000)
        previous = stored_exp_shown(view, None)
        for _ in range(runs):
            previous, marks, refusal_ms = zero_marks(page, view, previous)
            zero.append(marks["shown"] - refusal_ms)
            expired.append(marks["expired"] - refusal_ms)
            exp_offsets.append(refusal_ms - previous * 1000)
    finally:
        page.close()
    return {"unit": "ms", "values": zero,
            "details": {"meaning": "first '0.0 s left' in the page minus PyJWT's first "
                                   "ExpiredSignatureError (epoch ms on the same clock)",
                        "expired_text_minus_refusal_ms": summarise(expired),
                        "pyjwt_refusal_after_exp_ms": summarise(exp_offsets)}}
