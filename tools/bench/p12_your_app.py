"""P12: notebook 12's FastAPI and Flask apps, a protected endpoint against an unprotected one.

HS256 and RS256, keys loaded once at start-up against loaded on every request, and RS256 from a
key set through one PyJWKClient against a new one per request. The measurement lives in
tools/bench_apps.py (it also runs on its own: python -m tools.bench_apps).
"""

from __future__ import annotations

import statistics
from typing import Any

from tools.bench_apps import GOAL, GOAL_TEXT, NAME, TITLE
from tools.bench_apps import measure as measure_apps

__all__ = ["GOAL", "GOAL_TEXT", "NAME", "TITLE", "measure", "met"]


def measure(runs: int) -> dict[str, Any]:
    """The smallest CPU ratio of the keys-once endpoints as values; the whole matrix as details."""
    result = measure_apps(runs)
    details = {framework: {key: figures[key] for key in ("rps", "cpu_us", "rps_ratio", "cpu_ratio")}
               for framework, figures in result["frameworks"].items()}
    return {"unit": "ratio", "values": result["values"],
            "details": {**details, "load_average": result["load_average"]}}


def met(result: dict[str, Any]) -> bool:
    """A ratio: the goal is a floor, not a ceiling."""
    return statistics.median(result["values"]) >= GOAL
