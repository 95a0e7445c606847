"""Notebooks at a reader's pace: every cell does what its committed output says, even with pauses.

- `test_time_dependent_notebooks_at_reading_pace` (marker `slow`, part of `make test` and CI):
  the notebooks with time-dependent cells, at 200 words a minute, all at once (each in its own
  process and kernel: they mostly wait), so the run takes as long as the longest (about 15 min).
  The runs start when collection ends and run beside the rest of the suite; these tests run
  last and only read the results (tests/pace/conftest.py).
- `test_every_notebook_with_clock_dependent_code_is_in_the_ci_pace_run` keeps that list whole.
- `test_every_notebook_at_pace` (marker `pace`): every course notebook, at reading pace and
  with a fixed pause before each code cell (60 s, or $PACE_PAUSE), all 28 runs at once. It
  takes about 40 minutes, so it runs only when PACE=full is set: `make pace`.
- `test_the_runner_catches_a_cell_that_needs_a_fast_reader` proves the check can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests.pace.runs import PaceRun, assert_same_at_pace
from tools import pace
from tools.course import NOTEBOOKS, course_notebook_names

# Notebooks with cells whose outcome depends on time (tokens that expire, waits, leeway): CI
# runs them at reading pace; every notebook runs under `make pace`. A test below finds notebooks
# whose code uses the clock and fails until they are listed here.
TIME_DEPENDENT = ["04-expiry.ipynb", "05-claims.ipynb", "08-password-reset.ipynb",
                  "09-bearer-api.ipynb"]
# Notebooks whose code mentions the clock, but whose outcomes cannot change at a reader's pace.
CLOCK_SAFE = {
    "06-keys.ipynb": "its tokens live an hour",
    "07-key-sets.ipynb": "its one expiring token (10 minutes) is made and checked in the same cell",
    "11-key-and-claim-attacks.ipynb": "'lifetime' only names a vulnerable API's missing check",
    "12-your-app.ipynb": "each cell makes the tokens it sends and counts key-set fetches within "
                         "itself; its tests move a frozen clock (time-machine)",
    "13-real-world.ipynb": "each token is made in the cell that checks it, and providers' tokens "
                           "live an hour",
}
# Code that makes a cell's outcome depend on when it runs.
CLOCK_CODE = re.compile(r"time\.time\(|time\.sleep\(|datetime\.now\(|wait_until_|timedelta\(|"
                        r"lifetime|expires_in|leeway")


@pytest.mark.slow
@pytest.mark.parametrize("name", TIME_DEPENDENT)
def test_time_dependent_notebooks_at_reading_pace(name: str, pace_run: PaceRun) -> None:
    assert_same_at_pace(pace_run)


def test_every_notebook_with_clock_dependent_code_is_in_the_ci_pace_run() -> None:
    uses_the_clock = [name for name in course_notebook_names() if any(
        cell.cell_type == "code" and CLOCK_CODE.search(cell.source)
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells)]
    assert "04-expiry.ipynb" in uses_the_clock  # the pattern finds the tutorial's exp
    missing = sorted(set(uses_the_clock) - set(TIME_DEPENDENT) - set(CLOCK_SAFE))
    assert not missing, f"add {missing} to TIME_DEPENDENT: their cells depend on the clock"


@pytest.mark.pace
@pytest.mark.parametrize("mode", ["reading", "fixed"])
@pytest.mark.parametrize("name", course_notebook_names())
def test_every_notebook_at_pace(name: str, mode: str, pace_run: PaceRun) -> None:
    """With PACE=full (`make pace`): all 28 runs at once, about 40 minutes, the longest
    notebook's fixed pauses (one after another: over six hours). Skipped otherwise."""
    assert_same_at_pace(pace_run)


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


def test_a_pace_run_in_its_own_process_fails_with_the_cell_that_differs(tmp_path: Path) -> None:
    path = synthetic_notebook(tmp_path / "fast-reader-only.ipynb")
    fast, slow = PaceRun(path, "fixed", 0), PaceRun(path, "fixed", 3)  # both at once
    try:
        assert_same_at_pace(fast)
        with pytest.raises(AssertionError, match="MISMATCH.*ExpiredSignatureError"):
            assert_same_at_pace(slow)
    finally:
        fast.stop()
        slow.stop()


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


def test_printing_split_by_a_pause_inside_a_cell_compares_as_one_stream() -> None:
    committed = new_code_cell("x", outputs=[new_output("stream", name="stdout", text="a\nb\n")])
    at_pace = new_code_cell("x", outputs=[new_output("stream", name="stdout", text="a\n"),
                                          new_output("stream", name="stdout", text="b\n")])
    assert pace.mismatches(new_notebook(cells=[committed]), new_notebook(cells=[at_pace])) == []
