"""The course map, read from one data file: notebooks, their prerequisites, tracks and paths by goal.

`data/course.json` is the one source for 00's map and paths, the "Before this" line at the top
of each notebook, the README's course table and the progress views. A notebook's `needs` are the
earlier notebooks whose ideas or helpers it uses without explaining them again; a path by goal
must hold everything its notebooks need (tests/unit/course/test_catalog.py checks it). Anything that
needs the list of course notebooks reads it here: `load_course().ids()`, in course order, with
`Notebook.planned` for those being written (their file may not exist yet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Need:
    """An earlier notebook another one builds on, and what it brings."""

    notebook: str
    why: str


@dataclass(frozen=True)
class Notebook:
    """One notebook of the course map."""

    id: str  # its file stem, e.g. "02-encode"
    title: str
    summary: str  # what you will learn, in one line
    track: str
    minutes: int | None  # None while a planned notebook's authors have not confirmed it
    needs: tuple[Need, ...] = ()
    recommends: tuple[Need, ...] = ()
    explains_again: tuple[str, ...] = ()  # course helpers it explains although met earlier
    planned: bool = False  # being written: its file may not exist yet
    before_note: str = ""  # said after its "Before this" links, e.g. what comes back from where

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def file(self) -> str:
        return f"{self.id}.ipynb"

    @property
    def label(self) -> str:
        """How the course names it in prose, e.g. '02 Encode'."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class GoalPath:
    """A path by goal: the notebooks a learner with that goal takes, in course order."""

    id: str
    goal: str
    for_whom: str
    notebooks: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Track:
    id: str
    name: str


@dataclass(frozen=True)
class Course:
    """The whole course map."""

    tracks: tuple[Track, ...]
    notebooks: tuple[Notebook, ...]
    paths: tuple[GoalPath, ...]

    def notebook(self, notebook_id: str) -> Notebook:
        for notebook in self.notebooks:
            if notebook.id == notebook_id:
                return notebook
        raise KeyError(f"no notebook {notebook_id!r} in the course map")

    def ids(self) -> list[str]:
        return [notebook.id for notebook in self.notebooks]

    def all_needs(self, notebook_id: str) -> list[str]:
        """Every notebook this one needs, directly or through others, in course order."""
        found: set[str] = set()
        todo = [need.notebook for need in self.notebook(notebook_id).needs]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += [need.notebook for need in self.notebook(current).needs]
        return [notebook_id for notebook_id in self.ids() if notebook_id in found]

    def minutes(self, notebook_ids: tuple[str, ...] | list[str]) -> tuple[int, list[str]]:
        """The minutes these notebooks take, and those whose minutes are not confirmed yet."""
        known = sum(self.notebook(i).minutes or 0 for i in notebook_ids)
        unknown = [i for i in notebook_ids if self.notebook(i).minutes is None]
        return known, unknown

    def minutes_text(self, notebook_ids: tuple[str, ...] | list[str]) -> str:
        """E.g. '205 minutes', or '195 minutes, plus 12 (being written)' while 12 has no minutes yet."""
        known, unknown = self.minutes(notebook_ids)
        text = f"{known} minutes"
        if unknown:
            numbers = " and ".join(self.notebook(i).number for i in unknown)
            text += f", plus {numbers} (being written)"
        return text

    def path(self, path_id: str) -> GoalPath:
        for path in self.paths:
            if path.id == path_id:
                return path
        raise KeyError(f"no path {path_id!r} in the course map")


def _needs(entries: list[dict[str, str]]) -> tuple[Need, ...]:
    return tuple(Need(entry["notebook"], entry["why"]) for entry in entries)


def course_from_data(data: dict[str, Any]) -> Course:
    """A Course from the parsed JSON of data/course.json."""
    notebooks = tuple(
        Notebook(id=entry["id"], title=entry["title"], summary=entry["summary"], track=entry["track"],
                 minutes=entry["minutes"], needs=_needs(entry.get("needs", [])),
                 recommends=_needs(entry.get("recommends", [])),
                 explains_again=tuple(entry.get("explains_again", [])),
                 planned=bool(entry.get("planned", False)), before_note=entry.get("before_note", ""))
        for entry in data["notebooks"])
    paths = tuple(GoalPath(id=entry["id"], goal=entry["goal"], for_whom=entry["for_whom"],
                           notebooks=tuple(entry["notebooks"]), note=entry.get("note", ""))
                  for entry in data["paths"])
    tracks = tuple(Track(entry["id"], entry["name"]) for entry in data["tracks"])
    return Course(tracks, notebooks, paths)


def data_text(name: str) -> str:
    """The text of a file in helpers/course/data/ (from the installed package, also in a wheel)."""
    return resources.files("helpers.course").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@cache
def load_course() -> Course:
    """The course map of this installation."""
    return course_from_data(json.loads(data_text("course.json")))
