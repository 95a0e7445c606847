"""P5 time to interactive: server start -> 00-start-here's widget drawn / same for an empty notebook."""

from __future__ import annotations

import statistics
import time

from tools.bench.common import Session, session, summarise
from tools.jupyter_driver import lab as labkit
from tools.jupyter_driver import widget_notebooks as wn

NAME = "P5"
TITLE = "time to interactive"
GOAL = 1.2  # ratio: median course / empty at most this
GOAL_TEXT = f"<= {GOAL}"


def time_to_interactive(shared: Session, name: str, run: int) -> dict[str, float]:
    """Seconds from launching a fresh server to the notebook run and its widgets drawn, by phase."""
    lab = labkit.LabServer(shared.served_dir(), shared.workdir / f"p5-{run}-{name}")
    try:
        lab.start()
        up = time.time()
        page = shared.open(name, lab)
        idle = time.time()
        page.run_all()
        if name != wn.EMPTY:
            page.widgets().first.wait_for(state="visible")
        done = time.time()
        page.close()
        return {"total": done - lab.started_at, "server_up": up - lab.started_at,
                "page_to_kernel_idle": idle - up, "run_all_to_drawn": done - idle}
    finally:
        lab.stop()


def phases_summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median seconds of each phase over the runs."""
    return {phase: statistics.median(run[phase] for run in runs) for phase in runs[0]}


def measure(runs: int) -> dict:
    shared = session()
    first = labkit.course_notebook_names()[0]
    time_to_interactive(shared, first, -1)  # warm-up: disk caches, bytecode
    course, empty = [], []
    for run in range(runs):
        course.append(time_to_interactive(shared, first, run))
        empty.append(time_to_interactive(shared, wn.EMPTY, run))
    ratios = [c["total"] / e["total"] for c, e in zip(course, empty)]
    return {"unit": "ratio", "values": ratios,
            "details": {"notebook": first,
                        "course_s": summarise([c["total"] for c in course]),
                        "empty_s": summarise([e["total"] for e in empty]),
                        "course_phases_median_s": phases_summary(course),
                        "empty_phases_median_s": phases_summary(empty)}}
