"""The exercise table agrees with the notebooks, the solutions and the checkers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import helpers.exercises
from helpers.exercises.registry import EXERCISES, exercises_of, find_exercise
from tools.course import NOTEBOOKS, course_notebooks

CALL = re.compile(r"\b(check_[a-z0-9_]+)\((?:'([^']*)')?")


def checker_calls(notebook: Path) -> list[tuple[str, str | None]]:
    """(checker, attack) for each exercise checker a notebook's code cells call, in order."""
    calls = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            for name, first in CALL.findall("".join(cell["source"])):
                if name in helpers.exercises.__all__:
                    calls.append((name, first or None))
    return calls


@pytest.mark.parametrize("notebook", course_notebooks(), ids=lambda p: p.stem)
def test_the_table_lists_each_notebooks_exercises_in_order(notebook):
    listed = [(e.checker, e.attack) for e in exercises_of(notebook.stem)]
    called = [(name, attack if name == "check_attack" else None) for name, attack in checker_calls(notebook)]
    assert listed == called


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_each_exercise_has_a_solution_and_a_public_checker(exercise):
    assert (NOTEBOOKS / exercise.solution).is_file()
    assert exercise.checker in helpers.exercises.__all__
    assert find_exercise(exercise.checker, (exercise.attack,) if exercise.attack else ()) == exercise


def test_every_solution_file_belongs_to_an_exercise():
    listed = {exercise.solution for exercise in EXERCISES}
    assert {f"solutions/{path.name}" for path in (NOTEBOOKS / "solutions").glob("*.py")} == listed


def test_find_exercise_needs_the_attack_to_tell_check_attack_apart():
    assert find_exercise("check_attack") is None
    assert find_exercise("check_attack", ("no such attack",)) is None
    assert find_exercise("check_attack", ("jku",)).key == "11-key-and-claim-attacks/ex1"
    assert find_exercise("not_a_checker") is None
