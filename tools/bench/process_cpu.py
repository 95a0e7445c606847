"""A server in its own process that reports its CPU time: steadier than wall time on a busy machine.

On this project's shared 2-core machine the wall-clock rate of a server moves by a fifth from one
run to the next, with other people's work. The CPU time the server process spent per request
moves far less, so the API figures (P7, P12) report both. The server side prints its address on
its first line, then answers every `cpu` line on its stdin with its CPU seconds (user + system,
all threads), until stdin closes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def answer_cpu_requests(stop: Callable[[], object], stdin: IO[str] = sys.stdin,
                        stdout: IO[str] = sys.stdout) -> None:
    """The server side: print CPU seconds for each `cpu` line; call stop() when stdin closes."""
    try:
        for line in stdin:
            if line.strip() == "cpu":
                print(repr(cpu_seconds()), file=stdout, flush=True)
    finally:
        stop()


class ServerProcess:
    """The client side: start the server process, read its first line, ask for its CPU time."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                         env={**os.environ, **(env or {})}, cwd=cwd)
        self.first_line = self._process.stdout.readline().strip()
        if not self.first_line:
            self.close()
            raise RuntimeError(f"the server process {command[-1]!r} did not start")

    def cpu(self) -> float:
        """The server's CPU seconds so far."""
        self._process.stdin.write("cpu\n")
        self._process.stdin.flush()
        return float(self._process.stdout.readline())

    def close(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded: what else the machine was doing."""
    return [round(value, 2) for value in os.getloadavg()]
