"""Notebooks at a reader's pace: every cell does what its committed output says, even with pauses.

- `test_time_dependent_notebooks_at_reading_pace` (marker `slow`, part of `make test` and CI):
  the notebooks with time-dependent cells, at 200 words a minute (04: about 9 minutes).
- `test_every_notebook_at_pace` (marker `pace`): every course notebook, at reading pace and
  with a fixed pause before each code cell (60 s, or $PACE_PAUSE). It takes well over an hour,
  so it runs only when PACE=full is set: `make pace`.
- `test_the_runner_catches_a_cell_that_needs_a_fast_reader` proves the check can fail.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "tools"))
import pace  # noqa: E402  (tools/ is not a package)

# Notebooks with cells whose outcome depends on time. Add later notebooks here when they get
# time-dependent cells (tokens that expire, waits, servers); all of them run under `make pace`.
TIME_DEPENDENT = ["04-expiry.ipynb"]


def course_notebooks() -> list[str]:
    return sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def report(name: str, found: list[pace.Mismatch]) -> str:
    return f"{name} behaves differently at a reader's pace:\n" + "\n".join(map(str, found))


@pytest.mark.slow
@pytest.mark.parametrize("name", TIME_DEPENDENT)
def test_time_dependent_notebooks_at_reading_pace(name: str) -> None:
    found = pace.check_at_pace(NOTEBOOKS / name, pace.reading_pauses, log=lambda line: None)
    assert not found, report(name, found)


@pytest.mark.pace
@pytest.mark.parametrize("mode", ["reading", "fixed"])
@pytest.mark.parametrize("name", course_notebooks())
def test_every_notebook_at_pace(name: str, mode: str) -> None:
    if os.environ.get("PACE") != "full":
        pytest.skip("the full pace run takes over an hour: run it with `make pace` (PACE=full)")
    pauses = (pace.reading_pauses if mode == "reading"
              else pace.fixed_pauses(max(60.0, float(os.environ.get("PACE_PAUSE", "60")))))
    found = pace.check_at_pace(NOTEBOOKS / name, pauses, log=lambda line: None)
    assert not found, report(name, found)


def synthetic_notebook(path: Path) -> Path:
    """A token that lives 2 s, decoded in the next cell: fine back to back, not for a reader."""
    make = new_code_cell("import secrets, time, jwt\n"
                         "KEY = secrets.token_urlsafe(32)\n"
                         "token = jwt.encode({'exp': time.time() + 2}, KEY, algorithm='HS256')")
    read = new_code_cell("sorted(jwt.decode(token, KEY, algorithms=['HS256']))",
                         outputs=[new_output("execute_result", {"text/plain": "['exp']"},
                                             execution_count=2)])
    notebook = new_notebook(cells=[new_markdown_cell("Make a token. " * 3), make,
                                   new_markdown_cell("Read it."), read])
    nbformat.write(notebook, path)
    return path


def test_the_runner_catches_a_cell_that_needs_a_fast_reader(tmp_path: Path) -> None:
    path = synthetic_notebook(tmp_path / "fast-reader-only.ipynb")
    assert pace.check_at_pace(path, pace.fixed_pauses(0), log=lambda line: None) == []
    found = pace.check_at_pace(path, pace.fixed_pauses(3), log=lambda line: None)
    assert [m.cell_id for m in found] == [nbformat.read(path, as_version=4).cells[3].id]
    assert found[0].got == "error ExpiredSignatureError"


def test_reading_pauses_count_the_words_above_each_code_cell() -> None:
    notebook = new_notebook(cells=[new_markdown_cell("word " * 200), new_code_cell("x = 1"),
                                   new_code_cell("y = 2"), new_markdown_cell("word " * 100),
                                   new_code_cell("z")])
    assert pace.reading_pauses(notebook) == [(200 + 3) * 60 / 200, 3 * 60 / 200, 101 * 60 / 200]
    assert pace.fixed_pauses(60)(notebook) == [0.0, 60, 60]


def test_a_cell_tagged_nbval_ignore_output_may_change_its_text_but_not_start_failing() -> None:
    def cell(text: str | None = None, error: str | None = None, tags: tuple[str, ...] = ()):
        outputs = ([new_output("error", ename=error, evalue="", traceback=[])] if error else
                   [new_output("execute_result", {"text/plain": text}, execution_count=1)])
        return new_code_cell("left", outputs=outputs, metadata={"tags": list(tags)})

    def compare(before, after):
        return pace.mismatches(new_notebook(cells=[before]), new_notebook(cells=[after]))

    tagged = ("nbval-ignore-output",)
    assert compare(cell("(29.9, True)", tags=tagged), cell("(0.0, True)")) == []
    assert len(compare(cell("(29.9, True)", tags=tagged), cell(error="ExpiredSignatureError"))) == 1
    assert len(compare(cell("(29.9, True)"), cell("(0.0, True)"))) == 1  # untagged: text counts
