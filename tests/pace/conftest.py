"""Start the selected reading-pace runs when collection ends; run their tests last.

The runs take about 15 minutes and mostly sleep. Started at the start of the session they run
beside every other test, and by the time pytest reaches the pace tests (moved to the end) most
of the wait is over. Extra load on the machine can only make a reader's pauses longer, which
makes the check stricter, not looser. Only runs whose tests this session selected start (after
-m, -k and the like), none with --collect-only, and any still running at the end are stopped.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.pace.runs import PaceRun

RUNS = pytest.StashKey[dict[tuple[str, str], PaceRun]]()
# test name -> the (notebook, mode) run each of its parametrised items needs, and the pause
READING_PACE_TEST = "test_time_dependent_notebooks_at_reading_pace"
FULL_PACE_TEST = "test_every_notebook_at_pace"


def run_key(item: pytest.Item) -> tuple[str, str] | None:
    """The (notebook, mode) run a selected pace test reads, or None for any other test."""
    name = getattr(item, "originalname", None)
    params: dict[str, Any] = getattr(getattr(item, "callspec", None), "params", {})
    if name == READING_PACE_TEST:
        return params["name"], "reading"
    if name == FULL_PACE_TEST and os.environ.get("PACE") == "full":
        return params["name"], params["mode"]
    return None


def full_pace_pause() -> float:
    return max(60.0, float(os.environ.get("PACE_PAUSE", "60")))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that wait for a pace run go last: the rest of the suite runs while they run."""
    items.sort(key=lambda item: run_key(item) is not None)  # stable: the order is kept otherwise


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    keys = dict.fromkeys(key for item in session.items if (key := run_key(item)) is not None)
    session.config.stash[RUNS] = {
        (name, mode): PaceRun(name, mode, full_pace_pause() if mode == "fixed" else 60.0)
        for name, mode in keys}


def pytest_sessionfinish(session: pytest.Session) -> None:
    for run in session.config.stash.get(RUNS, {}).values():
        run.stop()


@pytest.fixture
def pace_run(request: pytest.FixtureRequest) -> PaceRun:
    """The run this pace test reads, started when collection ended."""
    key = run_key(request.node)
    runs = request.config.stash.get(RUNS, {})
    if key is None or key not in runs:
        pytest.skip("the full pace run takes about 40 minutes: run it with `make pace` (PACE=full)")
    return runs[key]
