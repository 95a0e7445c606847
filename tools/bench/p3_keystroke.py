"""P3 keystroke latency: keystroke in the payload editor -> token redrawn, inside the page (ms)."""

from __future__ import annotations

import statistics
from typing import Any

from tools.bench.common import percentile, session, summarise
from tools.jupyter_driver import widget_notebooks as wn
from tools.jupyter_driver.views import EDITOR, WidgetView

NAME = "P3"
TITLE = "keystroke -> token"
GOAL = 50  # ms: the median keystroke at most this, the 95th percentile at most twice this
GOAL_TEXT = f"median <= {GOAL}, p95 <= {2 * GOAL}"


def met(result: dict) -> bool:
    painted = result["details"]["all_keystrokes_painted_ms"]
    return painted["median"] <= GOAL and painted["p95"] <= 2 * GOAL


KEYSTROKE_WATCH_JS = """(root) => {
  const log = window.__keys = {down: [], drawn: [], painted: []};
  const area = root.querySelector('.widget-textarea textarea');
  area.addEventListener('keydown', () => log.down.push(performance.now()), true);
  const view = root.querySelector('.jwt-token-view');
  new MutationObserver(() => {
    log.drawn.push(performance.now());
    requestAnimationFrame(() => log.painted.push(performance.now()));
  }).observe(view, {subtree: true, childList: true, characterData: true});
}"""


def type_and_time(page: Any, view: WidgetView, count: int) -> tuple[list[float], list[float]]:
    """Type count letters inside a JSON string; (keydown -> DOM, keydown -> next frame) in ms."""
    view.enter("payload", '{"key": ""}')
    view.field("payload").press("End")
    view.field("payload").press("ArrowLeft")
    view.field("payload").press("ArrowLeft")
    page.wait_for_timeout(300)  # let the last redraw land before we start listening
    view.root.evaluate(KEYSTROKE_WATCH_JS)
    for index in range(count):
        page.keyboard.type("abcdefghijklmnopqrstuvwxyz"[index % 26])
        page.wait_for_function(f"() => window.__keys.painted.length >= {index + 1}")
    log = page.evaluate("() => window.__keys")
    drawn = [d - k for k, d in zip(log["down"], log["drawn"])]
    painted = [p - k for k, p in zip(log["down"], log["painted"])]
    return drawn, painted


def measure(runs: int, per_run: int = 30) -> dict:
    page = session().open(wn.EDITOR).run_all()
    view = WidgetView.find(page.page, EDITOR)
    all_painted, all_drawn, run_medians = [], [], []
    try:
        for _ in range(runs):
            drawn, painted = type_and_time(page.page, view, per_run)
            all_drawn += drawn
            all_painted += painted
            run_medians.append(statistics.median(painted))
    finally:
        page.close()
    p95 = percentile(all_painted, 0.95)
    return {"unit": "ms", "values": run_medians,
            "details": {"values_are": "per-run medians of keydown -> next frame after the redraw",
                        "typing": f"{per_run} letters per run, each as soon as the last was painted",
                        "all_keystrokes_painted_ms": {**summarise(all_painted), "p95": p95},
                        "all_keystrokes_dom_ms": {**summarise(all_drawn),
                                                  "p95": percentile(all_drawn, 0.95)}}}
