"""P7: requests per second to the bearer API's /me (JWT verified) over an endpoint without
authentication, on the same server in the same run (higher is better), and the refresh round trip.

The measurement lives in tools/bench_api.py (it also runs on its own: python -m tools.bench_api).
"""

from __future__ import annotations

import statistics
from typing import Any

from tools.bench_api import GOAL, GOAL_TEXT, NAME, TITLE
from tools.bench_api import measure as measure_api

__all__ = ["GOAL", "GOAL_TEXT", "NAME", "TITLE", "measure", "met"]


def measure(runs: int) -> dict[str, Any]:
    """The ratios as values; throughput and refresh round trip as details."""
    result = measure_api(runs)
    details = {key: result[key] for key in ("me_rps", "health_rps", "refresh_round_trip_ms",
                                             "verify_in_process_us", "server_cpu_us_per_request",
                                             "cpu_ratio", "load_average")}
    return {"unit": "ratio", "values": result["values"], "details": details}


def met(result: dict[str, Any]) -> bool:
    """A ratio: the goal is a floor, not a ceiling."""
    return statistics.median(result["values"]) >= GOAL
