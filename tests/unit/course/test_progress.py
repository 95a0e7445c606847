"""The progress file: where it lives, what a record holds, and that it survives and never raises.

Kernels are stand-ins here: a record written by one process and read by a new one is what a
kernel restart or a new session sees; four processes writing at once are four open notebooks.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.course import progress
from helpers.exercises import check_attack, check_part_count
from helpers.exercises.feedback import Feedback, record_verdict
from tools.course import ROOT


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course folder (notebooks/ with a 00) as the working directory, recording switched on."""
    notebooks = tmp_path / "course" / "notebooks"
    notebooks.mkdir(parents=True)
    (notebooks / progress.MARKER).write_text("{}")
    monkeypatch.chdir(notebooks)
    monkeypatch.delenv(progress.ENVIRONMENT, raising=False)
    progress._unsaved.clear()
    return notebooks


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_file_lives_in_the_folder_of_the_course_notebooks(course: Path, monkeypatch) -> None:
    assert progress.progress_file() == course / progress.FILE_NAME
    monkeypatch.chdir(course.parent)  # the clone's root: its notebooks/ holds the course
    assert progress.progress_file() == course / progress.FILE_NAME
    (course / "solutions").mkdir()
    monkeypatch.chdir(course / "solutions")  # below it: the nearest folder with 00
    assert progress.progress_file() == course / progress.FILE_NAME


def test_outside_a_course_nothing_is_recorded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(progress.ENVIRONMENT, raising=False)
    assert progress.progress_file() is None
    assert progress.record("02-encode", "ex1", True) is None
    assert list(tmp_path.iterdir()) == []


def test_the_environment_moves_the_file_or_turns_recording_off(course: Path, tmp_path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere.jsonl"
    monkeypatch.setenv(progress.ENVIRONMENT, str(elsewhere))
    progress.record("02-encode", "ex1", True)
    assert [line["item"] for line in lines(elsewhere)] == ["ex1"]
    monkeypatch.setenv(progress.ENVIRONMENT, "off")
    assert progress.record("02-encode", "ex2", True) is None
    assert progress.read_attempts() == []
    assert not (course / progress.FILE_NAME).exists()


def test_a_checker_records_each_verdict_but_not_an_exercise_left_undone(course: Path) -> None:
    check_part_count(...)  # Your turn: not an attempt
    assert not (course / progress.FILE_NAME).exists()
    assert check_part_count(2).correct is False
    assert check_part_count(3).correct is True
    records = lines(course / progress.FILE_NAME)
    assert [(r["notebook"], r["item"], r["passed"]) for r in records] == [
        ("00-start-here", "ex1", False), ("00-start-here", "ex1", True)]
    assert all(r["at"].endswith("Z") and len(r["at"]) == 20 for r in records)
    assert progress.states(progress.read_attempts()) == {"00-start-here/ex1": "done"}


def test_the_attack_named_tells_the_lab_exercises_apart(course: Path) -> None:
    record_verdict("check_attack", ("jku",), {}, Feedback(False, "no"))
    record_verdict("check_attack", (), {"attack": "alg none"}, Feedback(True, "yes"))
    record_verdict("check_attack", ("no such attack",), {}, Feedback(False, "no"))
    assert [(r["notebook"], r["item"]) for r in lines(course / progress.FILE_NAME)] == [
        ("11-key-and-claim-attacks", "ex1"), ("10-attack-lab", "ex2")]
    # A real call with servers missing is still judged (not yet) and recorded, never raised.
    assert check_attack("weak secret", "not-a-token", None, None).correct is False
    assert lines(course / progress.FILE_NAME)[-1]["item"] == "ex3"


def test_a_new_process_reads_what_an_earlier_one_wrote(course: Path) -> None:
    """A kernel restart, a re-run or a new session on the same files keeps the progress."""
    code = ("from helpers.exercises import check_part_count\ncheck_part_count(3)\n")
    subprocess.run([sys.executable, "-c", code], cwd=course, check=True,
                   env={k: v for k, v in os.environ.items() if k != progress.ENVIRONMENT})
    reader = ("from helpers.course.progress import read_attempts, states\n"
              "print(states(read_attempts()))")
    shown = subprocess.run([sys.executable, "-c", reader], cwd=course, check=True, text=True,
                           capture_output=True,
                           env={k: v for k, v in os.environ.items() if k != progress.ENVIRONMENT})
    assert shown.stdout.strip() == "{'00-start-here/ex1': 'done'}"


def _write_many(path: str, worker: int, count: int) -> None:
    for number in range(count):
        progress.record(f"0{worker}-kernel", f"ex{number}", number % 2 == 0, file=Path(path))


def test_kernels_recording_at_once_lose_no_record_and_mix_no_lines(tmp_path: Path) -> None:
    path = tmp_path / progress.FILE_NAME
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(path), worker, 150)) for worker in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    text = path.read_text()
    assert len(text.splitlines()) == 600
    attempts = progress.read_attempts(path)
    assert len(attempts) == 600
    assert {a.notebook for a in attempts} == {f"0{w}-kernel" for w in range(4)}


def test_a_corrupt_file_is_read_around_and_written_after(course: Path) -> None:
    path = course / progress.FILE_NAME
    good = progress.Attempt("02-encode", "ex1", True, "2026-01-01T00:00:00Z").as_line()
    path.write_bytes(b"\x00\xff not json\n[1, 2]\n{\"notebook\": 3}\n" + good.encode() + b"\n"
                     b'{"notebook": "02-encode", "item": "ex2", "pas')  # a write cut off
    assert [a.item for a in progress.read_attempts()] == ["ex1"]
    progress.record("02-encode", "ex3", False)
    assert [a.item for a in progress.read_attempts()] == ["ex1", "ex3"]
    assert path.read_bytes().endswith(b"\n")


@pytest.mark.parametrize("make_unwritable", ["a folder in its place", "a file in place of the folder"])
def test_an_unwritable_place_never_raises_and_this_kernel_keeps_its_records(
        tmp_path: Path, monkeypatch, make_unwritable: str) -> None:
    if make_unwritable == "a folder in its place":
        target = tmp_path / progress.FILE_NAME
        target.mkdir()
    else:
        (tmp_path / "notebooks").write_text("a file, not a folder")
        target = tmp_path / "notebooks" / progress.FILE_NAME
    monkeypatch.setenv(progress.ENVIRONMENT, str(target))
    progress._unsaved.clear()
    assert check_part_count(3).correct is True  # the learner still gets the verdict
    assert "could not be saved" in progress.saving_problem()
    assert progress.states(progress.read_attempts()) == {"00-start-here/ex1": "done"}
    progress._unsaved.clear()
    progress._problem["text"] = ""


def test_a_read_only_folder_never_raises(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course.chmod(0o500)
    if os.geteuid() == 0:  # root writes into read-only folders: refuse as the kernel of a learner would
        real_open = os.open

        def refuse(path, flags, *args):
            if Path(path).parent == course or course in Path(path).parents:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", refuse)
    try:
        assert check_part_count(3).correct is True
        assert "could not be saved" in progress.saving_problem()
    finally:
        course.chmod(0o700)


def test_the_command_prints_the_progress_as_text_and_json(course: Path) -> None:
    check_part_count(3)
    progress.record("02-encode", "q:who-can-read-payload", True)
    environment = {k: v for k, v in os.environ.items() if k != progress.ENVIRONMENT}
    text = subprocess.run([sys.executable, "-m", "helpers.progress"], cwd=course, check=True,
                          capture_output=True, text=True, env=environment).stdout
    assert "2 answers recorded" in text
    assert "00 Start here" in text and "exercises 1 of 2 done" in text
    assert "questions 1 of 4 right" in text
    data = json.loads(subprocess.run([sys.executable, "-m", "helpers.progress", "--json"], cwd=course,
                                     check=True, capture_output=True, text=True, env=environment).stdout)
    assert data["notebooks"]["00-start-here"]["exercises"] == {"ex1": "done", "ex2": ""}
    assert data["notebooks"]["02-encode"]["questions"]["who-can-read-payload"] == "done"
    assert len(data["records"]) == 2


def test_the_class_command_reads_every_home(tmp_path: Path) -> None:
    homes = tmp_path / "homes"
    for name, passed in (("ada", True), ("bob", False)):
        notebooks = homes / name / "jwt-course" / "notebooks"
        notebooks.mkdir(parents=True)
        progress.record("02-encode", "ex1", passed, file=notebooks / progress.FILE_NAME)
    (homes / "cy").mkdir()
    output = subprocess.run([sys.executable, "-m", "helpers.progress", "--class", str(homes)],
                            check=True, capture_output=True, text=True, cwd=ROOT).stdout
    rows = {line.split()[0]: line for line in output.splitlines() if line.split()
            and line.split()[0] in {"ada", "bob", "cy"}}
    assert rows["ada"].split()[3] == "✓··" and rows["bob"].split()[3] == "~··"
    assert rows["cy"].split()[3] == "···"
    data = json.loads(subprocess.run([sys.executable, "-m", "helpers.progress", "--class", str(homes),
                                      "--json"], check=True, capture_output=True, text=True).stdout)
    states = {row["name"]: row["exercises"]["02-encode/ex1"] for row in data["learners"]}
    assert states == {"ada": "done", "bob": "tried", "cy": "not started"}
