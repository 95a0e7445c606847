"""The tools' one free port and one polling loop."""

from __future__ import annotations

import socket
import time

import pytest

from tools.waiting import free_port, wait_until


def test_a_free_port_can_be_bound_on_loopback() -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))  # raises if someone listens there


def test_wait_until_returns_the_first_true_answer() -> None:
    answers = iter([None, 0, "", "ready", "later"])
    assert wait_until(lambda: next(answers), timeout=5, every=0.001) == "ready"


def test_wait_until_gives_none_after_the_timeout_having_asked_again_and_again() -> None:
    calls = []
    started = time.monotonic()
    assert wait_until(lambda: calls.append(1), timeout=0.2, every=0.01) is None
    assert time.monotonic() - started >= 0.2
    assert len(calls) >= 5


def test_what_the_predicate_raises_reaches_the_caller() -> None:
    def exited() -> bool:
        raise RuntimeError("the server exited")

    with pytest.raises(RuntimeError, match="exited"):
        wait_until(exited, timeout=5, every=0.01)
