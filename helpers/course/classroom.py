"""The instructor's view: every learner's progress file read into one table of learners x exercises.

A learner's home holds the course where nbgitpuller put it (`~/<course folder>/notebooks/`), so
the progress file is looked for a few levels down, never further. Reading needs the right to
read the homes: on a hub with one system user per learner (private homes), that is root or the
hub's service; a learner's own server can read only its own home.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from helpers.course.progress import (
    DONE,
    FILE_NAME,
    NOT_STARTED,
    TRIED,
    Attempt,
    last_activity,
    read_attempts,
    states,
)

# Where a progress file can be, relative to a learner's home (nbgitpuller's folder, or the home).
PLACES = (FILE_NAME, f"*/{FILE_NAME}", f"*/notebooks/{FILE_NAME}", f"*/*/notebooks/{FILE_NAME}")
MARKS = {DONE: "✓", TRIED: "~", NOT_STARTED: "·"}
LEGEND = "✓ done  ~ tried, not right yet  · not started"


@dataclass(frozen=True)
class Column:
    """One exercise of the table: its key ('02-encode/ex1'), notebook, and a label ('02 ex1')."""

    key: str
    notebook: str
    label: str
    title: str


@dataclass(frozen=True)
class LearnerRow:
    name: str
    states: dict[str, str]  # exercise or question key -> done / tried
    last: str  # the latest attempt's time, '' if none
    questions_right: int
    questions_tried: int
    files: int  # progress files found in the home

    def state(self, key: str) -> str:
        return self.states.get(key, NOT_STARTED)


def progress_files_in(home: Path) -> list[Path]:
    """The progress files in a learner's home (usually one); never raises."""
    found: list[Path] = []
    for pattern in PLACES:
        try:
            found += [path for path in home.glob(pattern) if path.is_file()]
        except OSError:
            continue
    return sorted(set(found))


def learner_row(name: str, home: Path) -> LearnerRow:
    files = progress_files_in(home)
    attempts: list[Attempt] = [attempt for path in files for attempt in read_attempts(path)]
    found = states(attempts)
    questions = {key: state for key, state in found.items() if "/q:" in key}
    return LearnerRow(name, found, last_activity(attempts),
                      sum(state == DONE for state in questions.values()), len(questions), len(files))


def class_rows(homes: Mapping[str, Path]) -> list[LearnerRow]:
    """One row per learner, by name."""
    return [learner_row(name, homes[name]) for name in sorted(homes)]


def homes_in(folder: Path) -> dict[str, Path]:
    """Each sub-folder of `folder` as a learner's home, by its name (hidden ones skipped)."""
    try:
        return {path.name: path for path in sorted(folder.iterdir())
                if path.is_dir() and not path.name.startswith(".")}
    except OSError:
        return {}


def class_text(rows: Iterable[LearnerRow], columns: list[Column]) -> str:
    """A plain-text table: one line per learner, one mark per exercise, grouped by notebook."""
    rows = list(rows)
    notebooks = list(dict.fromkeys(column.notebook for column in columns))
    width = max([len("learner"), *(len(row.name) for row in rows)])
    groups = {nb: [c for c in columns if c.notebook == nb] for nb in notebooks}
    header = "learner".ljust(width) + "  " + " ".join(
        nb[:2].ljust(len(groups[nb])) for nb in notebooks) + "  questions  last answer"
    lines = [header]
    for row in rows:
        marks = " ".join("".join(MARKS[row.state(c.key)] for c in groups[nb]) for nb in notebooks)
        questions = f"{row.questions_right}/{row.questions_tried}".ljust(9)
        last = row.last.replace("T", " ").rstrip("Z") + " UTC" if row.last else "-"
        lines.append(f"{row.name.ljust(width)}  {marks}  {questions}  {last}")
    if not rows:
        lines.append("(no learners found)")
    lines += ["", LEGEND + "; questions: right/tried"]
    return "\n".join(lines)


def class_data(rows: Iterable[LearnerRow], columns: list[Column]) -> dict[str, object]:
    """The table as JSON-ready data (for scripts and the hub service's page)."""
    return {
        "columns": [{"key": c.key, "notebook": c.notebook, "label": c.label, "title": c.title}
                    for c in columns],
        "learners": [{"name": row.name, "last": row.last, "questions_right": row.questions_right,
                      "questions_tried": row.questions_tried,
                      "exercises": {c.key: row.state(c.key) for c in columns}} for row in rows],
    }


def class_json(rows: Iterable[LearnerRow], columns: list[Column]) -> str:
    return json.dumps(class_data(rows, columns), indent=2, ensure_ascii=False)
