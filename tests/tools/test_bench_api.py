"""tools/bench_api.py (P7) runs and reports its figures in the shape the bench wants (no timing asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "bench_api.py"


def test_p7_measures_one_run_and_reports_medians_and_spread():
    spec = importlib.util.spec_from_file_location("bench_api", TOOL)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert (bench.NAME, bench.GOAL) == ("P7", 0.8) and bench.TITLE and bench.GOAL_TEXT
    result = bench.measure(1)
    for figure in ("ratio", "me_rps", "health_rps", "refresh_round_trip_ms", "verify_in_process_us"):
        assert set(result[figure]) == {"median", "min", "max"} and result[figure]["median"] > 0
    assert result["met"] == (result["ratio"]["median"] >= 0.8)
