"""Starting and waiting for local processes: a free port to start one on, and polling until it
answers (a server up, a learner's server ready, a page showing a number)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], T], timeout: float, every: float) -> T | None:
    """Call `predicate` every `every` seconds until it returns something true, and return that;
    None once `timeout` seconds have passed. What it raises goes to the caller."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            return None
        time.sleep(every)
