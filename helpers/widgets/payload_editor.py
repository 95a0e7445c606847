"""Payload editor: type a payload, a secret and an algorithm; watch the token change live."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpers.errors import InputProblem, explain_error
from helpers.keys.algorithms import HMAC_ALGORITHMS
from helpers.keys.hmac_secrets import check_secret
from helpers.tokens.signing import sign_payload_text
from helpers.widgets.base import DEMO_SECRET, UNTIL_FIXED, CourseWidget, headline, html_view
from helpers.widgets.given import algorithm_choices, given_payload
from helpers.widgets.style import legend_html, message_html, token_html


class PayloadEditor(CourseWidget):
    """Edit a JSON payload, a secret and an HMAC algorithm; the signed token redraws live."""

    css_class = "jwt-payload-editor"
    placeholder = ("[Payload editor: run this cell to edit a payload and a secret "
                   "and watch the signed token change as you type.]")

    def __init__(self, secret: str, payload: dict[str, Any] | str | None = None,
                 algorithm: str = "HS256") -> None:
        text, self.given_problem = given_payload(payload, {"key": "value"})
        secret_text = text_for_box(secret)
        if secret_text is None:
            secret_text, self.given_problem = "", self.given_problem or secret_problem(secret)
        choices, algorithm_text = algorithm_choices(HMAC_ALGORITHMS, algorithm)
        self.payload_box = widgets.Textarea(value=text, description="Payload",
                                            continuous_update=True,
                                            layout=widgets.Layout(width="100%", height="8em"))
        self.secret_box = widgets.Text(value=secret_text, description="Secret",
                                       continuous_update=True,
                                       layout=widgets.Layout(width="100%"))
        self.algorithm_box = widgets.Dropdown(options=choices, value=algorithm_text,
                                              description="Algorithm")
        self.token_view = html_view("jwt-token-view")
        self.message_view = html_view("jwt-message-view")
        self.token: str | None = None
        self.message = ""
        for box in (self.payload_box, self.secret_box, self.algorithm_box):
            box.observe(self._redraw, names="value")
        super().__init__([self.payload_box, self.secret_box, self.algorithm_box,
                          widgets.HTML(legend_html()), self.token_view, self.message_view])
        self._redraw()

    @classmethod
    def demo(cls) -> PayloadEditor:
        """An editor with a sample payload and a fixed demo secret (for tests and screenshots)."""
        return cls(DEMO_SECRET, payload={"user": "ada", "role": "reader"})

    def _redraw(self, change: dict[str, Any] | None = None) -> None:
        try:
            if change is None and self.given_problem:  # first draw: what the code passed in
                raise InputProblem(self.given_problem)
            signed = sign_payload_text(self.payload_box.value, self.secret_box.value,
                                       self.algorithm_box.value)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.token, self.message = None, explain_error(error)
            self.show_problem(self.message, self.message_view,
                              stale=(self.token_view, UNTIL_FIXED))
            return
        self.token, self.message = signed.token, signed.note
        self.token_view.value = token_html(signed.token)
        self.message_view.value = message_html(signed.note, "note")
        spoken = f"Token signed with {self.algorithm_box.value}."
        self.announce(f"{spoken} Note: {signed.note}" if signed.note else spoken,
                      key=spoken + headline(signed.note))


def text_for_box(secret: Any) -> str | None:
    """The secret as text for the Secret box, or None when it cannot be shown as text."""
    if isinstance(secret, str):
        return secret
    if isinstance(secret, bytes):
        try:
            return secret.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def secret_problem(secret: Any) -> str:
    """Why a secret passed in code cannot go into the editor's Secret box."""
    if isinstance(secret, bytes):
        return ("The secret is random bytes, not text, so the editor cannot show it: "
                "use secrets.token_urlsafe(32), which gives text.")
    try:
        check_secret(secret)
    except InputProblem as problem:
        return str(problem)
    return "The secret must be text: use secrets.token_urlsafe(32)."
