"""The concept checks' data: one file per notebook, every question well formed, every wrong option
explained, no answer that gives itself away by its length, and short answers judged fairly."""

from __future__ import annotations

import json
import re

import pytest

from helpers.course.catalog import load_course
from helpers.course.questions import NOT_YET, normalize, question_set_from_data, questions_for
from tools.course import ROOT

FOLDER = ROOT / "helpers" / "course" / "data" / "questions"
NOTEBOOKS = ROOT / "notebooks"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COURSE = load_course()
GIVEAWAY = 1.2  # the right option may be at most this much longer than the longest wrong one


def question_file_problems(data: dict) -> list[str]:
    """What is wrong with one notebook's question file."""
    where = data.get("notebook", "?")
    problems = []
    if data.get("status") not in {"ready", "draft"}:
        problems.append(f"{where}: status must be ready or draft")
    questions = data.get("questions", [])
    if not 2 <= len(questions) <= 4:
        problems.append(f"{where}: 2-4 questions wanted, not {len(questions)}")
    ids = [q.get("id") for q in questions]
    if len(set(ids)) != len(ids):
        problems.append(f"{where}: question ids repeat")
    for q in questions:
        at = f"{where}/{q.get('id')}"
        if not KEBAB.match(str(q.get("id", ""))):
            problems.append(f"{at}: the id must be kebab-case")
        if not str(q.get("prompt", "")).strip():
            problems.append(f"{at}: no prompt")
        if q.get("kind") == "choice":
            options = q.get("options", [])
            if not 3 <= len(options) <= 4:
                problems.append(f"{at}: 3-4 options wanted, not {len(options)}")
            if sum(o.get("correct") is True for o in options) != 1:
                problems.append(f"{at}: exactly one option must be correct")
            texts = [o.get("text", "") for o in options]
            explanations = [o.get("explanation", "") for o in options]
            if len(set(texts)) != len(texts) or not all(t.strip() for t in texts):
                problems.append(f"{at}: option texts must be there and differ")
            if len(set(explanations)) != len(explanations) or not all(e.strip() for e in explanations):
                problems.append(f"{at}: every option needs its own explanation")
            if any(set(o) != {"text", "correct", "explanation"} for o in options):
                problems.append(f"{at}: an option has keys other than text, correct, explanation")
            right = [len(o.get("text", "")) for o in options if o.get("correct") is True]
            wrong = [len(o.get("text", "")) for o in options if o.get("correct") is not True]
            if right and wrong and right[0] > GIVEAWAY * max(wrong):
                problems.append(f"{at}: the right option is much the longest ({right[0]} characters "
                                f"against {max(wrong)}): a learner could pick it by its length")
        elif q.get("kind") == "short":
            accepted = {normalize(a) for a in q.get("accept", [])}
            if not accepted or not str(q.get("explanation", "")).strip():
                problems.append(f"{at}: a short answer needs accept and an explanation")
            for hint in q.get("hints", []):
                if set(hint) != {"match", "explanation"} or not hint["explanation"].strip():
                    problems.append(f"{at}: a hint needs match and an explanation")
                elif normalize(hint["match"]) in accepted:
                    problems.append(f"{at}: the hint for {hint['match']!r} matches an accepted answer")
        else:
            problems.append(f"{at}: kind must be choice or short")
    return problems


def load(stem: str) -> dict:
    return json.loads((FOLDER / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", [path.stem for path in sorted(FOLDER.glob("*.json"))])
def test_each_question_file_is_well_formed(stem: str) -> None:
    data = load(stem)
    assert data["notebook"] == stem
    assert question_file_problems(data) == []
    assert questions_for(stem) == question_set_from_data(data)


def test_every_notebook_has_its_questions_ready_once_it_exists() -> None:
    files = {path.stem for path in FOLDER.glob("*.json")}
    assert files <= set(COURSE.ids())
    for notebook in COURSE.notebooks:
        exists = (NOTEBOOKS / notebook.file).exists()
        if exists or not notebook.planned:
            assert notebook.id in files, f"{notebook.id} has no concept check"
            assert load(notebook.id)["status"] == "ready", (
                f"{notebook.id} exists: review its draft questions against it and mark them ready")


def test_the_right_answer_is_not_where_or_how_long_a_guess_would_say() -> None:
    choices = [q for path in FOLDER.glob("*.json") for q in load(path.stem)["questions"]
               if q["kind"] == "choice"]
    positions = [[o["correct"] for o in q["options"]].index(True) for q in choices]
    longest = [max(q["options"], key=lambda o: len(o["text"]))["correct"] for q in choices]
    assert max(positions.count(p) for p in set(positions)) <= 0.4 * len(choices)
    assert sum(longest) <= 0.4 * len(choices)  # chance is 1/3 or 1/4


@pytest.mark.parametrize("change, expect", [
    (lambda d: d["questions"].pop() and d["questions"].pop() and d["questions"].pop(), "2-4 questions"),
    (lambda d: d["questions"][0]["options"][1].update(correct=True), "exactly one option"),
    (lambda d: d["questions"][0]["options"][2].update(explanation=""), "its own explanation"),
    (lambda d: d["questions"][0]["options"][3].update(text="x" * 300, correct=True)
     or d["questions"][0]["options"][0].update(correct=False), "much the longest"),
    (lambda d: d["questions"][3]["hints"][0].update(match="jwt.InvalidAlgorithmError"),
     "matches an accepted answer"),
    (lambda d: d["questions"][1].update(id="Changed Payload"), "kebab-case"),
], ids=["too-few", "two-correct", "no-explanation", "long-right-answer", "hint-accepted", "id"])
def test_the_checks_find_a_broken_file(change, expect: str) -> None:
    data = load("03-decode")
    change(data)
    assert any(expect in problem for problem in question_file_problems(data)), question_file_problems(data)


@pytest.mark.parametrize("given, right", [
    ("InvalidAlgorithmError", True), ("  `jwt.InvalidAlgorithmError`. ", True),
    ("invalidalgorithmerror", True), ("'jwt.exceptions.InvalidAlgorithmError'", True),
    ("InvalidAlgorithmError()", True), ("jwt.InvalidAlgorithmError:", True),
    ("InvalidSignatureError", False), ("Invalid Algorithm Error", False), ("", False),
])
def test_a_short_answer_is_judged_without_fuss_about_case_quotes_or_full_stop(given: str,
                                                                              right: bool) -> None:
    question = next(q for q in questions_for("03-decode").questions if q.kind == "short")
    assert question.judge_short(given).correct is right


def test_a_usual_wrong_short_answer_gets_its_own_hint_and_others_a_nudge() -> None:
    question = next(q for q in questions_for("03-decode").questions if q.kind == "short")
    assert "earlier" in question.judge_short("InvalidSignatureError").explanation
    assert question.judge_short("KeyError").explanation == NOT_YET
    assert questions_for("99-nothing") is None and questions_for("../course") is None
