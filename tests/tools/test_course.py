"""tools/course.py: the course's notebooks in order, and the tutorial's core, from one function."""

from __future__ import annotations

import re

from tools.course import CORE, NOTEBOOKS, course_notebook_names, course_notebooks


def test_the_course_is_every_numbered_notebook_in_order():
    names = course_notebook_names()
    assert names == sorted(names) and names[0] == "00-start-here.ipynb"
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", name) for name in names)
    assert [path.name for path in course_notebooks()] == names
    assert all(path.parent == NOTEBOOKS and path.is_file() for path in course_notebooks())
    numbered = {path.name for path in NOTEBOOKS.glob("*.ipynb") if path.name[:2].isdigit()}
    assert set(names) == numbered  # nothing numbered is left out


def test_the_core_is_the_tutorial_from_00_to_04():
    assert [name[:2] for name in CORE] == ["00", "01", "02", "03", "04"]
    assert list(CORE) == course_notebook_names()[:5]
    assert CORE[-1] == "04-expiry.ipynb"  # the tutorial ends with the token that expires


def test_another_folder_holds_only_the_notebooks_it_has(tmp_path):
    for name in ("04-expiry.ipynb", "00-start-here.ipynb", "99-not-in-the-course-map.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [path.name for path in course_notebooks(tmp_path)] == ["00-start-here.ipynb", "04-expiry.ipynb"]
