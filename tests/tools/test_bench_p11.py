"""tools/bench/p11_class_pace.py (P11): registered, its class plan, what counts as a failure, the
goals, and the search for the largest class (no hub: one_class is replaced where a class runs)."""

from __future__ import annotations

import nbformat
import pytest

from tools.bench import FIGURES
from tools.bench import p11_class_pace as p11
from tools.course import course_notebook_names
from tools.hub_driver import ALL_NOTEBOOKS, CellRun, NotebookRun
from tools.pace import reading_pauses


def test_p11_is_registered_with_the_issues_goals():
    assert "tools.bench.p11_class_pace" in FIGURES
    assert (p11.NAME, p11.CELL_P95_MS, p11.SPAWN_P95_S) == ("P11", 250.0, 20.0)
    assert p11.GOAL_TEXT == "cell p95 <= 250 ms, spawn p95 <= 20 s, 0 failures"


def test_learners_arrive_over_the_window_the_same_way_each_run():
    plan = p11.Plan(learners=80, arrivals_s=300)
    times = plan.arrivals()
    assert len(times) == 80 and times == sorted(times) and 0 <= times[0] and times[-1] <= 300
    assert times == p11.Plan(learners=80, arrivals_s=300).arrivals()
    assert times[-1] - times[0] > 250  # spread over the five minutes, not all at once


def test_the_pace_factor_scales_the_readers_pauses_and_the_idle_kernel_timeout():
    plan = p11.Plan(pace=0.1)
    notebook = nbformat.read(p11.ROOT / "notebooks" / "04-expiry.ipynb", as_version=4)
    assert plan.pauses("04-expiry.ipynb") == pytest.approx([s * 0.1 for s in reading_pauses(notebook)])
    assert p11.Plan().reading_minutes() == pytest.approx(10 * plan.reading_minutes())
    assert p11.Plan().notebooks == ALL_NOTEBOOKS == course_notebook_names() and len(ALL_NOTEBOOKS) >= 12
    assert (p11.Plan().kernel_idle_s(), plan.kernel_idle_s()) == (1800, 180)
    assert p11.Plan(hub_settings={"JWT_HUB_KERNEL_IDLE": "0"}).kernel_idle_s() == 0


def cell(index: int, texts: str = "", error: str | None = None, tags=(), stored: str = "") -> CellRun:
    return CellRun(index, "", list(tags), [texts], error, 0.1, stored)


def committed(*outputs: list[dict]) -> dict:
    return {"cells": [{"cell_type": "code", "outputs": list(o)} for o in outputs]}


def test_what_counts_as_a_failure():
    error = [{"output_type": "error", "ename": "ExpiredSignatureError"}]
    run = NotebookRun("04-expiry.ipynb", [
        cell(0, error="ValueError: boom"),                                 # unexpected error
        cell(1, tags=["raises-exception"]),                                # should have raised
        cell(2, texts="", stored="✏️ Your turn: replace the ..."),        # checker silent
        cell(3, texts="✏️ Your turn: ...", stored="✏️ Your turn: ..."),    # fine
    ], widget_texts=["12.0 s left"])                                       # countdown never ended
    found = p11.notebook_failures(run, committed([], error, [], [], []))
    assert found == ["04-expiry.ipynb cell 0: ValueError: boom", "04-expiry.ipynb cell 1: did not raise",
                     "04-expiry.ipynb cell 2: the checker did not answer",
                     "04-expiry.ipynb: ran 4 of 5 cells",
                     "04-expiry.ipynb: the widgets never showed ExpiredSignatureError"]


def test_a_notebook_that_went_as_committed_has_no_failure():
    run = NotebookRun("02-encode.ipynb", [cell(0, texts="eyJ"), cell(1, error="InvalidSignatureError: x",
                                                                     tags=["raises-exception"])], [])
    error = [{"output_type": "error", "ename": "InvalidSignatureError"}]
    assert p11.notebook_failures(run, committed([], error)) == []


@pytest.mark.parametrize(("cells", "spawn", "failures", "met"), [
    (250, 20, [], True), (251, 5, [], False), (10, 20.1, [], False), (10, 5, ["x"], False)])
def test_a_class_meets_the_goals_only_with_all_three(cells, spawn, failures, met):
    result = {"cell_ms": {"p95": cells}, "spawn_s": {"p95": spawn}, "failures": failures}
    assert p11.class_met(result) is met


def test_the_search_finds_the_largest_class_that_met(monkeypatch, tmp_path):
    tried = []

    def fake_class(plan, folder):
        tried.append(plan.learners)
        ok = plan.learners <= 47
        return {"met": ok, "learners": plan.learners, "failures": [], "spawn_s": None, "cell_ms": None,
                "memory_peak": None, "plan": {"pace": plan.pace}, "took_s": 60,
                "machine": {"cpu_busy_median": 0.5, "load1_max": 1.0}}

    monkeypatch.setattr(p11, "one_class", fake_class)
    summary = p11.search([10, 20, 40, 80], p11.Plan(pace=0.1), tmp_path / "search.json", resolution=5)
    assert summary == {"largest_met": 45, "first_missed": 50, "tried": sorted(tried)}
    assert tried[:4] == [10, 20, 40, 80] and (tmp_path / "search.json").is_file()


def test_cpu_seconds_reads_a_processs_user_and_system_time():
    import os
    import time

    before = p11.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    assert p11.cpu_seconds(os.getpid()) - before >= 0.2


def test_a_learner_stops_when_the_machine_runs_low_on_memory():
    import threading

    stop = threading.Event()
    stop.set()
    record = p11.LearnerRecord("l1", arrival_s=60)
    p11.follow_the_course(hub=None, course_url="", plan=p11.Plan(), record=record, started=0.0,
                          stop=stop)  # stopped before arriving: no hub is ever touched
    assert record.failures == ["never arrived: the machine's available memory fell below 2048 MB"]
    assert p11.class_met({"failures": record.failures, "cell_ms": {"p95": 1}, "spawn_s": {"p95": 1}}) is False
