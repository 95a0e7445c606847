"""Run notebooks cell by cell in a real kernel, pausing before each code cell as a reader would.

A notebook must behave the same whether it runs back to back (Run All, nbval) or at a person's
pace. This runner pauses before every code cell, then compares each cell's outcome with the
committed notebook: the same error (or none) and the same text, after the sanitizers nbval
uses (tests/notebooks/sanitize.cfg). Two ways to pause:

- reading: the time to read the markdown above the cell and the cell's code, at 200 words a
  minute (a learner reading, then running the cell below);
- fixed: the same pause before every code cell, 60 s by default (a learner who stops to think).

Usage (or python -m tools.pace ...):
    python tools/pace.py notebooks/04-expiry.ipynb                  # reading pace
    python tools/pace.py --mode fixed --pause 60 notebooks/0*.ipynb  # a minute before each cell
Exit status 1 when a cell behaved differently from its committed output.
"""

from __future__ import annotations

import argparse
import asyncio
import configparser
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient

if __package__ in (None, ""):  # run by its path (python tools/pace.py): find `tools`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.course import ROOT  # noqa: E402
from tools.execute_notebooks import merge_streams  # noqa: E402

SANITIZE = ROOT / "tests" / "notebooks" / "sanitize.cfg"
WORDS_PER_MINUTE = 200
FIXED_PAUSE = 60.0
CELL_TIMEOUT = 300  # seconds for one cell, the pause not included

Pauses = Callable[[nbformat.NotebookNode], list[float]]


@dataclass(frozen=True)
class Mismatch:
    """A code cell that did not do what its committed output says."""

    index: int  # position among all cells
    cell_id: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"cell {self.index} ({self.cell_id}): expected {self.expected!r}, got {self.got!r}"


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def reading_pauses(notebook: nbformat.NotebookNode, words_per_minute: float = WORDS_PER_MINUTE
                   ) -> list[float]:
    """Seconds before each code cell: reading the markdown above it, then its code."""
    pauses, words_seen = [], 0
    for cell in notebook.cells:
        words_seen += words(cell.source)
        if cell.cell_type == "code":
            pauses.append(words_seen * 60 / words_per_minute)
            words_seen = 0
    return pauses


def fixed_pauses(seconds: float = FIXED_PAUSE) -> Pauses:
    """The same pause before every code cell but the first."""
    def pauses(notebook: nbformat.NotebookNode) -> list[float]:
        count = sum(cell.cell_type == "code" for cell in notebook.cells)
        return [0.0] + [seconds] * (count - 1) if count else []
    return pauses


def sanitizers(path: Path = SANITIZE) -> list[tuple[re.Pattern[str], str]]:
    """The (regex, replacement) pairs nbval applies, read from its config file."""
    config = configparser.ConfigParser()
    config.read(path, encoding="utf-8")
    return [(re.compile(config[section]["regex"]), config[section]["replace"])
            for section in config.sections()]


def outcome(cell: nbformat.NotebookNode, rules: list[tuple[re.Pattern[str], str]]) -> str:
    """What a code cell showed, as comparable text: its error name, or its sanitized text."""
    parts = []
    # A pause inside a cell (a wait until exp) splits its printing in two stream outputs;
    # committed notebooks and nbval join them, so the comparison does too.
    for output in merge_streams(cell.get("outputs", [])):
        if output.output_type == "error":
            parts.append(f"error {output.ename}")
        elif output.output_type == "stream":
            parts.append(f"{output.name}: {output.text}")
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(str(output.get("data", {}).get("text/plain", "")))
    text = "\n".join(parts)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text.strip()


def errors_only(outcome_text: str) -> str:
    """The error lines of an outcome: what still must match in a cell whose text may vary."""
    return "\n".join(line for line in outcome_text.splitlines() if line.startswith("error "))


def run_at_pace(path: Path, pauses: Pauses, log: Callable[[str], None] = print
                ) -> nbformat.NotebookNode:
    """Execute a copy of the notebook in a fresh kernel, pausing before each code cell."""
    notebook = nbformat.read(path, as_version=4)
    waits = pauses(notebook)
    code_positions = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    pause_at = dict(zip(code_positions, waits))
    started = time.monotonic()

    async def pause(cell: Any, cell_index: int, **_: Any) -> None:
        seconds = pause_at.get(cell_index, 0.0)
        log(f"  {time.monotonic() - started:7.1f} s  cell {cell_index:2d}: pause {seconds:5.1f} s")
        await asyncio.sleep(seconds)

    # Unix sockets, not TCP ports: many pace runs start kernels at once and must not race for a
    # port (see tests/kernel/transport.py).
    kernel = KernelManager(kernel_name="python3", transport="ipc",
                           ip=str(Path(tempfile.gettempdir()) / f"jwt-pace-{uuid.uuid4().hex[:16]}"))
    client = NotebookClient(notebook, km=kernel, timeout=CELL_TIMEOUT, startup_timeout=300,
                            kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False, allow_errors=True, on_cell_execute=pause)
    client.execute()
    return notebook


def mismatches(committed: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> list[Mismatch]:
    """Code cells whose outcome differs from the committed one."""
    rules = sanitizers()
    found = []
    for index, (before, after) in enumerate(zip(committed.cells, executed.cells)):
        if before.cell_type != "code":
            continue
        expected, got = outcome(before, rules), outcome(after, rules)
        if "nbval-ignore-output" in before.metadata.get("tags", []):  # text varies, as in nbval:
            expected, got = errors_only(expected), errors_only(got)  # only an error would differ
        if expected != got:
            found.append(Mismatch(index, before.get("id", ""), expected, got))
    return found


def check_at_pace(path: Path, pauses: Pauses, log: Callable[[str], None] = print) -> list[Mismatch]:
    """Run one notebook at a pace and list the cells that behaved differently."""
    committed = nbformat.read(path, as_version=4)
    return mismatches(committed, run_at_pace(path, pauses, log))


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--mode", choices=("reading", "fixed"), default="reading")
    parser.add_argument("--pause", type=float, default=FIXED_PAUSE,
                        help="seconds before each code cell in fixed mode (default 60)")
    parser.add_argument("--wpm", type=float, default=WORDS_PER_MINUTE,
                        help="reading speed in reading mode (default 200 words a minute)")
    options = parser.parse_args(arguments)
    pauses: Pauses = (fixed_pauses(options.pause) if options.mode == "fixed"
                      else lambda nb: reading_pauses(nb, options.wpm))
    failed = 0
    for path in options.notebooks:
        total = sum(pauses(nbformat.read(path, as_version=4)))
        print(f"{path.name}: {options.mode} pace, {total:.0f} s of pauses", flush=True)
        found = check_at_pace(path.resolve(), pauses, lambda line: print(line, flush=True))
        for mismatch in found:
            print(f"  MISMATCH {mismatch}")
        print(f"{path.name}: {'OK' if not found else f'{len(found)} cell(s) differ'}", flush=True)
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
