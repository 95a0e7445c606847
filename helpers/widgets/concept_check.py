"""Concept check: a notebook's few short questions, each answer explained, every verdict recorded.

A multiple-choice question shows one button per option: pressing one is the answer. A short
answer is judged when it is committed (Enter, or leaving the box) and by its Check button. Either
way the answer travels in the same message as the request to judge it: a radio button and a
separate Check button are two widgets, and ipywidgets may deliver the second's press before the
first's new value when the kernel is busy, so the kernel would judge the option chosen before.
"""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import ipywidgets as widgets

from helpers.course import progress
from helpers.course.questions import Question, QuestionSet, questions_for
from helpers.widgets.base import CourseWidget, button
from helpers.widgets.style import message_html

CODE = re.compile(r"`([^`]+)`")
MARK = re.compile(r"\*([^*]+)\*")
VERDICT_STYLES = {"ok": ("✅", "ok"), "no": ("❌", "note"), "answer": ("💡", "info"),
                  "error": ("⚠️ Problem:", "error")}


def prose_html(text: str) -> str:
    """A question's or explanation's text as HTML: `code` and *emphasis*, everything escaped."""
    escaped = html.escape(text, quote=False)
    return MARK.sub(r"<em>\1</em>", CODE.sub(r"<code>\1</code>", escaped))


def plain(text: str) -> str:
    """Text as a button label or a screen reader has it: without backticks or asterisks."""
    return MARK.sub(r"\1", CODE.sub(r"\1", text))


class QuestionView:
    """One question: its prompt, its option buttons or answer box, and the verdict under them."""

    def __init__(self, owner: ConceptCheck, number: int, total: int, question: Question) -> None:
        self.owner = owner
        self.number = number
        self.question = question
        self.right = False
        self.last_said = ""
        self.prompt_id = f"jwt-q-{owner.uid}-{number}"
        self.prompt = widgets.HTML(f'<p class="jwt-prompt" id="{self.prompt_id}"><strong>Question '
                                   f"{number} of {total}.</strong> {prose_html(question.prompt)}</p>")
        self.verdict_view = widgets.HTML()
        self.verdict_view.add_class("jwt-verdict-view")
        controls: list[widgets.Widget]
        if question.kind == "choice":
            self.option_buttons = [widgets.Button(description=plain(option.text),
                                                  layout=widgets.Layout(width="auto"))
                                   for option in question.options]
            for index, option_button in enumerate(self.option_buttons):
                option_button.add_class("jwt-option")
                option_button.on_click(lambda _, index=index: self.owner.guarded(lambda: self.choose(index)))
            self.options_box = widgets.VBox(self.option_buttons)
            self.options_box.add_class("jwt-options")
            controls = [self.options_box]
        else:
            self.answer_box = widgets.Text(description=f"Answer {number}", placeholder="your answer",
                                           continuous_update=False,
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="100%"))
            self.answer_box.observe(lambda _: self.owner.guarded(self.check), names="value")
            self.check_button = button(f"Check answer {number}", "check",
                                       f"check your answer to question {number}")
            self.check_button.on_click(lambda _: self.owner.guarded(self.check))
            self.show_button = button(f"Show answer {number}", "eye", f"show the answer to question {number}")
            self.show_button.on_click(lambda _: self.owner.guarded(self.show_answer))
            controls = [self.answer_box, widgets.HBox([self.check_button, self.show_button],
                                                      layout=widgets.Layout(flex_flow="row wrap"))]
        self.box = widgets.VBox([self.prompt, *controls, self.verdict_view])
        self.box.add_class("jwt-question")

    def choose(self, index: int) -> None:
        """The learner pressed option `index`: mark it as chosen, judge it, record it."""
        for number, option_button in enumerate(self.option_buttons):
            if number == index:
                option_button.add_class("jwt-chosen")
            else:
                option_button.remove_class("jwt-chosen")
        verdict = self.question.judge_choice(index)
        self.conclude(verdict.correct, verdict.explanation)

    def check(self) -> None:
        """Judge the short answer in the box (a problem line if it is empty)."""
        if not self.answer_box.value.strip():
            self.show("Type your answer in the box first, then press Enter or Check.", "error")
            return
        verdict = self.question.judge_short(self.answer_box.value)
        self.conclude(verdict.correct, verdict.explanation)

    def conclude(self, correct: bool, explanation: str) -> None:
        self.right = self.right or correct
        progress.record(self.owner.notebook, f"q:{self.question.id}", correct)
        self.show(f"{'Right' if correct else 'Not yet'}. {explanation}", "ok" if correct else "no")
        self.owner.update_summary()

    def show_answer(self) -> None:
        self.show(f"The answer is {self.question.answer}. {self.question.explanation}", "answer")

    def show(self, text: str, kind: str) -> None:
        """Show a verdict (ok, no), the answer, or a problem (error) under the question, in words
        and an icon, and say it; a verdict said again (the same answer twice) says so."""
        icon, style = VERDICT_STYLES[kind]
        self.verdict_view.value = (f'<div class="jwt-message jwt-message-{style}" data-kind="{kind}">'
                                   f"{icon} {prose_html(text)}</div>")
        said = f"Question {self.number}: {'Problem: ' if kind == 'error' else ''}{plain(text)}"
        if said == self.last_said:
            said = f"Question {self.number}, the same again: {plain(text)}"
        self.last_said = said
        self.owner.announce(said)


class ConceptCheck(CourseWidget):
    """A notebook's concept check: 2-4 questions, multiple choice or a short answer."""

    css_class = "jwt-concept-check"
    placeholder = ("[Concept check: run this cell to answer a few short questions on this notebook; "
                   "every answer is explained.]")

    def __init__(self, notebook: str) -> None:
        self.notebook = str(notebook)
        self.uid = uuid.uuid4().hex[:8]
        self.intro_view = widgets.HTML()
        self.summary_view = widgets.HTML()
        self.summary_view.add_class("jwt-summary-view")
        self.views: list[QuestionView] = []
        question_set: QuestionSet | None = None
        problem = ""
        try:
            question_set = questions_for(self.notebook)
        except Exception as error:  # noqa: BLE001 - a broken data file must not raise here
            problem = f"The questions of {self.notebook} could not be read ({type(error).__name__})."
        if question_set is None and not problem:
            problem = (f"There are no questions for {self.notebook!r}: pass the notebook's name, "
                       "e.g. ConceptCheck('02-encode').")
        if question_set is not None:
            total = len(question_set.questions)
            self.views = [QuestionView(self, number, total, question)
                          for number, question in enumerate(question_set.questions, start=1)]
            self.intro_view.value = (
                f'<p class="jwt-intro">{total} questions. Press the answer you choose, or type it and '
                "press Enter: every answer, right or wrong, tells you why.</p>")
        super().__init__([self.intro_view, *(view.box for view in self.views), self.summary_view])
        if problem:
            self.intro_view.value = message_html(problem, "error")
            self.announce(f"Problem: {problem}")
        else:
            self.update_summary(said=True)

    def guarded(self, action: Any) -> None:
        """Run a button's action; anything unexpected becomes one line, never a traceback."""
        try:
            action()
        except Exception as error:  # noqa: BLE001 - widget callbacks must not raise
            self.show_problem(f"Something went wrong: {type(error).__name__}: {error}", self.summary_view)

    def update_summary(self, said: bool = False) -> None:
        right = sum(view.right for view in self.views)
        text = f"Answered right so far: {right} of {len(self.views)}."
        earlier = self._earlier_right()
        if earlier and right == 0:
            text += f" (In an earlier session: {earlier} of {len(self.views)}.)"
        self.summary_view.value = f'<p class="jwt-summary">{text}</p>'
        if said:
            self.announce(f"Concept check: {len(self.views)} questions. {text}")

    def _earlier_right(self) -> int:
        done = progress.states(progress.read_attempts())
        return sum(done.get(f"{self.notebook}/q:{view.question.id}") == progress.DONE for view in self.views)

    def answer(self, number: int, value: int | str) -> None:
        """Answer question `number` as a learner would: press an option (its index), or type the
        text and commit it (for tests and demonstrations)."""
        view = self.views[number - 1]
        if view.question.kind == "choice":
            view.option_buttons[int(value)].click()
        elif view.answer_box.value == str(value):  # the same text again: no change to observe
            view.check_button.click()
        else:
            view.answer_box.value = str(value)

    @classmethod
    def demo(cls) -> ConceptCheck:
        """03's questions: multiple choice and a short answer."""
        return cls("03-decode")
