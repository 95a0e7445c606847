"""P2 kernel responsiveness: a trivial cell's round trip while a countdown runs / on an idle kernel."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools.bench.common import session, summarise
from tools.jupyter_driver import widget_notebooks as wn

NAME = "P2"
TITLE = "kernel responsiveness"
GOAL = 1.2  # ratio: median busy / idle round trip at most this
GOAL_TEXT = f"<= {GOAL}"


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


def measure(runs: int, per_run: int = 40) -> dict:
    ratios, idle_ms, busy_ms = [], [], []
    start_countdown = (f"from helpers.widgets import ExpiryCountdown\n"
                       f"countdown = ExpiryCountdown({wn.SECRET!r}, lifetime=3600)")
    with kernel_client(session().workdir) as client:
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
    return {"unit": "ratio", "values": ratios,
            "details": {"idle_round_trip_ms": summarise(idle_ms),
                        "counting_round_trip_ms": summarise(busy_ms),
                        "cells_per_run": per_run}}
