"""Measure what a learner feels: six figures, each a median over several runs with its spread.

    python tools/bench.py [P1 P2 P3 P4 P5 P6] [--runs N] [--out bench-results/bench.json]

P1 countdown accuracy   the instant the widget shows zero vs PyJWT's first refusal (ms)
P2 kernel response      trivial cell round trip while a countdown runs / on an idle kernel
P3 keystroke latency    keystroke in the payload editor -> token redrawn, inside the page (ms)
P4 nbval overhead       full nbval run of the course / its floor (trivial notebooks + waits)
P5 time to interactive  server start -> 00-start-here's widget drawn / same for an empty notebook
P6 install footprint    venv from requirements.txt / venv with only the four libraries

Results are printed and merged into the JSON file (only the figures measured are replaced).
Timings are goals to report, never test assertions.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jwt  # noqa: E402

from tests.browser import lab as labkit  # noqa: E402
from tests.browser import widget_notebooks as wn  # noqa: E402
from tests.browser.views import COUNTDOWN, EDITOR, WidgetView  # noqa: E402

NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with",
               str(ROOT / "tests" / "notebooks" / "sanitize.cfg")]
WAITING_CALLS = {"wait_until_rejected", "sleep"}  # the course's deliberate waits
FOUR_LIBRARIES = ["jupyterlab", "ipywidgets", "pyjwt", "cryptography"]


# ----------------------------------------------------------------------------- results


@dataclass
class Figure:
    """One benchmark figure: its values per run, summarised against a goal."""

    key: str
    title: str
    unit: str
    values: list[float]
    goal: str
    met: bool
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, float]:
        return summarise(self.values)

    def line(self) -> str:
        s = self.summary
        verdict = "MET " if self.met else "MISSED"
        return (f"{self.key} {self.title:<24} median {s['median']:>9.3f} {self.unit:<6} "
                f"(min {s['min']:.3f}, max {s['max']:.3f}, IQR {s['q1']:.3f}-{s['q3']:.3f}, "
                f"n={s['n']})  goal {self.goal:<22} {verdict}")

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary,
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def summarise(values: list[float]) -> dict[str, float]:
    """Median, min, max and quartiles of a list of numbers."""
    ordered = sorted(values)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 \
        else (ordered[0], ordered[0], ordered[0])
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1],
            "q1": q1, "q3": q3, "n": len(ordered)}


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


# ----------------------------------------------------------------------------- shared browser


class Session:
    """Lazily started JupyterLab + Chromium shared by the browser figures, all in one temp dir."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.served = workdir / "served"
        self._stack: list[Callable[[], None]] = []
        self._lab: labkit.LabServer | None = None
        self._browser: Any = None

    def served_dir(self) -> Path:
        if not self.served.exists():
            self.served.mkdir(parents=True)
            labkit.copy_course(self.served)
            wn.write_widget_notebooks(self.served)
        return self.served

    @property
    def browser(self) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            executable = labkit.find_chromium()
            if executable is None:
                raise SystemExit("No Chromium: install it with `apt-get install -y chromium`.")
            playwright = sync_playwright().start()
            self._stack.append(playwright.stop)
            self._browser = labkit.launch_chromium(playwright, executable)
            self._stack.append(self._browser.close)
        return self._browser

    @property
    def lab(self) -> labkit.LabServer:
        if self._lab is None:
            self._lab = labkit.LabServer(self.served_dir(), self.workdir / "lab-state").start()
            self._stack.append(self._lab.stop)
        return self._lab

    def open(self, name: str, lab: labkit.LabServer | None = None) -> labkit.LabPage:
        return labkit.LabPage.new(self.browser, lab or self.lab).open(name)

    def close(self) -> None:
        while self._stack:
            self._stack.pop()()


# ----------------------------------------------------------------------------- P1


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
    while True:
        try:
            jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.ExpiredSignatureError:
            return time.time() * 1000
        time.sleep(0.0002)


def stored_exp_shown(view: WidgetView, previous: int | None) -> int:
    """The exp the countdown says it counts to, once it differs from the previous one."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = EXP_TEXT.search(view.root.inner_text())
        if match and int(match.group(1)) != previous:
            return int(match.group(1))
        time.sleep(0.01)
    raise RuntimeError("the countdown never showed a new exp")


def zero_marks(page: labkit.LabPage, view: WidgetView, previous: int) -> tuple[int, dict[str, float], float]:
    """Start a new token; return its exp, the page's zero marks and PyJWT's first refusal (ms)."""
    view.root.evaluate(ZERO_WATCH_JS)  # armed before the new countdown starts
    view.button("New token").click()
    exp = stored_exp_shown(view, previous)
    refusal_ms = first_refusal_ms(exp, wn.SECRET)
    page.page.wait_for_function("() => window.__zero.expired !== null", timeout=30_000)
    return exp, page.page.evaluate("() => window.__zero"), refusal_ms


def p1_countdown_accuracy(session: Session, runs: int) -> Figure:
    page = session.open(wn.COUNTDOWN).run_all()
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
    median = statistics.median(zero)
    return Figure("P1", "countdown accuracy", "ms", zero, "|delta| <= 50 ms", abs(median) <= 50,
                  {"meaning": "first '0.0 s left' in the page minus PyJWT's first "
                              "ExpiredSignatureError (epoch ms on the same clock)",
                   "expired_text_minus_refusal_ms": summarise(expired),
                   "pyjwt_refusal_after_exp_ms": summarise(exp_offsets)})


# ----------------------------------------------------------------------------- P2


def round_trips(client: Any, count: int) -> list[float]:
    """Seconds per trivial cell, from execute request to reply and idle."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        client.execute_interactive("1 + 1", timeout=30, output_hook=lambda message: None)
        times.append(time.perf_counter() - start)
    return times


@contextmanager
def kernel_client(cwd: Path) -> Iterator[Any]:
    """A python3 kernel of this environment and a blocking client; shut down on exit."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def p2_kernel_responsiveness(session: Session, runs: int, per_run: int = 40) -> Figure:
    ratios, idle_ms, busy_ms = [], [], []
    start_countdown = (f"from helpers.widgets import ExpiryCountdown\n"
                       f"countdown = ExpiryCountdown({wn.SECRET!r}, lifetime=3600)")
    with kernel_client(session.workdir) as client:
        client.execute_interactive(start_countdown + "\ncountdown.stop()", timeout=60)
        round_trips(client, 10)  # warm-up
        for _ in range(runs):
            idle = statistics.median(round_trips(client, per_run))
            client.execute_interactive("countdown.start()", timeout=30)
            busy = statistics.median(round_trips(client, per_run))
            client.execute_interactive("countdown.stop()", timeout=30)
            ratios.append(busy / idle)
            idle_ms.append(idle * 1000)
            busy_ms.append(busy * 1000)
    median = statistics.median(ratios)
    return Figure("P2", "kernel responsiveness", "ratio", ratios, "<= 1.2", median <= 1.2,
                  {"idle_round_trip_ms": summarise(idle_ms),
                   "counting_round_trip_ms": summarise(busy_ms),
                   "cells_per_run": per_run})


# ----------------------------------------------------------------------------- P3


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


def p3_keystroke_latency(session: Session, runs: int, per_run: int = 30) -> Figure:
    page = session.open(wn.EDITOR).run_all()
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
    median, p95 = statistics.median(all_painted), percentile(all_painted, 0.95)
    return Figure("P3", "keystroke -> token", "ms", run_medians,
                  "median <= 50, p95 <= 100", median <= 50 and p95 <= 100,
                  {"values_are": "per-run medians of keydown -> next frame after the redraw",
                   "typing": f"{per_run} letters per run, each as soon as the last was painted",
                   "all_keystrokes_painted_ms": {**summarise(all_painted), "p95": p95},
                   "all_keystrokes_dom_ms": {**summarise(all_drawn),
                                             "p95": percentile(all_drawn, 0.95)}})


# ----------------------------------------------------------------------------- P4


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


def p4_nbval_overhead(session: Session, runs: int) -> Figure:
    course = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    trivial = floor_notebooks(session.workdir / "floor", len(course))
    ratios, full_s, floor_s, waits_s = [], [], [], []
    for _ in range(runs):
        full, durations = run_nbval(course, session.workdir)
        base, _ = run_nbval(trivial, session.workdir)
        waits = deliberate_waits(course, durations)
        ratios.append(full / (base + waits))
        full_s.append(full)
        floor_s.append(base)
        waits_s.append(waits)
    median = statistics.median(ratios)
    return Figure("P4", "nbval run / floor", "ratio", ratios, "<= 1.3, waits <= 10 s",
                  median <= 1.3 and statistics.median(waits_s) <= 10,
                  {"full_run_s": summarise(full_s), "trivial_run_s": summarise(floor_s),
                   "deliberate_waits_s": summarise(waits_s),
                   "waiting_cells": {p.name: waiting_cells(p) for p in course if waiting_cells(p)}})


# ----------------------------------------------------------------------------- P5


def time_to_interactive(session: Session, name: str, run: int) -> dict[str, float]:
    """Seconds from launching a fresh server to the notebook run and its widgets drawn, by phase."""
    lab = labkit.LabServer(session.served_dir(), session.workdir / f"p5-{run}-{name}")
    try:
        lab.start()
        up = time.time()
        page = session.open(name, lab)
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


def p5_time_to_interactive(session: Session, runs: int) -> Figure:
    first = labkit.course_notebook_names()[0]
    time_to_interactive(session, first, -1)  # warm-up: disk caches, bytecode
    course, empty = [], []
    for run in range(runs):
        course.append(time_to_interactive(session, first, run))
        empty.append(time_to_interactive(session, wn.EMPTY, run))
    ratios = [c["total"] / e["total"] for c, e in zip(course, empty)]
    median = statistics.median(ratios)
    return Figure("P5", "time to interactive", "ratio", ratios, "<= 1.2", median <= 1.2,
                  {"notebook": first,
                   "course_s": summarise([c["total"] for c in course]),
                   "empty_s": summarise([e["total"] for e in empty]),
                   "course_phases_median_s": phases_summary(course),
                   "empty_phases_median_s": phases_summary(empty)})


# ----------------------------------------------------------------------------- P6


def venv_size(folder: Path, requirements: list[str]) -> int:
    """Bytes on disk (du -sb) of a fresh venv after `pip install` of the given arguments."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    subprocess.run([*pip, *requirements], check=True, cwd=ROOT)
    output = subprocess.run(["du", "-sb", str(folder)], check=True, capture_output=True, text=True)
    return int(output.stdout.split()[0])


def p6_install_footprint(session: Session, runs: int) -> Figure:
    course = venv_size(session.workdir / "venv-course", ["-r", "requirements.txt"])
    bare = venv_size(session.workdir / "venv-bare", FOUR_LIBRARIES)
    ratio = course / bare
    return Figure("P6", "install footprint", "ratio", [ratio], "<= 1.05", ratio <= 1.05,
                  {"course_bytes": course, "four_libraries_bytes": bare,
                   "runs": "1 (sizes are deterministic for a given pip cache and index)"})


# ----------------------------------------------------------------------------- main


BENCHMARKS: dict[str, Callable[[Session, int], Figure]] = {
    "P1": p1_countdown_accuracy, "P2": p2_kernel_responsiveness, "P3": p3_keystroke_latency,
    "P4": p4_nbval_overhead, "P5": p5_time_to_interactive, "P6": p6_install_footprint,
}


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "chromium": labkit.find_chromium()}


def save(figures: list[Figure], path: Path) -> None:
    """Merge the figures into the JSON file (figures not measured now are kept)."""
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("figures", {}).update({f.key: f.as_json() for f in figures})
    data["machine"] = machine()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def parse(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("figures", nargs="*", metavar="P", help="figures to measure (default all)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    options = parser.parse_args(arguments)
    options.figures = [f.upper() for f in options.figures] or list(BENCHMARKS)
    unknown = set(options.figures) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown figure(s) {sorted(unknown)}; choose from {list(BENCHMARKS)}")
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return options


def main(arguments: list[str]) -> int:
    options = parse(arguments)
    warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
    figures = []
    with tempfile.TemporaryDirectory(prefix="jwt-bench-") as folder:
        session = Session(Path(folder))
        try:
            for key in options.figures:
                print(f"measuring {key}...", flush=True)
                figure = BENCHMARKS[key](session, options.runs)
                print(figure.line(), flush=True)
                figures.append(figure)
        finally:
            session.close()
    save(figures, options.out)
    print(f"\n{'=' * 30} summary (written to {options.out})")
    for figure in figures:
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
