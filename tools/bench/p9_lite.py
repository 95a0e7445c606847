"""P9 JupyterLite: opening the site -> the first token shown in 02-encode, as a ratio to opening
an empty notebook of the same site -> a trivial cell's answer shown (Chromium, site on 127.0.0.1,
every other host blocked; needs `make lite`)."""

from __future__ import annotations

import statistics
import time

from tools.bench.common import session, summarise
from tools.jupyter_driver import lab as labkit
from tools.lite_driver import FIRST_TOKEN_JS, OUTPUT_SHOWN_JS, SITE, LitePage, seconds_to, served

NAME = "P9"
TITLE = "lite: first token"
GOAL = 1.5  # ratio: first token / empty notebook's first answer, at most this
GOAL_TEXT = f"<= {GOAL}"
EMPTY_CELL = "'lite-' + 'ready'"


def empty_notebook_seconds(browser: object, url: str) -> float:
    """Open the site on a new notebook of its own, run one trivial cell, until its answer shows."""
    page = LitePage(browser, url)
    try:
        started = time.perf_counter()
        page.page.goto(f"{url}/lab/index.html")
        page.page.wait_for_function("() => window.jupyterapp "
                                    "&& window.jupyterapp.commands.hasCommand('notebook:create-new')")
        page.page.evaluate("() => window.jupyterapp.commands.execute('notebook:create-new', "
                           "{kernelName: 'python'})")
        page.page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        page.wait_idle()
        page.page.evaluate(labkit.RUN_NEW_CELL_JS, EMPTY_CELL)
        page.page.wait_for_function(OUTPUT_SHOWN_JS, arg="lite-ready", timeout=page.timeout_ms)
        return time.perf_counter() - started
    finally:
        page.close()


def measure(runs: int) -> dict:
    if not (SITE / "static" / "pyodide" / "pyodide.mjs").exists():
        raise SystemExit("No JupyterLite site: run `make lite` first.")
    browser = session().browser
    token_s, empty_s, refused = [], [], []
    with served() as url:
        for _ in range(runs):
            page = LitePage(browser, url)
            try:
                token_s.append(seconds_to(page, "02-encode.ipynb", FIRST_TOKEN_JS))
                refused += page.refused
            finally:
                page.close()
            empty_s.append(empty_notebook_seconds(browser, url))
    ratios = [t / e for t, e in zip(token_s, empty_s)]
    return {"unit": "ratio", "values": ratios,
            "details": {"first_token_s": summarise(token_s), "empty_notebook_s": summarise(empty_s),
                        "median_first_token_s": statistics.median(token_s),
                        "requests_to_other_hosts": refused,
                        "meaning": "navigation to 02-encode -> Pyodide ready -> cells run one by "
                                   "one until the first token is shown / navigation -> a new "
                                   "notebook's trivial cell answered"}}
