"""A solution file run outside its notebook, so that unit tests check the answer the course ships
instead of a copy of it."""

from __future__ import annotations

from typing import Any

from helpers.exercises.registry import EXERCISES
from tools.course import NOTEBOOKS

SOLUTIONS = NOTEBOOKS / "solutions"


def solution_names(key: str, **notebook_names: Any) -> dict[str, Any]:
    """The names `notebooks/solutions/<key>.py` defines (key like '08-password-reset-ex2'), run
    with the names its notebook defines before it (e.g. SECRET). Its closing checker call runs
    against a stand-in: the tests call the real checker themselves."""
    notebook, _, number = key.rpartition("-ex")
    exercise = next(e for e in EXERCISES if e.notebook == notebook and e.number == int(number))
    namespace: dict[str, Any] = {exercise.checker: lambda *args, **kwargs: None, **notebook_names}
    path = SOLUTIONS / f"{key}.py"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace
