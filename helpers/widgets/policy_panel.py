"""Policy panel: set a verifier's policy once, see it applied to a handful of tokens side by side."""

from __future__ import annotations

import html
import time
from typing import Any

import ipywidgets as widgets

from helpers.errors import InputProblem, explain_error
from helpers.tokens.policy import (
    AUDIENCE,
    ISSUER,
    PolicyVerdict,
    SampleToken,
    VerifierPolicy,
    check_with_policy,
    policy_from_text,
    sample_tokens,
)
from helpers.widgets.base import DEMO_SECRET, CourseWidget, html_view

FIELDS = ("algorithms", "audience", "issuers", "leeway", "required")


class PolicyPanel(CourseWidget):
    """Five boxes make the jwt.decode call; every sample token is checked with it on each change."""

    css_class = "jwt-policy-panel"
    placeholder = ("[Policy panel: run this cell to set a verifier's audience, issuer, leeway, "
                   "required claims and algorithms, and see which tokens pass and why.]")

    def __init__(self, secret: str, algorithms: str = "HS256", audience: str = AUDIENCE,
                 issuers: str = ISSUER, leeway: str = "0", required: str = "exp, iat, sub") -> None:
        # Arguments typed in code can be anything: a problem is shown, never raised.
        self.secret = secret
        values = {"algorithms": algorithms, "audience": audience, "issuers": issuers,
                  "leeway": leeway, "required": required}
        self.secret_problem = "" if isinstance(secret, (str, bytes)) and secret else (
            "The secret must be the text the sample tokens are signed with: pass the notebook's "
            "SECRET.")
        self.given_problem = ""
        self.boxes: dict[str, widgets.Text] = {}
        for name, value in values.items():
            if name == "leeway" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)  # leeway=60, as jwt.decode takes it
            if not isinstance(value, str):
                self.given_problem = self.given_problem or (
                    f"{name} must be text, e.g. {name}='...'; got {type(value).__name__}.")
                value = ""
            self.boxes[name] = widgets.Text(value=value, description=name.capitalize(),
                                            continuous_update=True,
                                            layout=widgets.Layout(width="100%"))
        self.boxes["issuers"].description = "Issuer(s)"
        self.boxes["leeway"].description = "Leeway (s)"
        self.boxes["required"].description = "Require"
        self.recheck_button = widgets.Button(description="Check again", icon="refresh",
                                             tooltip="Make the tokens again at this moment")
        self.code_view = html_view("jwt-policy-code")
        self.table_view = html_view("jwt-policy-table")
        self.message_view = html_view("jwt-message-view")
        self.policy: VerifierPolicy | None = None
        self.rows: list[tuple[SampleToken, PolicyVerdict]] = []
        self.message = ""
        for box in self.boxes.values():
            box.observe(self._redraw, names="value")
        self.recheck_button.on_click(self._redraw)
        super().__init__([*self.boxes.values(), self.recheck_button, self.code_view,
                          self.message_view, self.table_view])
        self._redraw()

    def verdict(self, label: str) -> PolicyVerdict | None:
        """The verdict on the sample token with this label, e.g. 'expired'."""
        return next((verdict for sample, verdict in self.rows if sample.label == label), None)

    def _redraw(self, change: Any = None) -> None:
        try:
            problem = self.secret_problem or (self.given_problem if change is None else "")
            if problem:
                raise InputProblem(problem)
            policy = policy_from_text(**{name: self.boxes[name].value for name in FIELDS})
            now = time.time()  # the tokens are made now, so a pause changes nothing
            rows = [(sample, check_with_policy(sample.token, self.secret, policy))
                    for sample in sample_tokens(self.secret, now)]
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.policy, self.rows = None, []
            self.message = explain_error(error)
            self.show_problem(self.message, self.message_view,
                              stale=(self.table_view, "(no verdicts until the problem above is fixed)"))
            return
        self.policy, self.rows, self.message = policy, rows, ""
        self.message_view.value = ""
        self.code_view.value = f'<pre class="jwt-json">{html.escape(policy.as_code())}</pre>'
        self.table_view.value = verdict_table_html(rows)
        accepted = sum(verdict.accepted for _, verdict in rows)
        said = ("Tokens made again and checked" if change is self.recheck_button
                else "Policy applied")  # a press of Check again is said, not only a new policy
        self.announce(f"{said}: {accepted} of {len(rows)} tokens accepted.")

    @classmethod
    def demo(cls) -> PolicyPanel:
        """A panel with the default policy and a fixed demo secret, for tests and screenshots."""
        return cls(DEMO_SECRET)


def verdict_table_html(rows: list[tuple[SampleToken, PolicyVerdict]]) -> str:
    """One row per token: label, what is special, the verdict in words, and why."""
    lines = []
    for sample, verdict in rows:
        icon = "✅ accepted" if verdict.accepted else f"❌ refused: <code>{verdict.error_name}</code>"
        state = "accepted" if verdict.accepted else "refused"
        lines.append(f'<tr data-label="{html.escape(sample.label)}" data-verdict="{state}">'
                     f"<td><b>{html.escape(sample.label)}</b></td>"
                     f"<td>{html.escape(sample.what)}</td><td>{icon}</td>"
                     f"<td>{html.escape(verdict.why)}</td></tr>")
    return ('<table class="jwt-table"><tr><th>token</th><th>what is special</th>'
            f"<th>verdict</th><th>why</th></tr>{''.join(lines)}</table>")
