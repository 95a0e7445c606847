"""tools/bench_api.py (P7), the bearer API benchmark: it runs end to end on a small burst, its
figures agree with each other, and it refuses to rate requests that failed. No timing asserted.

The full measurement (about 800 requests, 2,000 verifications, 20 refreshes a run) is for
`make bench BENCH=P7`; here the burst is cut down, which exercises the same code.
"""

from __future__ import annotations

import secrets
import statistics

import pytest

from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore
from helpers.web.server import start_server
from tools import bench_api

FIGURES = ("ratio", "me_rps", "health_rps", "refresh_round_trip_ms", "verify_in_process_us")


@pytest.fixture
def small_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    """20 requests a burst, 3 refreshes and 50 in-process verifications a run."""
    monkeypatch.setattr(bench_api, "REQUESTS_PER_BURST", 20)
    monkeypatch.setattr(bench_api, "REFRESHES_PER_RUN", 3)
    real = bench_api.verify_microseconds
    monkeypatch.setattr(bench_api, "verify_microseconds", lambda calls=50: real(calls))


def test_p7_runs_end_to_end_and_its_figures_agree(small_burst: None) -> None:
    assert (bench_api.NAME, bench_api.GOAL) == ("P7", 0.8) and "0.8" in bench_api.GOAL_TEXT
    result = bench_api.measure(2)
    assert result["runs"] == 2 and len(result["values"]) == 2
    for figure in FIGURES:
        spread = result[figure]
        assert 0 < spread["min"] <= spread["median"] <= spread["max"], (figure, spread)
    assert result["ratio"]["median"] == statistics.median(result["values"])
    assert (result["ratio"]["min"], result["ratio"]["max"]) == (min(result["values"]), max(result["values"]))
    assert result["met"] is (result["ratio"]["median"] >= bench_api.GOAL)
    cpu = result["server_cpu_us_per_request"]
    assert cpu["health"]["median"] > 0 and cpu["me"]["median"] > 0  # the server reported its CPU time
    assert result["cpu_ratio"]["median"] > 0 and len(result["load_average"]["before"]) == 3


def test_p7_refuses_to_rate_requests_that_failed(small_burst: None, servers_stopped: None) -> None:
    api = BearerAPI(UserStore(cost=TEST_COST), secrets.token_urlsafe(32))
    server = start_server(api.app, name="bench-refusal")
    rate, cpu_us = bench_api._requests_per_second(server.url + "/health", {})
    assert rate > 0 and cpu_us == 0  # no server process to ask for its CPU time
    with pytest.raises(RuntimeError, match=r"unexpected statuses during the benchmark: \[401\]"):
        bench_api._requests_per_second(server.url + "/me", {"Authorization": "Bearer not-a-token"})
