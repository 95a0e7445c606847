"""P8 a class on one hub: N learners (default 20; CLASS_SIZE=40) on a real JupyterHub, the
course's own config (personal accounts; as root, one Unix account per learner).

All learners' servers are requested at once through the REST API; each learner logs in, pulls
the course with nbgitpuller (from a git server) and runs notebooks 00-04 in its own kernel, all
at the same time: the worst case. P11 is a class that arrives and reads.
Measured: spawn time (p50, p95), memory per learner after the course (its server plus the
kernel of the last notebook, unique memory) as a ratio to a bare single-user server with an
idle kernel, a trivial cell's round trip in one learner's kernel while the class works vs on an
idle hub, the machine's memory used per learner, and failures (must be 0).
"""

from __future__ import annotations

import os
import statistics
import threading
import time

from tools import hub_driver
from tools.bench.common import percentile, session, summarise
from tools.hub_driver import CORE_NOTEBOOKS, COURSE_FOLDER, Hub, Learner, run_in_threads

NAME = "P8"
TITLE = "class on one hub"
GOAL = 1.15  # memory per learner after the course / a bare server with an idle kernel
GOAL_TEXT = f"memory <= {GOAL}x bare, 0 failures"
MB = 1024 * 1024


def met(result: dict) -> bool:
    return statistics.median(result["values"]) <= GOAL and result["details"]["failures"] == 0


def class_size() -> int:
    return int(os.environ.get("CLASS_SIZE", "20"))


def course_failures(runs: list[hub_driver.NotebookRun]) -> list[str]:
    """What went wrong in one learner's course run (empty when green)."""
    problems = [error for run in runs for error in run.unexpected_errors()]
    for run in runs:
        for cell in run.cells:
            if "Your turn" in cell.stored and "Your turn" not in "".join(cell.texts):
                problems.append(f"{run.name} cell {cell.index}: the checker did not answer")
    if not any("ExpiredSignatureError" in text for text in runs[-1].widget_texts):
        problems.append("the countdown never showed ExpiredSignatureError")
    return problems


def latencies_while(kernel: hub_driver.Kernel, busy: threading.Event, pause: float = 0.2) -> list[float]:
    """Trivial-cell round trips (ms), one every `pause` s, for as long as `busy` is set."""
    found = []
    while busy.is_set():
        found.append(kernel.round_trip_ms())
        time.sleep(pause)
    return found


def one_class(size: int, run: int) -> dict:
    with hub_driver.course_hub(session().workdir / f"hub-{run}") as (hub, origin):
        return class_on(hub, origin, size)


def class_on(hub: Hub, origin: str, size: int) -> dict:
    failures: list[str] = []
    # The baseline: one learner with a bare server and one idle kernel, on an idle hub.
    # Names unique to the run: the hub makes Unix accounts, and other runs may share the machine.
    probe_name = f"probe{hub.run_id[:6]}"
    hub.add_learners([probe_name])
    hub.start_server(probe_name)
    probe = Learner(hub, probe_name)
    probe.log_in()
    kernel = probe.open_kernel("idle.ipynb")
    kernel.execute("1 + 1")
    time.sleep(3)
    bare = hub_driver.memory_of(hub_driver.processes_of_run(hub.run_id, probe_name))
    idle_ms = [kernel.round_trip_ms() for _ in range(40)]

    names = [f"l{hub.run_id[:6]}{number:02d}" for number in range(1, size + 1)]
    available_before = hub_driver.available_memory_bytes()
    hub.add_learners(names)
    class_start = time.monotonic()
    spawned = run_in_threads(hub.start_server, names)
    spawn_s = [s for s in spawned if isinstance(s, float)]
    failures += [f"{n}: spawn {s}" for n, s in zip(names, spawned) if not isinstance(s, float)]
    ready = [n for n, s in zip(names, spawned) if isinstance(s, float)]
    class_list = [Learner(hub, name) for name in ready]

    def follow_the_course(learner: Learner) -> list[str]:
        learner.log_in()
        learner.pull(origin)
        runs = [learner.run_notebook(f"{COURSE_FOLDER}/notebooks/{name}",
                                     keep_kernel=name == CORE_NOTEBOOKS[-1])
                for name in CORE_NOTEBOOKS]
        return course_failures(runs)

    busy = threading.Event()
    busy.set()
    loaded_ms: list[float] = []
    prober = threading.Thread(target=lambda: loaded_ms.extend(latencies_while(kernel, busy)))
    prober.start()
    try:
        outcomes = run_in_threads(follow_the_course, class_list)
    finally:
        busy.clear()
        prober.join()
    course_s = time.monotonic() - class_start
    for learner, outcome in zip(class_list, outcomes):
        if isinstance(outcome, Exception):
            failures.append(f"{learner.name}: {outcome!r}")
        else:
            failures += [f"{learner.name}: {problem}" for problem in outcome]
    time.sleep(3)
    per_learner = [hub_driver.memory_of(hub_driver.processes_of_run(hub.run_id, learner.name))
                   for learner in class_list]
    used_per_learner = (available_before - hub_driver.available_memory_bytes()) / max(1, len(ready))
    whole_run = hub_driver.memory_of(hub_driver.processes_of_run(hub.run_id))
    uss = [m["uss"] for m in per_learner]
    rss = [m["rss"] for m in per_learner]
    return {
        "learners": size, "failures": failures,
        "spawn_s": {"p50": statistics.median(spawn_s) if spawn_s else None,
                    "p95": percentile(spawn_s, 0.95) if spawn_s else None, "all": spawn_s},
        "memory_ratio": statistics.median(uss) / bare["uss"],
        "learner_uss_mb": statistics.median(uss) / MB, "learner_rss_mb": statistics.median(rss) / MB,
        "bare_uss_mb": bare["uss"] / MB, "bare_rss_mb": bare["rss"] / MB,
        "machine_memory_used_per_learner_mb": used_per_learner / MB,
        "hub_proxy_and_all_servers_rss_mb": whole_run["rss"] / MB,
        "idle_cell_ms": {**summarise(idle_ms), "p95": percentile(idle_ms, 0.95)},
        "loaded_cell_ms": ({**summarise(loaded_ms), "p95": percentile(loaded_ms, 0.95)}
                           if loaded_ms else None),
        "latency_ratio": (statistics.median(loaded_ms) / statistics.median(idle_ms)
                          if loaded_ms else None),
        "class_start_to_course_done_s": course_s,
    }


def measure(runs: int) -> dict:
    size = class_size()
    classes = [one_class(size, run) for run in range(runs)]
    return {"unit": "ratio", "values": [c["memory_ratio"] for c in classes],
            "details": {"failures": sum(len(c["failures"]) for c in classes),
                        "classes": classes,
                        "meaning": "values: median unique memory (USS) of a learner's server + "
                                   "kernel after the course / a bare server with an idle kernel"}}
