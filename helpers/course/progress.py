"""What a learner has done, kept in a progress file in the course folder.

Every exercise checker and every concept check appends one line to `.jwt-progress.jsonl`:
notebook, item (`ex2` for exercise 2, `q:<id>` for a question), passed or not, and when (UTC).
The file sits in the folder that holds the course's notebooks (`notebooks/` of a clone or a hub
home, the file list of the JupyterLite site), so a kernel restart, a re-run or a new session on
the same files keeps it.

Nothing here raises into a learner's cell:
- each record is one write under a lock, so the kernels of several open notebooks can record at
  once; a record never glues onto a line cut off by a crash;
- lines that cannot be read (a cut-off write, an edit by hand, another program's bytes) are skipped;
- a folder or file that cannot be written keeps this kernel's records in memory, so its views
  still show them, and `saving_problem()` says why.

JWT_COURSE_PROGRESS=<file> puts the file elsewhere (the tests do); JWT_COURSE_PROGRESS=off
records nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FILE_NAME = ".jwt-progress.jsonl"
ENVIRONMENT = "JWT_COURSE_PROGRESS"
MARKER = "00-start-here.ipynb"  # the folder holding it holds the course's notebooks
DONE, TRIED, NOT_STARTED = "done", "tried", "not started"


@dataclass(frozen=True)
class Attempt:
    """One answer judged: which notebook, which exercise or question, right or not, when."""

    notebook: str  # e.g. "02-encode"
    item: str  # "ex1" for exercise 1; "q:<question id>" for a concept-check question
    passed: bool
    at: str  # UTC, ISO 8601 to the second, e.g. "2026-11-03T09:14:05Z"

    @property
    def kind(self) -> str:
        return "question" if self.item.startswith("q:") else "exercise"

    @property
    def key(self) -> str:
        """A stable name for what was tried, e.g. '02-encode/ex1'."""
        return f"{self.notebook}/{self.item}"

    def as_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def course_folder(start: Path | None = None) -> Path | None:
    """The folder holding the course's notebooks: `start` (default: the working directory, which
    is a notebook's own folder in its kernel) or the nearest folder above it that holds 00 (or
    `notebooks/00-...`). None when there is no course around."""
    try:
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / MARKER).is_file():
                return folder
            if (folder / "notebooks" / MARKER).is_file():
                return folder / "notebooks"
    except OSError:
        pass
    return None


def progress_file(start: Path | None = None) -> Path | None:
    """Where progress is kept: JWT_COURSE_PROGRESS if set, else in the course folder; None
    when nothing is to be recorded."""
    setting = os.environ.get(ENVIRONMENT, "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting).expanduser()
    folder = course_folder(start)
    return folder / FILE_NAME if folder is not None else None


# Records this kernel could not write, by file, so that its own views still show them.
_unsaved: dict[str, list[Attempt]] = {}
_problem = {"text": ""}


def saving_problem() -> str:
    """Why the last record could not be written ('' when it was)."""
    return _problem["text"]


def record(notebook: str, item: str, passed: bool, file: Path | None = None) -> Attempt | None:
    """Append one attempt to the progress file; never raises. Returns the attempt (None when
    recording is off or there is no course folder)."""
    try:
        attempt = Attempt(str(notebook), str(item), bool(passed), now_text())
        path = file if file is not None else progress_file()
        if path is None:
            return None
    except Exception:  # noqa: BLE001 - a learner's cell must never see this fail
        return None
    try:
        _append_line(Path(path), attempt.as_line())
        _problem["text"] = ""
    except Exception as error:  # noqa: BLE001 - e.g. a read-only folder: keep it in memory
        _unsaved.setdefault(str(path), []).append(attempt)
        _problem["text"] = (f"progress could not be saved in {Path(path).name} "
                            f"({type(error).__name__}: {error}); this session keeps it until "
                            "the kernel stops")
    return attempt


def _lock(descriptor: int) -> None:
    """An exclusive lock where the platform has one (not on Windows; a no-op in Pyodide)."""
    try:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except (ImportError, OSError, AttributeError):
        pass


def _append_line(path: Path, line: str) -> None:
    """Append one line in one write, after a newline if the file ends without one."""
    data = (line + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        _lock(descriptor)
        size = os.fstat(descriptor).st_size
        if size:
            os.lseek(descriptor, size - 1, os.SEEK_SET)
            if os.read(descriptor, 1) != b"\n":
                data = b"\n" + data
        os.write(descriptor, data)  # O_APPEND: at the end, whatever the offset
    finally:
        os.close(descriptor)  # also releases the lock


def attempt_from_line(line: str) -> Attempt | None:
    """One line of a progress file as an Attempt, or None if it is not one."""
    try:
        entry: Any = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    notebook, item, passed, at = (entry.get(k) for k in ("notebook", "item", "passed", "at"))
    if not (isinstance(notebook, str) and isinstance(item, str) and isinstance(passed, bool)
            and isinstance(at, str) and notebook and item):
        return None
    return Attempt(notebook, item, passed, at)


def attempts_in_text(text: str) -> list[Attempt]:
    return [attempt for line in text.splitlines() if (attempt := attempt_from_line(line))]


def read_attempts(file: Path | None = None) -> list[Attempt]:
    """Every readable attempt in the progress file (and this kernel's unsaved ones); never raises."""
    try:
        path = file if file is not None else progress_file()
    except Exception:  # noqa: BLE001
        return []
    if path is None:
        return []
    found: list[Attempt] = []
    try:
        found = attempts_in_text(Path(path).read_bytes().decode("utf-8", errors="replace"))
    except Exception:  # noqa: BLE001 - missing, unreadable, a folder: no progress to show
        found = []
    return found + list(_unsaved.get(str(path), []))


def states(attempts: Iterable[Attempt]) -> dict[str, str]:
    """'done' or 'tried' for each item key ('02-encode/ex1'); what is absent is not started."""
    found: dict[str, str] = {}
    for attempt in attempts:
        if attempt.passed:
            found[attempt.key] = DONE
        else:
            found.setdefault(attempt.key, TRIED)
    return found


def last_activity(attempts: Iterable[Attempt]) -> str:
    """The time of the latest attempt ('' if none)."""
    return max((attempt.at for attempt in attempts), default="")


def merge_into(path: Path, attempts: Iterable[Attempt]) -> int:
    """Append the attempts that the file does not hold yet; return how many were added."""
    present = set(read_attempts(path))
    added = 0
    for attempt in attempts:
        if attempt not in present:
            _append_line(path, attempt.as_line())
            present.add(attempt)
            added += 1
    return added
