"""The learner's-journey widgets without a browser: concept checks, the course map with ticks, and
saving and restoring one's work. What they show, what they say, what they record."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from datetime import datetime, timezone
from html import unescape
from pathlib import Path

import pytest

from helpers.course import progress
from helpers.course.catalog import load_course
from helpers.course.questions import questions_for
from helpers.widgets import ConceptCheck, CourseMap, SaveYourWork

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course's notebooks as the working directory, recording on."""
    folder = tmp_path / "jwt-course" / "notebooks"
    folder.mkdir(parents=True)
    for name in ("00-start-here.ipynb", "02-encode.ipynb", "03-decode.ipynb"):
        (folder / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    monkeypatch.chdir(folder)
    monkeypatch.delenv(progress.ENVIRONMENT, raising=False)
    progress._unsaved.clear()
    return folder


def minutes(path_id: str) -> int:
    """A path's minutes, from the course data (notebooks' minutes change with their content)."""
    course = load_course()
    return course.minutes(course.path(path_id).notebooks)[0]


def minutes_of(notebook_id: str) -> int:
    return load_course().notebook(notebook_id).minutes


def recorded(folder: Path) -> list[tuple[str, str, bool]]:
    path = folder / progress.FILE_NAME
    return [(a.notebook, a.item, a.passed) for a in progress.read_attempts(path)]


# --- concept check ------------------------------------------------------------------------------

def test_a_wrong_option_shows_and_says_its_own_explanation_and_is_recorded(course: Path) -> None:
    check = ConceptCheck("03-decode")
    question = questions_for("03-decode").questions[0]
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    check.answer(1, wrong)
    view = check.views[0]
    explanation = question.options[wrong].explanation
    assert "❌" in view.verdict_view.value and "Not yet." in view.verdict_view.value
    assert check.announced.startswith("Question 1: Not yet. ")
    assert check.announced.endswith(re.sub(r"`([^`]+)`", r"\1", explanation))
    right = next(i for i, o in enumerate(question.options) if o.correct)
    check.answer(1, right)
    assert "✅" in view.verdict_view.value and check.announced.startswith("Question 1: Right. ")
    item = f"q:{question.id}"
    assert recorded(course) == [("03-decode", item, False), ("03-decode", item, True)]
    assert "Answered right so far: 1 of 4." in check.summary_view.value


def test_the_chosen_option_is_marked_and_only_it(course: Path) -> None:
    check = ConceptCheck("03-decode")
    check.answer(1, 0)
    check.answer(1, 2)
    chosen = ["jwt-chosen" in button._dom_classes for button in check.views[0].option_buttons]
    assert chosen == [False, False, True, False]


def test_the_same_answer_given_twice_is_said_twice(course: Path) -> None:
    check = ConceptCheck("03-decode")
    check.answer(2, 1)
    first = check.announced
    check.answer(2, 1)
    assert check.announced != first and "the same again" in check.announced


def test_a_short_answer_is_judged_when_committed_gets_its_hint_and_can_be_shown(course: Path) -> None:
    check = ConceptCheck("03-decode")
    number = next(n for n, v in enumerate(check.views, 1) if v.question.kind == "short")
    view = check.views[number - 1]
    view.check_button.click()  # nothing typed yet: one problem line, nothing recorded
    assert check.announced == (f"Question {number}: Problem: Type your answer in the box first, "
                               "then press Enter or Check.")
    assert recorded(course) == []
    view.answer_box.value = "InvalidSignatureError"  # Enter in the box commits the value
    assert "earlier" in view.verdict_view.value and check.announced.startswith(f"Question {number}: Not yet.")
    view.check_button.click()  # Check judges what is in the box again
    assert "the same again" in check.announced
    view.show_button.click()
    assert "The answer is InvalidAlgorithmError." in check.announced
    check.answer(number, " jwt.InvalidAlgorithmError ")
    assert check.announced.startswith(f"Question {number}: Right.")
    assert recorded(course)[-1] == ("03-decode", f"q:{view.question.id}", True)
    assert len(recorded(course)) == 3


def test_an_unknown_notebook_is_one_line_not_a_traceback(course: Path) -> None:
    check = ConceptCheck("3-decode")
    assert check.views == [] and "There are no questions for '3-decode'" in unescape(check.intro_view.value)
    assert check.announced.startswith("Problem: ")


def test_a_right_answer_from_an_earlier_session_is_mentioned(course: Path) -> None:
    first = questions_for("02-encode").questions[0]
    progress.record("02-encode", f"q:{first.id}", True)
    assert "In an earlier session: 1 of 4." in ConceptCheck("02-encode").summary_view.value


# --- course map ---------------------------------------------------------------------------------

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


# --- save and restore ---------------------------------------------------------------------------

def download(widget: SaveYourWork) -> zipfile.ZipFile:
    widget.download_button.click()
    data = re.search(r'href="data:application/zip;base64,([^"]+)"', widget.link_view.value).group(1)
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(data)))


def test_one_button_downloads_the_notebooks_and_the_progress(course: Path) -> None:
    progress.record("02-encode", "ex1", True)
    widget = SaveYourWork()
    archive = download(widget)
    assert sorted(archive.namelist()) == ["README.txt", "notebooks/00-start-here.ipynb",
                                          "notebooks/02-encode.ipynb", "notebooks/03-decode.ipynb",
                                          "progress.jsonl"]
    assert archive.read("notebooks/02-encode.ipynb") == (course / "02-encode.ipynb").read_bytes()
    lines = archive.read("progress.jsonl").decode().splitlines()
    assert [json.loads(line)["item"] for line in lines] == ["ex1"]
    assert widget.announced.startswith(f"Downloading {widget.last_archive_name}: 3 notebooks and 1 progress")
    script = widget.trigger.outputs[0]["data"]["text/html"]
    nonce = re.search(r'data-nonce="([0-9a-f]+)"', widget.link_view.value).group(1)
    assert f'const nonce = "{nonce}"' in script and "link.click()" in script


def upload(widget: SaveYourWork, data: bytes, name: str = "work.zip") -> None:
    widget.upload.value = ({"name": name, "type": "application/zip", "size": len(data),
                            "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)


def test_a_restore_in_a_new_session_brings_back_notebooks_and_progress(course: Path, tmp_path,
                                                                       monkeypatch) -> None:
    progress.record("02-encode", "ex1", True)
    edited = json.loads((course / "02-encode.ipynb").read_text())
    edited["cells"][0]["source"] = ["# my own notes\n"]
    (course / "02-encode.ipynb").write_text(json.dumps(edited))
    (course / "my-notes.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    data = download(SaveYourWork()).fp.getvalue()

    fresh = tmp_path / "new-session" / "notebooks"  # a new Binder session: the course, unchanged
    fresh.mkdir(parents=True)
    for name in ("00-start-here.ipynb", "02-encode.ipynb", "03-decode.ipynb"):
        (fresh / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    monkeypatch.chdir(fresh)
    widget = SaveYourWork()
    upload(widget, data)
    assert json.loads((fresh / "02-encode.ipynb").read_text())["cells"][0]["source"] == ["# my own notes\n"]
    assert (fresh / "my-notes.ipynb").exists()
    assert widget.last_report.restored == ["02-encode.ipynb", "my-notes.ipynb"]
    assert widget.last_report.unchanged == ["00-start-here.ipynb", "03-decode.ipynb"]
    assert recorded(fresh) == [("02-encode", "ex1", True)]
    backups = list((fresh / ".jwt-restore-backup").glob("*/02-encode.ipynb"))
    original = (ROOT / "notebooks" / "02-encode.ipynb").read_bytes()
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert widget.announced.startswith("Restored 2 notebook(s): 02-encode.ipynb, my-notes.ipynb.")
    assert widget.upload.value == ()
    upload(widget, data)  # the same file again: nothing new
    assert widget.last_report.restored == [] and widget.last_report.attempts_added == 0


@pytest.mark.parametrize("data, said", [
    (b"not a zip", "this is not a zip file"),
    (b"", "this is not a zip file"),
])
def test_a_file_that_is_not_a_download_is_refused_in_one_line(course: Path, data: bytes, said: str) -> None:
    widget = SaveYourWork()
    upload(widget, data, "photo.zip")
    assert f"photo.zip cannot be restored: {said}" in widget.announced
    assert "Traceback" not in widget.message_view.value


def test_a_zip_with_paths_outside_the_folder_writes_nothing_there(course: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notebooks/../../evil.ipynb", json.dumps({"cells": []}))
        archive.writestr("notebooks/sub/dir.ipynb", json.dumps({"cells": []}))
        archive.writestr("notebooks/fake.ipynb", "not json")
        archive.writestr("run-me.py", "print('no')")
        archive.writestr("progress.jsonl", '{"notebook": "02-encode", "item": "ex1", "passed": true, '
                                           '"at": "2026-01-01T00:00:00Z"}\n')
    widget = SaveYourWork()
    upload(widget, buffer.getvalue())
    report = widget.last_report
    assert report.restored == [] and report.attempts_added == 1
    assert {name for name, _ in report.refused} == {"notebooks/../../evil.ipynb", "notebooks/sub/dir.ipynb",
                                                    "notebooks/fake.ipynb", "run-me.py"}
    assert not (tmp_path / "evil.ipynb").exists() and not (course / "run-me.py").exists()
