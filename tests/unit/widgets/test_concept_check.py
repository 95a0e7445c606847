"""The concept check without a browser: what it shows, what it says, what it records."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from helpers.course import progress
from helpers.course.questions import questions_for
from helpers.widgets import ConceptCheck


def test_a_wrong_option_shows_and_says_its_own_explanation_and_is_recorded(recorded, course: Path) -> None:
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


def test_a_short_answer_is_judged_when_committed_gets_its_hint_and_can_be_shown(
        recorded, course: Path) -> None:
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
