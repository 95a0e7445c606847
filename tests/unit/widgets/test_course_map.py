"""The course map with ticks, without a browser: the goal's notebooks, minutes and what is done."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from helpers.course import progress
from helpers.course.catalog import load_course
from helpers.widgets import CourseMap


def minutes(path_id: str) -> int:
    """A path's minutes, from the course data (notebooks' minutes change with their content)."""
    course = load_course()
    return course.minutes(course.path(path_id).notebooks)[0]


def minutes_of(notebook_id: str) -> int:
    return load_course().notebook(notebook_id).minutes


def test_the_map_shows_the_goals_notebooks_minutes_and_ticks(course: Path) -> None:
    progress.record("00-start-here", "ex1", True)
    progress.record("00-start-here", "ex2", True)
    progress.record("02-encode", "ex1", False)
    course_map = CourseMap("password-reset")
    table = course_map.table_view.value
    assert re.findall(r'data-notebook="([^"]+)"', table) == [
        "00-start-here", "01-import", "02-encode", "03-decode", "04-expiry", "08-password-reset"]
    assert 'data-notebook="00-start-here" data-status="✓ done"' in table
    assert 'data-notebook="02-encode" data-status="started"' in table
    assert "0 of 3 done, 1 tried" in table
    total = minutes("password-reset")
    assert course_map.announced == (f"Add a password-reset link: 6 notebooks, {total} minutes. Done: 1 of 6; "
                                    f"about {total - minutes_of('00-start-here')} minutes left.")
    assert "Not on this path: 05 Claims, 06 Keys" in course_map.about_view.value


def test_a_new_goal_and_a_refresh_are_drawn_and_said(course: Path) -> None:
    course_map = CourseMap()
    assert course_map.goal_box.value == "everything"
    course = load_course()
    assert course.minutes_text(course.ids()) in course_map.announced  # with what is being written
    course_map.goal_box.value = "core"
    core = minutes("core")
    assert course_map.announced == (f"Understand JWTs and use PyJWT correctly: 5 notebooks, {core} minutes. "
                                    "Done: 0 of 5.")
    progress.record("01-import", "ex1", True)
    progress.record("01-import", "ex2", True)
    course_map.refresh_button.click()
    left = core - minutes_of("01-import")
    assert re.match(rf"Progress read again at \d\d:\d\d:\d\d\. .*Done: 1 of 5; about {left} minutes left\.",
                    course_map.announced)


def test_an_unknown_goal_or_recording_off_is_said_in_one_line(course: Path, monkeypatch) -> None:
    assert "There is no goal 'login please'" in unescape(CourseMap("login please").message_view.value)
    monkeypatch.setenv(progress.ENVIRONMENT, "off")
    assert "recording is off" in CourseMap().message_view.value
