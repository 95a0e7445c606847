"""Concept check: a notebook's few short questions, each answer explained, every verdict recorded."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import ipywidgets as widgets

from helpers.course import progress
from helpers.course.questions import Question, QuestionSet, questions_for
from helpers.widgets.base import CourseWidget
from helpers.widgets.style import message_html

CODE = re.compile(r"`([^`]+)`")
MARK = re.compile(r"\*([^*]+)\*")


def prose_html(text: str) -> str:
    """A question's or explanation's text as HTML: `code` and *emphasis*, everything escaped."""
    escaped = html.escape(text, quote=False)
    return MARK.sub(r"<em>\1</em>", CODE.sub(r"<code>\1</code>", escaped))


def plain(text: str) -> str:
    """An option as a radio button's label shows it: plain text, without the backticks."""
    return CODE.sub(r"\1", text)


class QuestionView:
    """The controls of one question: its prompt, its answer box or options, Check, and the verdict."""

    def __init__(self, owner: ConceptCheck, number: int, total: int, question: Question) -> None:
        self.owner = owner
        self.number = number
        self.question = question
        self.prompt_id = f"jwt-q-{owner.uid}-{number}"
        self.prompt = widgets.HTML(f'<p class="jwt-prompt" id="{self.prompt_id}"><strong>Question '
                                   f"{number} of {total}.</strong> {prose_html(question.prompt)}</p>")
        self.verdict_view = widgets.HTML()
        self.verdict_view.add_class("jwt-verdict-view")
        self.check_button = widgets.Button(description=f"Check answer {number}", icon="check",
                                           tooltip=f"check your answer to question {number}")
        self.check_button.on_click(lambda _: self.owner.guarded(self.check))
        controls: list[widgets.Widget]
        if question.kind == "choice":
            self.choices = widgets.RadioButtons(
                options=[(plain(option.text), index) for index, option in enumerate(question.options)],
                value=None, layout=widgets.Layout(width="100%"))
            self.choices.add_class("jwt-choices")
            controls = [self.choices, self.check_button]
        else:
            self.answer_box = widgets.Text(description=f"Answer {number}", placeholder="your answer",
                                           continuous_update=True,
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="100%"))
            # Enter in the box checks the answer, as the Check button does.
            self.answer_box.on_msg(self._on_box_message)
            self.show_button = widgets.Button(description=f"Show answer {number}", icon="eye",
                                              tooltip=f"show the answer to question {number}")
            self.show_button.on_click(lambda _: self.owner.guarded(self.show_answer))
            controls = [self.answer_box, widgets.HBox([self.check_button, self.show_button],
                                                      layout=widgets.Layout(flex_flow="row wrap"))]
        self.box = widgets.VBox([self.prompt, *controls, self.verdict_view])
        self.box.add_class("jwt-question")
        self.right = False
        self.last_said = ""

    def _on_box_message(self, _: Any, content: dict[str, Any], buffers: Any = None) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.owner.guarded(self.check)

    def check(self) -> None:
        if self.question.kind == "choice":
            if self.choices.value is None:
                self.show("Choose one of the answers first, then press Check.", "error")
                return
            verdict = self.question.judge_choice(self.choices.value)
        else:
            if not self.answer_box.value.strip():
                self.show("Type your answer in the box first, then press Check.", "error")
                return
            verdict = self.question.judge_short(self.answer_box.value)
        self.right = self.right or verdict.correct
        progress.record(self.owner.notebook, f"q:{self.question.id}", verdict.correct)
        if verdict.correct:
            self.show(f"Right. {verdict.explanation}", "ok")
        else:
            self.show(f"Not yet. {verdict.explanation}", "no")
        self.owner.update_summary()

    def show_answer(self) -> None:
        self.show(f"The answer is {self.question.answer}. {self.question.explanation}", "answer")

    def show(self, text: str, kind: str) -> None:
        """Show a verdict (ok, no), the answer, or a problem (error) under the question, in words
        and an icon, and say it; a verdict said again (the same answer checked twice) says so."""
        icon, style = VERDICT_STYLES[kind]
        self.verdict_view.value = (f'<div class="jwt-message jwt-message-{style}" data-kind="{kind}">'
                                   f"{icon} {prose_html(text)}</div>")
        said = f"Question {self.number}: {'Problem: ' if kind == 'error' else ''}{plain(text)}"
        if said == self.last_said:
            said = f"Question {self.number}, the same again: {plain(text)}"
        self.last_said = said
        self.owner.announce(said)


VERDICT_STYLES = {"ok": ("✅", "ok"), "no": ("❌", "note"), "answer": ("💡", "info"),
                  "error": ("⚠️ Problem:", "error")}


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
                f'<p class="jwt-intro">{total} questions. Pick or type an answer and press Check: '
                "every answer, right or wrong, tells you why.</p>")
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
            self.summary_view.value = message_html(f"Something went wrong: {type(error).__name__}: "
                                                   f"{error}", "error")

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
        """Answer question `number` as a learner would (an option's index, or the text), then
        press its Check button (for tests and demonstrations)."""
        view = self.views[number - 1]
        if view.question.kind == "choice":
            view.choices.value = value
        else:
            view.answer_box.value = str(value)
        view.check_button.click()

    @classmethod
    def demo(cls) -> ConceptCheck:
        """03's questions: multiple choice and a short answer."""
        return cls("03-decode")
