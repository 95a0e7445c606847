"""P11 a class reads: N learners arrive over 5 minutes and work through the whole course, cell by
cell at a reader's pace, on the course's own hub (classroom/jupyterhub_config.py as a class gets
it: personal accounts, and as root one Unix account per learner).

Each learner, at its arrival time (seeded, spread evenly at random over P11_ARRIVALS seconds):
logs in (claiming its name with a password), asks for its server, pulls the course with
nbgitpuller from a git server, then runs every notebook in order in a new kernel, pausing before
each code cell as tools/pace.py's reader does (200 words a minute over the text above the cell
and its code), times the pace factor. Like a JupyterLab user it leaves each notebook's kernel
running when it moves on; the hub's server setting stops kernels idle for JWT_HUB_KERNEL_IDLE
(1800 s, scaled by the same factor). In the middle of every pause it runs a trivial cell (`1 + 1`)
in its current kernel and times it: the latency a learner feels, across the whole class.

Reported: spawn time p50/p95 (asking for the server -> ready); the trivial cell p50/p95 over all
learners; memory per learner (server + its kernels, resident and unique) after its whole course,
and its peak while it worked; failures (log in, spawn, pull, an unexpected error, a cell that
should raise and did not, a checker that did not answer, the countdown not ending); the
machine's load and memory meanwhile. Goals: cell p95 <= 250 ms, spawn p95 <= 20 s, 0 failures.

A full-pace class takes over two hours (the reading alone is 122 minutes). P11_PACE scales every
pause (0.1: about 12 minutes of reading): a faster class is a harsher load than a real one, so
a size that passes at pace 0.1 passes at a reader's pace too, as far as CPU is concerned.

    make bench BENCH="P11 --runs 1"                                  # P11_LEARNERS=5, pace 1
    P11_LEARNERS=3 P11_PACE=0.05 make bench BENCH="P11 --runs 1"     # a quick look
    .venv/bin/python -m tools.bench.p11_class_pace --search 10 20 30 40 80 --pace 0.1
        # the largest class meeting the goals: sizes in order until one misses, then halving
        # (a class stops, and misses, if the machine's available memory falls below 2 GB)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from tools import hub_driver
from tools.bench.common import ROOT, percentile, session
from tools.hub_driver import ALL_NOTEBOOKS, COURSE_FOLDER, WIDGET_SHOWS, Hub, Learner, NotebookRun

sys.path.insert(0, str(ROOT / "tools"))
from pace import reading_pauses  # noqa: E402  (tools/pace.py: the reader's model)

NAME = "P11"
TITLE = "class at a reader's pace"
CELL_P95_MS = 250.0
SPAWN_P95_S = 20.0
GOAL = CELL_P95_MS
GOAL_TEXT = f"cell p95 <= {CELL_P95_MS:.0f} ms, spawn p95 <= {SPAWN_P95_S:.0f} s, 0 failures"
KERNEL_IDLE_S = 1800  # the hub's default (classroom/jwt_hub.py), scaled by the pace factor
# A class stops when the machine's available memory falls below this (other people's work shares
# the machine, and the kernel's OOM killer would not choose only this run's processes).
LOW_MEMORY_MB = 2048
MB = 1024 * 1024
CPU_SECONDS = ("import resource\nprint(sum(getattr(resource.getrusage(who), field) for who in "
               "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for field in ('ru_utime', 'ru_stime')))")


@dataclass
class Plan:
    """One class: how many learners, how fast they read, how they arrive, what they run."""

    learners: int = 5
    pace: float = 1.0
    arrivals_s: float = 300.0
    notebooks: list[str] = field(default_factory=lambda: list(ALL_NOTEBOOKS))
    seed: int = 11
    hub_settings: dict[str, str] = field(default_factory=dict)  # JWT_HUB_* overrides

    @classmethod
    def from_environment(cls) -> Plan:
        plan = cls(learners=int(os.environ.get("P11_LEARNERS", "5")),
                   pace=float(os.environ.get("P11_PACE", "1")),
                   arrivals_s=float(os.environ.get("P11_ARRIVALS", "300")))
        for item in os.environ.get("P11_HUB", "").split():  # e.g. P11_HUB="JWT_HUB_KERNEL_IDLE=0"
            name, _, value = item.partition("=")
            plan.hub_settings[name] = value
        if os.environ.get("P11_NOTEBOOKS"):
            plan.notebooks = [name for name in ALL_NOTEBOOKS
                              if name[:2] in os.environ["P11_NOTEBOOKS"].replace(",", " ").split()]
        return plan

    def arrivals(self) -> list[float]:
        """Seconds after the start at which each learner arrives (seeded, in order)."""
        chance = random.Random(self.seed)
        return sorted(chance.uniform(0, self.arrivals_s) for _ in range(self.learners))

    def pauses(self, notebook: str) -> list[float]:
        """Seconds before each code cell of a notebook, at this class's pace."""
        read = reading_pauses(nbformat.read(ROOT / "notebooks" / notebook, as_version=4))
        return [seconds * self.pace for seconds in read]

    def reading_minutes(self) -> float:
        return sum(sum(self.pauses(notebook)) for notebook in self.notebooks) / 60

    def kernel_idle_s(self) -> int:
        """The hub's idle-kernel timeout for this class: its default scaled by the pace (or the
        JWT_HUB_KERNEL_IDLE given in hub_settings; 0: kernels are never stopped)."""
        if "JWT_HUB_KERNEL_IDLE" in self.hub_settings:
            return int(self.hub_settings["JWT_HUB_KERNEL_IDLE"])
        return max(60, round(KERNEL_IDLE_S * self.pace))


@dataclass
class LearnerRecord:
    """What happened to one learner."""

    name: str
    arrival_s: float
    login_s: float | None = None
    spawn_s: float | None = None
    pull_s: float | None = None
    course_s: float | None = None
    cell_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notebooks_done: int = 0
    after_course: dict[str, int] = field(default_factory=dict)
    kernels_after_course: int = 0
    kernel_cpu_s: float = 0.0  # CPU seconds its kernels used, asked before leaving each notebook
    server_cpu_s: float = 0.0
    peak: dict[str, int] = field(default_factory=lambda: {"rss": 0, "uss": 0})


def notebook_failures(run: NotebookRun, committed: dict[str, Any]) -> list[str]:
    """What went wrong in one notebook of a learner's course (empty when it went as committed)."""
    problems = run.unexpected_errors()
    code = [cell for cell in committed["cells"] if cell["cell_type"] == "code"]
    for cell, done in zip(code, run.cells):
        raised_before = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
        if "raises-exception" in done.tags and raised_before and done.error is None:
            problems.append(f"{run.name} cell {done.index}: did not raise")
        if "Your turn" in done.stored and "Your turn" not in "".join(done.texts):
            problems.append(f"{run.name} cell {done.index}: the checker did not answer")
    if len(run.cells) != len(code):
        problems.append(f"{run.name}: ran {len(run.cells)} of {len(code)} cells")
    shown = WIDGET_SHOWS.get(run.name)
    if shown and not any(shown in text for text in run.widget_texts):
        problems.append(f"{run.name}: the widgets never showed {shown}")
    return problems


class ClassStopped(RuntimeError):
    """The machine ran low on memory: every learner stops where it is."""


def follow_the_course(hub: Hub, course_url: str, plan: Plan, record: LearnerRecord,
                      started: float, stop: threading.Event | None = None) -> None:
    """One learner's whole visit; everything that goes wrong lands in record.failures."""
    stop = stop or threading.Event()

    def check() -> None:
        if stop.is_set():
            raise ClassStopped(f"the machine's available memory fell below {LOW_MEMORY_MB} MB")

    if stop.wait(max(0.0, started + record.arrival_s - time.monotonic())):
        record.failures.append(f"never arrived: the machine's available memory fell below "
                               f"{LOW_MEMORY_MB} MB")
        return
    learner = Learner(hub, record.name)
    step = "log in"
    try:
        began = time.monotonic()
        learner.log_in()
        record.login_s = time.monotonic() - began
        step = "spawn"
        record.spawn_s = hub.start_server(learner.name)
        step = "pull"
        began = time.monotonic()
        learner.pull(course_url)
        record.pull_s = time.monotonic() - began
        began = time.monotonic()

        def pause(kernel: hub_driver.Kernel, seconds: float) -> None:
            check()
            kernel.listen(seconds / 2)
            record.cell_ms.append(kernel.round_trip_ms())
            kernel.listen(seconds / 2)

        def cpu_used(kernel: hub_driver.Kernel) -> None:
            texts, error = kernel.execute(CPU_SECONDS)
            if error is None:
                record.kernel_cpu_s += float("".join(texts).strip() or 0)

        for notebook in plan.notebooks:
            step = notebook
            check()
            run = learner.run_notebook(f"{COURSE_FOLDER}/notebooks/{notebook}", keep_kernel=True,
                                       pauses=plan.pauses(notebook), pause=pause,
                                       before_leaving=cpu_used)
            committed = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
            record.failures += notebook_failures(run, committed)
            record.notebooks_done += 1
        record.course_s = time.monotonic() - began
        time.sleep(2)
        pids = hub_driver.processes_of_run(hub.run_id, learner.name)
        record.after_course = hub_driver.memory_of(pids)
        record.kernels_after_course = sum(b"ipykernel" in command_line(pid) for pid in pids)
        server = hub.server_pid(learner.name)
        record.server_cpu_s = cpu_seconds(server) if server else 0.0
    except Exception as error:  # noqa: BLE001 - a failure of this learner, reported
        record.failures.append(f"{step}: {error!r}"[:300])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class Machine:
    """Samples, every few seconds: each learner's memory (for its peak), the machine's available
    memory, its load average and how busy its CPUs were."""

    def __init__(self, hub: Hub, records: dict[str, LearnerRecord], every: float = 10.0) -> None:
        self.hub, self.records, self.every = hub, records, every
        self.samples: list[dict[str, float]] = []
        self.done = threading.Event()
        self.low_memory = threading.Event()  # set when available memory < LOW_MEMORY_MB
        self.thread = threading.Thread(target=self.run, name="p11-sampler", daemon=True)

    @staticmethod
    def cpu_times() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    def run(self) -> None:
        busy_before, total_before = self.cpu_times()
        while not self.done.wait(self.every):
            busy, total = self.cpu_times()
            share = (busy - busy_before) / max(1, total - total_before)
            busy_before, total_before = busy, total
            by_learner = hub_driver.processes_by_learner(self.hub.run_id)
            used = 0
            for name, pids in by_learner.items():
                memory = hub_driver.memory_of(pids)
                used += memory["rss"]
                record = self.records.get(name)
                if record is not None:
                    record.peak = {key: max(record.peak[key], memory[key]) for key in record.peak}
            available = hub_driver.available_memory_bytes() / MB
            if available < LOW_MEMORY_MB:
                self.low_memory.set()
            self.samples.append({"t": time.monotonic(), "cpu_busy": share,
                                 "load1": float(Path("/proc/loadavg").read_text().split()[0]),
                                 "available_mb": available, "hub_run_rss_mb": used / MB})

    def __enter__(self) -> Machine:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.done.set()
        self.thread.join()


def quantiles(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "n": len(values),
            "max": max(values)}


def memory_summary(values: list[dict[str, int]]) -> dict[str, float] | None:
    values = [value for value in values if value.get("rss")]
    if not values:
        return None
    return {"rss_median_mb": statistics.median(v["rss"] for v in values) / MB,
            "rss_max_mb": max(v["rss"] for v in values) / MB,
            "uss_median_mb": statistics.median(v["uss"] for v in values) / MB,
            "uss_max_mb": max(v["uss"] for v in values) / MB}


def one_class(plan: Plan, folder: Path) -> dict[str, Any]:
    """Run one class; return its figures."""
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    available_before = hub_driver.available_memory_bytes()
    options = {"extra_environment": {**plan.hub_settings,
                                     "JWT_HUB_KERNEL_IDLE": str(plan.kernel_idle_s())}}
    with hub_driver.course_hub(folder, **options) as (hub, course_url):
        hub_rss = hub_driver.memory_of([hub.process.pid]).get("rss", 0) if hub.process else 0
        names = [f"l{hub.run_id[:5]}{number:03d}" for number in range(1, plan.learners + 1)]
        records = {name: LearnerRecord(name, arrival) for name, arrival in zip(names, plan.arrivals())}
        started = time.monotonic()
        with Machine(hub, records) as machine:
            hub_driver.run_in_threads(
                lambda record: follow_the_course(hub, course_url, plan, record, started,
                                                 machine.low_memory),
                list(records.values()))
        took = time.monotonic() - started
        hub_after = hub_driver.memory_of([hub.process.pid]).get("rss", 0) if hub.process else 0
    learners = list(records.values())
    failures = [f"{r.name}: {problem}" for r in learners for problem in r.failures]
    spawn = [r.spawn_s for r in learners if r.spawn_s is not None]
    cells = [ms for r in learners for ms in r.cell_ms]
    peak_available = min((s["available_mb"] for s in machine.samples), default=available_before / MB)
    peaks = memory_summary([r.peak for r in learners])
    result = {
        "plan": {**asdict(plan), "notebooks": plan.notebooks,
                 "reading_minutes": plan.reading_minutes(), "kernel_idle_s": plan.kernel_idle_s()},
        "learners": plan.learners, "failures": failures, "took_s": took,
        "stopped_low_memory": machine.low_memory.is_set(),
        "spawn_s": quantiles(spawn), "login_s": quantiles([r.login_s for r in learners if r.login_s]),
        "pull_s": quantiles([r.pull_s for r in learners if r.pull_s]),
        "course_s": quantiles([r.course_s for r in learners if r.course_s]),
        "cell_ms": quantiles(cells),
        "memory_after_course": memory_summary([r.after_course for r in learners]),
        "memory_peak": peaks,
        "kernels_after_course": quantiles([r.kernels_after_course for r in learners if r.after_course]),
        # CPU seconds a learner's course took (its kernels + its server): with the reading time,
        # how many learners two cores could carry on average (bursts need more room).
        "cpu_s_per_learner": quantiles([r.kernel_cpu_s + r.server_cpu_s for r in learners if r.course_s]),
        "machine": {
            "load_before": load_before,
            "load1_max": max((s["load1"] for s in machine.samples), default=None),
            "cpu_busy_median": (statistics.median(s["cpu_busy"] for s in machine.samples)
                                if machine.samples else None),
            "cpu_busy_p95": (percentile([s["cpu_busy"] for s in machine.samples], 0.95)
                             if machine.samples else None),
            "available_before_mb": available_before / MB,
            "available_min_mb": peak_available,
            "used_per_learner_mb": (available_before / MB - peak_available) / max(1, plan.learners),
            "hub_rss_mb": {"start": hub_rss / MB, "end": hub_after / MB},
        },
        "per_learner": [{"name": r.name, "arrival_s": round(r.arrival_s, 1), "spawn_s": r.spawn_s,
                         "notebooks_done": r.notebooks_done, "failures": len(r.failures),
                         "cell_ms_p95": percentile(r.cell_ms, 0.95) if r.cell_ms else None}
                        for r in learners],
    }
    if peaks:  # how many learners the memory would hold, with 10 % of it kept back
        result["machine"]["memory_bound_learners"] = int(
            0.9 * available_before / MB // max(peaks["rss_median_mb"], 1))
    result["met"] = class_met(result)
    return result


def class_met(result: dict[str, Any]) -> bool:
    cells, spawn = result.get("cell_ms"), result.get("spawn_s")
    return (not result["failures"] and cells is not None and spawn is not None
            and cells["p95"] <= CELL_P95_MS and spawn["p95"] <= SPAWN_P95_S)


def met(result: dict[str, Any]) -> bool:
    classes = result["details"]["classes"]
    return sum(class_met(c) for c in classes) * 2 > len(classes)  # most runs met every goal


def line(result: dict[str, Any]) -> str:
    """One class in one line."""
    spawn, cells, memory = result["spawn_s"] or {}, result["cell_ms"] or {}, result["memory_peak"] or {}
    machine = result["machine"]
    return (f"N={result['learners']:3d} pace {result['plan']['pace']:g}: spawn p50/p95 "
            f"{spawn.get('p50', float('nan')):.1f}/{spawn.get('p95', float('nan')):.1f} s, cell p50/p95 "
            f"{cells.get('p50', float('nan')):.0f}/{cells.get('p95', float('nan')):.0f} ms, peak per "
            f"learner {memory.get('rss_median_mb', float('nan')):.0f} MB RSS, failures "
            f"{len(result['failures'])}, CPU busy median {machine['cpu_busy_median'] or 0:.0%}, "
            f"load max {machine['load1_max']}, took {result['took_s'] / 60:.1f} min -> "
            f"{'MET' if result['met'] else 'MISSED'}")


def measure(runs: int) -> dict[str, Any]:
    plan = Plan.from_environment()
    print(f"P11: {plan.learners} learners over {plan.arrivals_s:.0f} s, pace {plan.pace:g} "
          f"({plan.reading_minutes():.0f} min of reading each), {len(plan.notebooks)} notebooks",
          flush=True)
    classes = []
    for run in range(runs):
        classes.append(one_class(plan, session().workdir / f"p11-{run}"))
        print(line(classes[-1]), flush=True)
    return {"unit": "ms", "values": [c["cell_ms"]["p95"] if c["cell_ms"] else float("inf")
                                     for c in classes],
            "details": {"classes": classes, "failures": sum(len(c["failures"]) for c in classes),
                        "meaning": "values: p95 of a trivial cell's round trip over every learner"}}


def search(sizes: list[int], plan: Plan, out: Path, resolution: int = 5) -> dict[str, Any]:
    """The largest class meeting the goals: the sizes in order until one misses, then halving
    the gap between the last that met and the first that missed, down to `resolution`."""
    tried: dict[int, dict[str, Any]] = {}

    def attempt(size: int) -> bool:
        plan.learners = size
        tried[size] = one_class(plan, session().workdir / f"p11-search-{size}")
        print(line(tried[size]), flush=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"plan": asdict(plan), "classes": tried}, indent=2, default=str))
        return tried[size]["met"]

    passed, failed = 0, None
    for size in sizes:
        if attempt(size):
            passed = size
        else:
            failed = size
            break
    while failed is not None and failed - passed > resolution:
        middle = (passed + failed) // 2
        if attempt(middle):
            passed = middle
        else:
            failed = middle
    summary = {"largest_met": passed, "first_missed": failed, "tried": sorted(tried)}
    out.write_text(json.dumps({"plan": asdict(plan), "summary": summary, "classes": tried},
                              indent=2, default=str))
    return summary


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.p11_class_pace",
                                     description="P11: the largest class one server carries.")
    parser.add_argument("--search", type=int, nargs="+", required=True, metavar="N",
                        help="class sizes to try in order, e.g. 10 20 40 80")
    parser.add_argument("--pace", type=float, default=1.0, help="pace factor (default 1)")
    parser.add_argument("--arrivals", type=float, default=300.0, help="seconds of arrivals")
    parser.add_argument("--resolution", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "p11-search.json")
    options = parser.parse_args(arguments)
    plan = Plan(pace=options.pace, arrivals_s=options.arrivals)
    try:
        summary = search(sorted(options.search), plan, options.out, options.resolution)
    finally:
        from tools.bench.common import close_session

        close_session()
    print(json.dumps(summary), f"(details in {options.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
