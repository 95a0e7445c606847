"""Friendly feedback for exercises: never raises, never relies on colour alone; every verdict on
an answer is recorded in the learner's progress file."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from helpers.course import progress
from helpers.errors import explain_error
from helpers.exercises.registry import find_exercise
from helpers.setup.browser import make_load_fill_the_cell
from helpers.tokens.parts import split_token

# Every exercise's solution loads with `%load solutions/...`: make that work in JupyterLite too
# (nothing happens elsewhere). Every checker imports this module, so any exercise cell does it.
make_load_fill_the_cell()

NOT_ANSWERED = (None, Ellipsis)  # what an exercise left undone holds
LABELS = {True: ("✅", "Correct"), False: ("❌", "Not yet"), None: ("✏️", "Your turn")}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct (True), not yet (False) or not tried (None)."""

    correct: bool | None
    message: str

    @property
    def text(self) -> str:
        icon, label = LABELS[self.correct]
        return f"{icon} {label}: {self.message}"

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        icon, label = LABELS[self.correct]
        kind = {True: "ok", False: "no", None: "todo"}[self.correct]
        return (f'<div class="jwt-feedback jwt-feedback-{kind}" role="status">{icon} '
                f"<strong>{label}:</strong> {html.escape(self.message)}</div>")


def _stub(*args: Any) -> None: ...


async def _async_stub(*args: Any) -> None: ...


def is_stub(function: Any) -> bool:
    """True for a function whose body does nothing yet (`...`, `pass` or `return None`), whether
    written with `def` or `async def`."""
    code = getattr(function, "__code__", None)
    return code is not None and any(code.co_code == stub.__code__.co_code and
                                    code.co_consts == stub.__code__.co_consts
                                    for stub in (_stub, _async_stub))


def not_answered(what: str) -> Feedback:
    """The feedback for an exercise left as `...`."""
    return Feedback(None, f"replace the ... with {what}, then run the cell again.")


def function_problem(function: Any, what: str, call: str, instead: str = "") -> Feedback | None:
    """What is wrong with an exercise's function before it is called: left undone (`what` says
    what to write in its body), or not a function (`call` shows how to pass it; `instead` names
    what was likely passed); None if neither."""
    if function in NOT_ANSWERED or is_stub(function):
        return not_answered(what)
    if not callable(function):
        return Feedback(False, f"pass the function itself{instead}: {call}.")
    return None


def token_shape_problem(token: Any, algorithm: str, payload: dict[str, Any],
                        what: str) -> Feedback | None:
    """What is wrong with an exercise's token before its signature is checked: left undone
    (`what` says what to write), not a str, another alg, another payload; None if none of these."""
    if token in NOT_ANSWERED:
        return not_answered(what)
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; yours is of type {type(token).__name__}.")
    parts = split_token(token)
    if parts.algorithm != algorithm:
        return Feedback(False, f"the header says {parts.algorithm!r}; sign with "
                               f"algorithm={algorithm!r}.")
    if parts.payload != payload:
        return Feedback(False, f"the payload is {parts.payload}; make it {payload}.")
    return None


def record_verdict(checker_name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                   feedback: Feedback) -> None:
    """Note a judged answer (right or not yet) in the progress file; an exercise left undone
    ("Your turn") is not an attempt. Never raises."""
    try:
        if feedback.correct is None:
            return
        if "attack" in kwargs:  # check_attack(attack=...): the attack names the exercise
            args = (kwargs["attack"], *args)
        exercise = find_exercise(checker_name, args)
        if exercise is not None:
            progress.record(exercise.notebook, f"ex{exercise.number}", feedback.correct)
    except Exception:  # noqa: BLE001, S110 - recording must never cost the learner their feedback
        pass


def friendly(checker: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Wrap a checker so that anything it raises becomes feedback instead of a traceback, and
    each verdict is recorded in the learner's progress."""

    @functools.wraps(checker)
    def safe_checker(*args: Any, **kwargs: Any) -> Feedback:
        try:
            feedback = checker(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - feedback must never raise
            feedback = Feedback(False, f"your answer raised an error: {explain_error(error)}")
        record_verdict(checker.__name__, args, kwargs, feedback)
        return feedback

    return safe_checker
