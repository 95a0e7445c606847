"""Concept checks: a few short questions per notebook, each wrong answer with its own explanation.

One data file per notebook, `data/questions/<notebook>.json`: multiple choice (one right option;
every option explains itself) or a short answer (the accepted answers, hints for the usual wrong
ones, and an explanation). A file whose notebook is still being written has status "draft".
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from helpers.course.catalog import data_text


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Hint:
    """A usual wrong short answer, and what it reveals."""

    match: str
    explanation: str


@dataclass(frozen=True)
class Verdict:
    """What a learner's answer earns: right or not, and the explanation to show."""

    correct: bool
    explanation: str


NOT_YET = ("Not quite. Read the question again, or look back at the notebook; "
           "use Show the answer when you want to.")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "choice" or "short"
    prompt: str
    options: tuple[Option, ...] = ()
    accept: tuple[str, ...] = ()
    hints: tuple[Hint, ...] = ()
    explanation: str = ""  # short answers: why the accepted answer is right

    def judge_choice(self, index: int) -> Verdict:
        option = self.options[index]
        return Verdict(option.correct, option.explanation)

    def judge_short(self, answer: str) -> Verdict:
        given = normalize(answer)
        if given in {normalize(accepted) for accepted in self.accept}:
            return Verdict(True, self.explanation)
        for hint in self.hints:
            if given == normalize(hint.match):
                return Verdict(False, hint.explanation)
        return Verdict(False, NOT_YET)

    @property
    def answer(self) -> str:
        """The right answer in words (for Show the answer)."""
        if self.kind == "choice":
            return next(option.text for option in self.options if option.correct)
        return self.accept[0]


@dataclass(frozen=True)
class QuestionSet:
    """The concept check of one notebook."""

    notebook: str
    status: str  # "ready", or "draft" while its notebook is being written
    questions: tuple[Question, ...]


def normalize(answer: object) -> str:
    """A short answer as compared: text, without surrounding quotes, backticks or spaces, nor a
    final full stop, colon or `()`, case-folded, inner spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(answer)).strip()
    text = text.strip("`'\"\u2018\u2019\u201c\u201d ")
    text = re.sub(r"(\(\))?[.:;!]*$", "", text).strip()  # InvalidAlgorithmError(), 32 bytes.
    text = re.sub(r"[`'\"\u2018\u2019\u201c\u201d]", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def question_from_data(entry: dict[str, Any]) -> Question:
    return Question(
        id=entry["id"], kind=entry["kind"], prompt=entry["prompt"],
        options=tuple(Option(o["text"], bool(o["correct"]), o["explanation"])
                      for o in entry.get("options", [])),
        accept=tuple(entry.get("accept", [])),
        hints=tuple(Hint(h["match"], h["explanation"]) for h in entry.get("hints", [])),
        explanation=entry.get("explanation", ""))


def question_set_from_data(data: dict[str, Any]) -> QuestionSet:
    return QuestionSet(data["notebook"], data.get("status", "ready"),
                       tuple(question_from_data(entry) for entry in data["questions"]))


@cache
def questions_for(notebook: str) -> QuestionSet | None:
    """The concept check of a notebook, or None when it has none."""
    try:
        text = data_text(f"questions/{notebook}.json") if "/" not in notebook else ""
    except (FileNotFoundError, OSError):
        return None
    return question_set_from_data(json.loads(text)) if text else None
