"""The bearer API under load: 200 simultaneous requests to /me, each gets exactly the answer
its token deserves.

Bounded (200 requests, loopback only, no timing assertion). "No socket left open" is checked
by counting this process's file descriptors (client and server both live here) before and after.
"""

from __future__ import annotations

import os
import threading
import time

from helpers.web.at_once import at_once
from helpers.web.client import send

REQUESTS = 200
EXPECTED = {"access": 200, "expired": 401, "forged": 401, "missing": 401}


def open_descriptors() -> int:
    """How many file descriptors this process holds (sockets included); Linux only."""
    return len(os.listdir("/proc/self/fd"))


def test_two_hundred_concurrent_requests_get_the_right_answers_and_close_their_sockets(running_api):
    running = running_api
    tokens = running.tokens()
    send("GET", running.url + "/health")  # warm up: the server's first thread exists
    before = open_descriptors()
    kinds = [list(EXPECTED)[i % len(EXPECTED)] for i in range(REQUESTS)]
    pending, lock = iter(kinds), threading.Lock()

    def one_request():
        with lock:
            kind = next(pending)
        headers = {} if kind == "missing" else {"Authorization": "Bearer " + tokens[kind]}
        return kind, send("GET", running.url + "/me", headers=headers, timeout=60)

    answers = at_once(one_request, REQUESTS)
    wrong = [(kind, reply.status) for kind, reply in answers if reply.status != EXPECTED[kind]]
    assert wrong == []
    assert sorted(kind for kind, _ in answers) == sorted(kinds)
    errors = {reply.json()["error"] for kind, reply in answers if kind in ("expired", "forged")}
    assert errors == {"invalid_token"}
    assert running.server.count("/me") == REQUESTS
    for _ in range(50):  # server threads close their sockets just after answering
        if open_descriptors() <= before:
            break
        time.sleep(0.1)
    assert open_descriptors() <= before
