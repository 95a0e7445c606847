"""Reading-pace runs: tools/pace.py on one notebook, in its own process, started early.

A run mostly sleeps (the reader's pauses), so many run at once, and beside the rest of the
suite: tests/pace/conftest.py starts the runs a pytest session selected as soon as collection
ends, and the pace tests, which pytest runs last, only collect their results. Output goes to an
unnamed temporary file, not a pipe nobody reads while the run lasts.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

from tools.course import NOTEBOOKS, ROOT


class PaceRun:
    """One notebook at a pace in its own process; `output()` waits for it and returns its log."""

    def __init__(self, notebook: str | Path, mode: str = "reading", pause: float = 60.0) -> None:
        self.notebook = NOTEBOOKS / notebook  # a name in notebooks/, or an absolute path
        self.log: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.pace", "--mode", mode, "--pause", str(pause),
             str(self.notebook)], cwd=ROOT, text=True, stdout=self.log, stderr=subprocess.STDOUT)

    def output(self, timeout: float = 4 * 3600) -> str:
        self.process.wait(timeout=timeout)
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        """End the run if it still runs (an interrupted session), and close its log."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def assert_same_at_pace(run: PaceRun) -> None:
    """The run ended with every cell as committed; else fail with the cells that differ."""
    output = run.output()
    name = run.notebook.name
    mismatches = [line for line in output.splitlines() if "MISMATCH" in line]
    assert run.process.returncode == 0, (f"{name} behaves differently at a reader's pace:\n"
                                         + "\n".join(mismatches or [output[-3000:]]))
    assert f"{name}: OK" in output, output[-3000:]
