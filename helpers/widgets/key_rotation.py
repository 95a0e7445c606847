"""Key rotation lab: publish and remove keys with buttons, and watch a caching verifier react."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from helpers.errors import explain_error
from helpers.key_sets.rotation import RotationLab, TokenCheck
from helpers.widgets.base import CourseWidget, button, html_view
from helpers.widgets.style import message_html

NOWRAP = 'style="white-space: nowrap"'


class KeyRotationLab(CourseWidget):
    """Buttons for each step of a rotation; a table of every token and what the verifier says."""

    css_class = "jwt-key-rotation"
    placeholder = ("[Key rotation lab: run this cell to publish and remove keys with buttons and "
                   "see which tokens a caching verifier accepts, and what each check costs the "
                   "endpoint in requests.]")

    def __init__(self, lifespan: float = 3600, cooldown: float = 0, name: str = "rotation-lab") -> None:
        self.lab = RotationLab(lifespan=lifespan, cooldown=cooldown, name=name)
        self.publish_button = button("Publish a new key", "plus",
                                     "publish a new key and sign a token with it")
        self.remove_button = button("Remove the oldest key", "minus",
                                    "stop publishing the oldest published key")
        self.verifier_button = button("New verifier", "refresh",
                                      "a verifier with an empty cache, as after a restart")
        self.check_button = button("Check again", "check", "verify every token again, changing nothing")
        self.state_view = html_view("jwt-state-view")
        self.table_view = html_view("jwt-checks-view")
        self.message_view = html_view("jwt-message-view")
        self.message = ""
        self.checks: list[TokenCheck] = []
        self.publish_button.on_click(lambda _: self._act(self._publish))
        self.remove_button.on_click(lambda _: self._act(self._remove))
        self.verifier_button.on_click(lambda _: self._act(self._new_verifier))
        self.check_button.on_click(lambda _: self._act(lambda: "Checked every token again."))
        buttons = widgets.HBox([self.publish_button, self.remove_button, self.verifier_button,
                                self.check_button], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([buttons, self.message_view, self.state_view, self.table_view])
        self._act(lambda: f"Published {self.lab.published[0]} and signed token 1 with it.")

    def _publish(self) -> str:
        kid = self.lab.publish_new_key()
        return f"Published {kid} and signed token {len(self.lab.tokens)} with it."

    def _remove(self) -> str:
        kid = self.lab.remove_oldest_key()
        return f"Removed {kid} from the key set." if kid else "No key is published any more."

    def _new_verifier(self) -> str:
        self.lab.new_verifier()
        return "A new verifier, with an empty cache: its first check fetches the set."

    def _act(self, step: Any) -> None:
        """Do one step, then check every token; show a problem instead of raising."""
        if not self.lab.server.running:
            self.message = ("This lab's endpoint was stopped (by stop_all_servers() or a newer lab): "
                            "run the cell again for a new lab.")
            self.message_view.value = message_html(self.message, "error")
            self.announce(f"Problem: {self.message}")
            return
        try:
            self.message = step()
            self.checks = self.lab.check_tokens()
            self.message_view.value = message_html(self.message, "info")
            self.state_view.value = state_html(self.lab.published, self.lab.requests, self.lab.settings)
            self.table_view.value = checks_html(self.checks)
            self.announce(f"{self.message} {accepted_text(self.checks)}")
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.message = explain_error(error)
            self.message_view.value = message_html(self.message, "error")
            self.announce(f"Problem: {self.message}")

    @classmethod
    def demo(cls) -> KeyRotationLab:
        """A lab with one published key and one token, for tests and screenshots."""
        return cls(name="rotation-lab-demo")


def accepted_text(checks: list[TokenCheck]) -> str:
    """'2 of 3 tokens accepted.', for screen readers after each step."""
    return f"{sum(check.accepted for check in checks)} of {len(checks)} tokens accepted."


def state_html(published: list[str], requests: int, settings: str = "") -> str:
    kids = ", ".join(published) if published else "no key"
    about = f"<div>Settings: {html.escape(settings)}.</div>" if settings else ""
    return (f"<div><b>Published now:</b> {html.escape(kids)} · <b>Requests the endpoint has "
            f"answered:</b> {requests}</div>{about}")


def checks_html(checks: list[TokenCheck]) -> str:
    """One row per token: its kid, the verdict in words (with an icon), the requests it cost."""
    rows = "".join(
        f'<tr data-accepted="{str(c.accepted).lower()}"><td {NOWRAP}>{html.escape(c.label)}</td>'
        f"<td {NOWRAP}><code>{html.escape(c.kid)}</code></td>"
        f"<td>{'✅' if c.accepted else '❌'} {html.escape(c.verdict)}"
        f"{f'<br><i>Why: {html.escape(c.note)}.</i>' if c.note else ''}</td><td>{c.requests}</td></tr>"
        for c in checks)
    return (f'<table class="jwt-table"><tr><th>token</th><th>kid</th><th>the verifier says</th>'
            f"<th {NOWRAP}>requests</th></tr>{rows}</table>"
            "<div><i>requests: how often the endpoint was asked for the set while checking that "
            "token (0: the verifier's cached copy answered).</i></div>")
