"""Shared by the widget tests: no countdown's clock outlives the test that started it; the
journey widgets (concept check, course map, saving one's work) get a copy of the course to record
progress in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers.course import progress
from helpers.widgets import stop_all_countdowns
from tools.course import NOTEBOOKS


@pytest.fixture(autouse=True)
def no_clock_left_running() -> Iterator[None]:
    yield
    stop_all_countdowns()


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course's notebooks as the working directory, recording on."""
    folder = tmp_path / "jwt-course" / "notebooks"
    folder.mkdir(parents=True)
    for name in ("00-start-here.ipynb", "02-encode.ipynb", "03-decode.ipynb"):
        (folder / name).write_bytes((NOTEBOOKS / name).read_bytes())
    monkeypatch.chdir(folder)
    monkeypatch.delenv(progress.ENVIRONMENT, raising=False)
    progress._unsaved.clear()
    return folder


@pytest.fixture
def recorded() -> Callable[[Path], list[tuple[str, str, bool]]]:
    """Read what the progress file in a folder holds: (notebook, item, passed) per attempt."""
    def read(folder: Path) -> list[tuple[str, str, bool]]:
        path = folder / progress.FILE_NAME
        return [(a.notebook, a.item, a.passed) for a in progress.read_attempts(path)]

    return read
