"""P7: what JWT verification costs a request, and how long a refresh takes, on the course's API.

    python -m tools.bench_api [--runs N]

Requests per second to GET /me (bearer token verified on every request) against GET /health
(no authentication) on the same server, in the same run, interleaved; the figure is their
ratio (goal >= 0.8). Also the server process's CPU time per request on each endpoint, and what
verification costs in-process (us): figures the noise of a shared machine disturbs less. And the
round trip of POST /refresh (rotation: one SQLite write transaction and a new token pair), in ms.
The server runs in its own process, as it would in production; loopback only, a fresh temporary
database.
Figures to report, never assertions.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers.services.access_tokens import issue_access_token, read_access_token
from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore
from helpers.web.bearer_header import bearer_token
from helpers.web.client import send
from helpers.web.server import start_server
from tools.bench.process_cpu import ServerProcess, answer_cpu_requests, load_average

ROOT = Path(__file__).resolve().parents[1]
NAME = "P7"
TITLE = "bearer API: /me vs /health"
GOAL_TEXT = "rps(/me with JWT) / rps(/health) >= 0.8"
GOAL = 0.8
REQUESTS_PER_BURST = 200
CLIENT_THREADS = 4
REFRESHES_PER_RUN = 20


def _spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1]}


def _requests_per_second(url: str, headers: dict[str, str],
                         server: ServerProcess | None = None) -> tuple[float, float]:
    """Requests per second, and the server's CPU microseconds per request (0 without `server`)."""
    def one(_: int) -> int:
        return send("GET", url, headers=headers).status

    cpu_before = server.cpu() if server else 0.0
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        statuses = list(pool.map(one, range(REQUESTS_PER_BURST)))
    elapsed = time.perf_counter() - started
    cpu_used = server.cpu() - cpu_before if server else 0.0
    if set(statuses) != {200}:
        raise RuntimeError(f"unexpected statuses during the benchmark: {sorted(set(statuses))}")
    return REQUESTS_PER_BURST / elapsed, cpu_used / REQUESTS_PER_BURST * 1e6


def verify_microseconds(calls: int = 2000) -> float:
    """What /me adds per request, in this process: read the header and verify the token (us)."""
    key = secrets.token_urlsafe(32)
    header = "Bearer " + issue_access_token("u_bench", key)
    started = time.perf_counter()
    for _ in range(calls):
        read_access_token(bearer_token(header), key)
    return (time.perf_counter() - started) / calls * 1e6


def serve() -> None:
    """The server side, in its own process (a client in the same process would share its GIL)."""
    users = UserStore(cost=TEST_COST)  # the password hash is not what this figure is about
    users.add("ada@example.com", "correct horse battery")
    api = BearerAPI(users, secrets.token_urlsafe(32))
    server = start_server(api.app, name="bench-api")
    print(server.url, flush=True)
    answer_cpu_requests(server.stop)  # until the client closes our stdin


def measure(runs: int) -> dict:
    """Medians and spread over `runs` runs: the /me-to-/health ratio, both rates, the server's CPU
    per request on each, refresh ms, and the load average before and after."""
    load_before = load_average()
    with ServerProcess([sys.executable, "-m", "tools.bench_api", "--serve"], cwd=ROOT) as server:
        url = server.first_line
        login = send("POST", url + "/login",
                     json_body={"email": "ada@example.com", "password": "correct horse battery"}).json()
        auth = {"Authorization": "Bearer " + login["access_token"]}
        refresh_token = login["refresh_token"]
        ratios, me_rates, health_rates, refresh_ms, verify_us = [], [], [], [], []
        health_cpu, me_cpu, cpu_ratios = [], [], []
        _requests_per_second(url + "/health", {})  # warm up
        for _ in range(runs):
            health, health_us = _requests_per_second(url + "/health", {}, server)
            me, me_us = _requests_per_second(url + "/me", auth, server)
            health_after, health_after_us = _requests_per_second(url + "/health", {}, server)
            health, health_us = (health + health_after) / 2, (health_us + health_after_us) / 2  # around /me
            ratios.append(me / health)
            cpu_ratios.append(health_us / me_us)
            health_cpu.append(health_us)
            me_cpu.append(me_us)
            verify_us.append(verify_microseconds())
            me_rates.append(me)
            health_rates.append(health)
            for _ in range(REFRESHES_PER_RUN):
                started = time.perf_counter()
                answer = send("POST", url + "/refresh", json_body={"refresh_token": refresh_token})
                refresh_ms.append((time.perf_counter() - started) * 1000)
                refresh_token = answer.json()["refresh_token"]
    ratio = _spread(ratios)
    return {"figure": NAME, "title": TITLE, "goal": GOAL_TEXT, "met": ratio["median"] >= GOAL,
            "unit": "ratio", "values": ratios, "runs": runs, "ratio": ratio, "me_rps": _spread(me_rates),
            "health_rps": _spread(health_rates), "refresh_round_trip_ms": _spread(refresh_ms),
            "verify_in_process_us": _spread(verify_us),
            "server_cpu_us_per_request": {"health": _spread(health_cpu), "me": _spread(me_cpu)},
            "cpu_ratio": _spread(cpu_ratios),
            "load_average": {"before": load_before, "after": load_average()}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve()
    else:
        print(json.dumps(measure(arguments.runs), indent=2))
