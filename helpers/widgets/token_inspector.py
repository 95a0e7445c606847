"""Token inspector: paste a token (and a secret) to read it, verify it and explain its claims."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import jwt

from helpers.errors import explain_error
from helpers.keys.algorithms import is_hmac, is_known
from helpers.tokens.inspection import Inspection, inspect_token
from helpers.widgets.base import DEMO_SECRET, CourseWidget, headline, html_view
from helpers.widgets.style import json_html, legend_html, message_html, token_html

LABEL_STYLE = {"description_width": "7em"}  # room for "Secret or key", same for both boxes


class TokenInspector(CourseWidget):
    """Decode the header and payload, verify the signature, explain claims and times."""

    css_class = "jwt-token-inspector"
    placeholder = ("[Token inspector: run this cell to paste a token and see its header, "
                   "payload, signature check and claims explained.]")

    def __init__(self, token: str = "", secret: str = "") -> None:
        # Arguments typed in code can be anything: a problem is shown, never raised.
        self.given_problem = given_problem(token, secret)
        token = token if isinstance(token, str) else ""
        secret = secret if isinstance(secret, str) else ""
        self.token_box = widgets.Textarea(value=token, description="Token",
                                          placeholder="eyJhbGciOi...",
                                          continuous_update=True, style=LABEL_STYLE,
                                          layout=widgets.Layout(width="100%", height="5em"))
        self.secret_box = widgets.Text(value=secret, description="Secret or key",
                                       placeholder="the secret, a PEM public key or a JWK",
                                       continuous_update=True, style=LABEL_STYLE,
                                       layout=widgets.Layout(width="100%"))
        self.check_button = widgets.Button(description="Check again", icon="refresh",
                                           tooltip="Verify again now (times move on)")
        self.report_view = html_view("jwt-report-view")
        self.inspection = Inspection()
        self.token_box.observe(self._redraw, names="value")
        self.secret_box.observe(self._redraw, names="value")
        self.check_button.on_click(self._redraw)
        super().__init__([self.token_box, self.secret_box, self.check_button, self.report_view])
        self._redraw()

    @classmethod
    def demo(cls) -> TokenInspector:
        """An inspector showing a token signed with the demo secret, and that secret."""
        token = jwt.encode({"sub": "42", "name": "Ada"}, DEMO_SECRET, algorithm="HS256")
        return cls(token, DEMO_SECRET)

    @property
    def message(self) -> str:
        """The one line that matters most: the problem, else the verdict."""
        return self.inspection.problem or self.inspection.verdict

    def _redraw(self, change: Any = None) -> None:
        # A problem is shown (and said) as one when there is input to blame; an empty token box
        # only gets its hint.
        has_input = bool(self.token_box.value)
        try:
            if change is None and self.given_problem:  # first draw: what the code passed in
                self.inspection, has_input = Inspection(problem=self.given_problem), True
            else:
                self.inspection = inspect_token(self.token_box.value, self.secret_box.value)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.inspection, has_input = Inspection(problem=explain_error(error)), True
        problem = self.inspection.problem
        if problem and has_input:
            self.show_problem(problem, self.report_view)
            return
        self.report_view.value = report_html(self.inspection, has_input)
        self.announce(self.message, key=headline(self.message))  # said once per kind


def given_problem(token: Any, secret: Any) -> str:
    """Why a token or secret passed in code cannot go into the boxes, or ''."""
    if not isinstance(token, str):
        return inspect_token(token).problem
    if not isinstance(secret, str):
        return (f"The secret must be text (a str), not {type(secret).__name__}: paste the shared "
                "secret, or the issuer's PEM public key.")
    return ""


def report_html(inspection: Inspection, has_input: bool = True) -> str:
    """The inspector's report as HTML: parts, verdict, claims, notes."""
    if inspection.problem:
        kind = "error" if has_input else "info"
        return message_html(inspection.problem, kind)
    parts = inspection.parts
    assert parts is not None
    verdict_kind = {True: "ok", False: "error", None: "info"}[inspection.verified]
    rows = "".join(
        f"<tr><td><code>{html.escape(c.name)}</code></td><td><code>{html.escape(repr(c.value))}"
        f"</code></td><td>{html.escape(c.meaning)}</td><td>{html.escape(c.when)}</td></tr>"
        for c in inspection.claims
    )
    claims = (f'<table class="jwt-table"><tr><th>claim</th><th>value</th><th>meaning</th>'
              f"<th>when</th></tr>{rows}</table>") if rows else ""
    notes = "".join(message_html(note, "note") for note in inspection.notes)
    return (
        signature_legend_html(parts.algorithm) + token_html(parts.token)
        + "<b>1 Header</b>" + json_html(parts.header)
        + "<b>2 Payload</b> (readable by anyone: signing is not encryption)"
        + json_html(parts.payload)
        + f"<b>3 Signature</b>: {len(parts.signature)} bytes"
        + message_html(inspection.verdict, verdict_kind)
        + claims + notes
    )


def signature_legend_html(algorithm: str) -> str:
    """The colour legend; a public-key token's signature is made with the private key."""
    if is_known(algorithm) and not is_hmac(algorithm):
        return legend_html().replace("made with the secret", "made with the private key")
    return legend_html()
