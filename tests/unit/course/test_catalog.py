"""The course map (helpers/course/data/course.json) agrees with the notebooks, and every path by
goal holds what its notebooks need, judged from the prerequisites the data states and from the
course helpers each notebook uses.

A notebook listed as `planned` (being written) may have no file yet; every other listed notebook
must exist, and every notebook file must be listed. Once a planned notebook's file exists, its
minutes must be confirmed (not null) and it is checked like the others.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

import helpers
import helpers.exercises
import helpers.widgets
from helpers.course.catalog import Course, course_from_data, load_course
from helpers.exercises.registry import EXERCISES
from tools.course import NOTEBOOKS, ROOT

TIME = re.compile(r"\*\*Time:\*\*\s*(\d+) minutes")
FACADES = {"helpers": helpers._HOMES, "helpers.widgets": helpers.widgets._HOMES,
           "helpers.exercises": helpers.exercises._HOMES}
COURSE = load_course()
# Helpers whose name says all a learner needs, e.g. stop_all_servers(): no notebook teaches them.
SELF_EXPLANATORY = set(json.loads((ROOT / "helpers" / "course" / "data" / "course.json").read_text())
                       ["self_explanatory_helpers"])


def notebook_files(folder: Path = NOTEBOOKS) -> list[str]:
    """Every numbered notebook in `folder`, in the map or not (course_notebooks() keeps only the map's)."""
    return sorted(path.stem for path in folder.glob("[0-9][0-9]-*.ipynb"))


def cells(stem: str, folder: Path = NOTEBOOKS) -> list[dict]:
    return json.loads((folder / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def stated_minutes(stem: str, folder: Path = NOTEBOOKS) -> int | None:
    for cell in cells(stem, folder)[:2]:
        if cell["cell_type"] == "markdown" and (found := TIME.search("".join(cell["source"]))):
            return int(found.group(1))
    return None


def map_problems(course: Course, folder: Path = NOTEBOOKS) -> list[str]:
    """What is wrong between the course map and the notebook files in `folder`."""
    problems = []
    files = notebook_files(folder)
    ids = course.ids()
    if len(set(ids)) != len(ids) or ids != sorted(ids):
        problems.append(f"notebook ids repeat or are out of course order: {ids}")
    for stem in files:
        if stem not in ids:
            problems.append(f"{stem}.ipynb is not in the course map")
    for notebook in course.notebooks:
        exists = notebook.id in files
        if not exists and not notebook.planned:
            problems.append(f"{notebook.id} is in the course map but has no file: "
                            "mark it planned while it is being written")
        if exists and notebook.minutes is None:
            problems.append(f"{notebook.id} exists now: confirm its minutes in the course map")
        stated = stated_minutes(notebook.id, folder) if exists else None
        if exists and notebook.minutes is not None and stated != notebook.minutes:
            problems.append(f"{notebook.id}: the map says {notebook.minutes} minutes, the notebook "
                            f"states {stated_minutes(notebook.id, folder)}")
        if notebook.track not in {track.id for track in course.tracks}:
            problems.append(f"{notebook.id}: unknown track {notebook.track!r}")
        for need in (*notebook.needs, *notebook.recommends):
            if need.notebook not in ids or need.notebook >= notebook.id:
                problems.append(f"{notebook.id} builds on {need.notebook}, not an earlier notebook")
            if not need.why.strip():
                problems.append(f"{notebook.id} -> {need.notebook}: say why")
    return problems


def path_problems(course: Course) -> list[str]:
    problems = []
    path_ids = [path.id for path in course.paths]
    if len(set(path_ids)) != len(path_ids):
        problems.append(f"path ids repeat: {path_ids}")
    for path in course.paths:
        chosen = list(path.notebooks)
        if chosen != sorted(set(chosen)) or not set(chosen) <= set(course.ids()):
            problems.append(f"path {path.id}: notebooks unknown, repeated or out of order")
            continue
        for stem in chosen:
            missing = sorted(set(course.all_needs(stem)) - set(chosen))
            if missing:
                problems.append(f"path {path.id}: {stem} needs {missing}, which the path leaves out")
    if not any(list(path.notebooks) == course.ids() for path in course.paths):
        problems.append("no path holds the whole course")
    return problems


# --- which course helpers a notebook uses, and which notebook teaches each ----------------------

def names_used(stem: str, folder: Path = NOTEBOOKS) -> list[str]:
    """The facade names a notebook imports (helpers, helpers.widgets, helpers.exercises), in order."""
    found: list[str] = []
    for cell in cells(stem, folder):
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(TransformerManager().transform_cell("".join(cell["source"])))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in FACADES:
                found += [alias.name for alias in node.names if alias.name not in found]
    return found


def own_checkers(stem: str) -> set[str]:
    return {exercise.checker for exercise in EXERCISES if exercise.notebook == stem}


def name_problems(course: Course, folder: Path = NOTEBOOKS) -> list[str]:
    """A notebook that uses a course helper needs the notebook that teaches it: the first notebook
    (in course order) that uses it, or one that says it explains it again. Each notebook's
    prerequisites, and so every path, must include one of them."""
    existing = [n for n in course.notebooks if (folder / n.file).exists()]
    used = {n.id: names_used(n.id, folder) for n in existing}
    teachers: dict[str, list[str]] = {}
    for notebook in existing:
        for name in used[notebook.id]:
            teachers.setdefault(name, []).append(notebook.id) if name not in teachers else None
        for name in notebook.explains_again:
            teachers.setdefault(name, []).append(notebook.id)
    problems = []
    for notebook in existing:
        known = {notebook.id, *course.all_needs(notebook.id)}
        for name in used[notebook.id]:
            if (name in own_checkers(notebook.id) or name in SELF_EXPLANATORY
                    or set(teachers.get(name, [])) & known):
                continue
            problems.append(f"{notebook.id} uses {name}, taught in {teachers[name][0]}, which its "
                            "prerequisites leave out: add it to needs, or explain the name here and "
                            "list it in explains_again")
        prose = "\n".join("".join(c["source"]) for c in cells(notebook.id, folder)
                          if c["cell_type"] == "markdown")
        for name in notebook.explains_again:
            if f"`{name}" not in prose:
                problems.append(f"{notebook.id} says it explains {name} again, but its text never "
                                f"names `{name}`")
    return problems


# --- the tests ------------------------------------------------------------------------------------

def test_the_course_map_agrees_with_the_notebooks() -> None:
    assert map_problems(COURSE) == []


def test_every_path_holds_what_its_notebooks_need() -> None:
    assert path_problems(COURSE) == []


def test_no_notebook_uses_a_helper_its_prerequisites_do_not_teach() -> None:
    assert name_problems(COURSE) == []


def test_the_two_notebooks_being_written_are_in_the_map_so_paths_can_name_them() -> None:
    for stem in ("12-your-app", "13-real-world"):
        notebook = COURSE.notebook(stem)
        assert notebook.planned or (NOTEBOOKS / notebook.file).exists()
        assert any(stem in path.notebooks for path in COURSE.paths if path.id != "everything")


# --- the checks fail where they must ------------------------------------------------------------

def data() -> dict:
    return json.loads((ROOT / "helpers" / "course" / "data" / "course.json").read_text())


def test_a_missing_file_is_tolerated_only_for_a_planned_notebook(tmp_path: Path) -> None:
    for stem in notebook_files():
        (tmp_path / f"{stem}.ipynb").write_text((NOTEBOOKS / f"{stem}.ipynb").read_text())
    (tmp_path / "02-encode.ipynb").unlink()
    course = COURSE
    assert "02-encode is in the course map but has no file" in "\n".join(map_problems(course, tmp_path))
    planned = replace(course, notebooks=tuple(replace(n, planned=True) if n.id == "02-encode" else n
                                              for n in course.notebooks))
    assert map_problems(planned, tmp_path) == []
    # A planned notebook whose file arrives must have its minutes confirmed (12 was one).
    (tmp_path / "12-your-app.ipynb").unlink()
    planned = replace(planned, notebooks=tuple(replace(n, planned=True, minutes=None)
                                               if n.id == "12-your-app" else n for n in planned.notebooks))
    assert map_problems(planned, tmp_path) == []
    (tmp_path / "12-your-app.ipynb").write_text((NOTEBOOKS / "09-bearer-api.ipynb").read_text())
    assert "12-your-app exists now: confirm its minutes" in "\n".join(map_problems(planned, tmp_path))
    (tmp_path / "14-extra.ipynb").write_text("{}")
    assert "14-extra.ipynb is not in the course map" in "\n".join(map_problems(planned, tmp_path))


def test_wrong_minutes_and_a_later_prerequisite_are_found() -> None:
    changed = data()
    changed["notebooks"][2]["minutes"] = 99
    changed["notebooks"][3]["needs"].append({"notebook": "05-claims", "why": "x"})
    problems = "\n".join(map_problems(course_from_data(changed)))
    assert "02-encode: the map says 99 minutes, the notebook states 20" in problems
    assert "03-decode builds on 05-claims, not an earlier notebook" in problems


def test_a_path_that_leaves_out_a_need_is_found() -> None:
    changed = data()
    reset = next(path for path in changed["paths"] if path["id"] == "password-reset")
    reset["notebooks"].remove("03-decode")
    problems = path_problems(course_from_data(changed))
    assert any("path password-reset: 04-expiry needs ['03-decode']" in p for p in problems)


def test_a_helper_from_a_notebook_outside_the_prerequisites_is_found() -> None:
    changed = data()
    attack_lab = next(n for n in changed["notebooks"] if n["id"] == "10-attack-lab")
    attack_lab["explains_again"] = []  # 10 uses split_token, which 09 introduced
    problems = name_problems(course_from_data(changed))
    assert any(p.startswith("10-attack-lab uses split_token, taught in 09-bearer-api") for p in problems)
    reset = next(n for n in changed["notebooks"] if n["id"] == "08-password-reset")
    reset["explains_again"].append("make_safe_api")
    problems = name_problems(course_from_data(changed))
    assert any("08-password-reset says it explains make_safe_api again" in p for p in problems)


@pytest.mark.parametrize("path_id", [path.id for path in COURSE.paths])
def test_each_path_has_a_goal_for_someone_and_its_minutes(path_id: str) -> None:
    path = COURSE.path(path_id)
    assert path.goal and path.for_whom.endswith(".")
    assert COURSE.minutes_text(path.notebooks).startswith(str(COURSE.minutes(path.notebooks)[0]))
