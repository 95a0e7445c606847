"""The learner's work as one download, and back: for Binder and JupyterLite, which keep no files.

The archive is a zip with `notebooks/<name>.ipynb` for every notebook in the course folder (the
course's and any the learner made) and `progress.jsonl`, the learner's progress. Restoring it
writes the notebooks back (the versions it replaces are kept in `.jwt-restore-backup/`) and adds
the progress it holds to the progress file. Only notebooks and progress are ever written, and
only into the course folder: names with folders in them are refused.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from helpers.course.progress import Attempt, attempts_in_text, merge_into, read_attempts

PROGRESS_MEMBER = "progress.jsonl"
NOTEBOOK_MEMBER = re.compile(r"^notebooks/([\w][\w .()+-]*\.ipynb)$")
BACKUP_FOLDER = ".jwt-restore-backup"
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024  # far more than the course with every output
README = """Your work in the course "JWT with Python, learned by doing".

notebooks/       your notebooks, as they were saved when you pressed Download my work
progress.jsonl   what you have done: one line per answer checked (notebook, item, passed, when)

To continue in a new session (Binder, JupyterLite, or your own machine): open 00-start-here,
run the cell under "Save your work", press "Restore my work" and choose this file.
"""


@dataclass(frozen=True)
class Archive:
    """A made archive: its bytes, file name, and what it holds."""

    data: bytes
    name: str
    notebooks: tuple[str, ...]
    attempts: int


def archive_name(now: datetime | None = None) -> str:
    moment = now or datetime.now(timezone.utc)
    return f"jwt-course-work-{moment:%Y-%m-%d-%H%M}.zip"


def make_archive(folder: Path, progress: Path | None) -> Archive:
    """Zip every notebook directly in `folder` and the progress in `progress`."""
    notebooks = sorted(path for path in folder.glob("*.ipynb") if path.is_file())
    attempts = read_attempts(progress) if progress is not None else []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        for path in notebooks:
            archive.writestr(f"notebooks/{path.name}", path.read_bytes())
        archive.writestr(PROGRESS_MEMBER, "".join(a.as_line() + "\n" for a in attempts))
    return Archive(buffer.getvalue(), archive_name(), tuple(p.name for p in notebooks), len(attempts))


@dataclass
class RestoreReport:
    """What a restore did: notebooks written, already the same, refused (with why); progress added."""

    restored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    attempts_added: int = 0
    backup_folder: Path | None = None


class NotAnArchive(ValueError):
    """The file is not a download of this course's work; the message says why and what to do."""


def _is_notebook(data: bytes) -> bool:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(value, dict) and isinstance(value.get("cells"), list)


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename where the file system allows it."""
    temporary = path.with_name(f".{path.name}.restoring")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        path.write_bytes(data)


def restore_archive(data: bytes, folder: Path, progress: Path | None) -> RestoreReport:
    """Write the archive's notebooks into `folder` and merge its progress into `progress`.

    Raises NotAnArchive when `data` is not such an archive (nothing is written then).
    """
    if len(data) > MAX_ARCHIVE_BYTES:
        raise NotAnArchive(f"the file is {len(data) // 1_000_000} MB, far larger than any "
                           "download of this course: pick the .zip that Download my work made.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotAnArchive(f"this is not a zip file ({error}): pick the .zip that Download my "
                           "work made.") from error
    if PROGRESS_MEMBER not in members and not any(NOTEBOOK_MEMBER.match(n) for n in members):
        raise NotAnArchive("this zip holds no notebooks/ and no progress.jsonl: it was not made "
                           "by Download my work.")
    if sum(info.file_size for info in members.values()) > MAX_ARCHIVE_BYTES:
        raise NotAnArchive("the zip unpacks to more than 50 MB: it was not made by Download my work.")
    report = RestoreReport()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M%S")
    for name in sorted(members):
        found = NOTEBOOK_MEMBER.match(name)
        if name in (PROGRESS_MEMBER, "README.txt"):
            continue
        if not found:
            report.refused.append((name, "only notebooks/<name>.ipynb and progress.jsonl are restored"))
            continue
        content = archive.read(name)
        if not _is_notebook(content):
            report.refused.append((name, "not a notebook (no cells)"))
            continue
        target = folder / found.group(1)
        if target.is_file():
            old = target.read_bytes()
            if old == content:
                report.unchanged.append(target.name)
                continue
            backup = folder / BACKUP_FOLDER / stamp
            backup.mkdir(parents=True, exist_ok=True)
            (backup / target.name).write_bytes(old)
            report.backup_folder = backup
        _write(target, content)
        report.restored.append(target.name)
    if PROGRESS_MEMBER in members and progress is not None:
        attempts: list[Attempt] = attempts_in_text(archive.read(PROGRESS_MEMBER).decode("utf-8", "replace"))
        report.attempts_added = merge_into(progress, attempts)
    return report
