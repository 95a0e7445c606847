"""P4 nbval overhead: full nbval run of the course / its floor (trivial notebooks + waits)."""

from __future__ import annotations

import ast
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

from tools.bench.common import ROOT, session, summarise
from tools.course import course_notebooks
from tools.jupyter_driver import lab as labkit

NAME = "P4"
TITLE = "nbval run / floor"
GOAL = 1.3  # ratio: median full run / floor at most this
WAITS_LIMIT_S = 10  # and the course's deliberate waits at most this many seconds
GOAL_TEXT = f"<= {GOAL}, waits <= {WAITS_LIMIT_S} s"
NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with",
               str(ROOT / "tests" / "notebooks" / "sanitize.cfg")]
WAITING_CALLS = {"wait_until_rejected", "sleep"}  # the course's deliberate waits


def met(result: dict) -> bool:
    waits = result["details"]["deliberate_waits_s"]["median"]
    return statistics.median(result["values"]) <= GOAL and waits <= WAITS_LIMIT_S


def waiting_cells(notebook: Path) -> list[int]:
    """Indexes (among code cells, as nbval numbers them) of cells that wait on purpose."""
    cells = [cell for cell in json.loads(notebook.read_text())["cells"]
             if cell["cell_type"] == "code"]
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in WAITING_CALLS:
                    found.append(index)
                    break
    return found


def run_nbval(notebooks: list[Path], cwd: Path) -> tuple[float, dict[str, float]]:
    """Wall seconds of one pytest --nbval run and each cell's duration by 'file::Cell N'."""
    report = cwd / f"junit-{time.monotonic_ns()}.xml"
    command = [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider", "-q",
               *NBVAL_FLAGS, f"--junitxml={report}", *map(str, notebooks)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"nbval failed:\n{result.stdout[-3000:]}")
    durations = {}
    for case in ElementTree.parse(report).iter("testcase"):
        notebook = case.get("classname", "").rsplit(".", 1)[0].rsplit(".", 1)[-1]
        durations[f"{notebook}::{case.get('name')}"] = float(case.get("time", 0))
    return elapsed, durations


def floor_notebooks(folder: Path, count: int) -> list[Path]:
    """count notebooks of one trivial cell each, with its stored output (so nbval compares)."""
    paths = []
    for number in range(count):
        path = labkit.write_notebook(folder / f"trivial-{number}.ipynb", ["1 + 1"])
        notebook = json.loads(path.read_text())
        notebook["cells"][0]["execution_count"] = 1
        notebook["cells"][0]["outputs"] = [{"output_type": "execute_result", "execution_count": 1,
                                            "data": {"text/plain": "2"}, "metadata": {}}]
        path.write_text(json.dumps(notebook))
        paths.append(path)
    return paths


def deliberate_waits(notebooks: list[Path], durations: dict[str, float]) -> float:
    """Seconds the run spent in the cells that wait on purpose (measured, per cell)."""
    total = 0.0
    for notebook in notebooks:
        for index in waiting_cells(notebook):
            total += durations.get(f"{notebook.stem}::Cell {index}", 0.0)
    return total


def measure(runs: int) -> dict:
    workdir = session().workdir
    course = course_notebooks()
    trivial = floor_notebooks(workdir / "floor", len(course))
    ratios, full_s, floor_s, waits_s = [], [], [], []
    for _ in range(runs):
        full, durations = run_nbval(course, workdir)
        base, _ = run_nbval(trivial, workdir)
        waits = deliberate_waits(course, durations)
        ratios.append(full / (base + waits))
        full_s.append(full)
        floor_s.append(base)
        waits_s.append(waits)
    return {"unit": "ratio", "values": ratios,
            "details": {"full_run_s": summarise(full_s), "trivial_run_s": summarise(floor_s),
                        "deliberate_waits_s": summarise(waits_s),
                        "waiting_cells": {p.name: waiting_cells(p) for p in course
                                          if waiting_cells(p)}}}
