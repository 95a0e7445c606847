"""Forge console: edit a token's header and payload, pick how to sign, send it to both servers.

In the spirit of a web proxy's JWT editor. A thin view over `helpers.lab.forging.forge_from_text`
and `helpers.lab.api.send_to_both`: the token redraws as you type, and "Send to both" shows the
vulnerable and the safe server's answers side by side (status, outcome, the exception named).
"""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as widgets

from helpers.errors import InputProblem, explain_error
from helpers.keys.algorithms import is_hmac, is_rsa
from helpers.lab.api import Answer, Duel, LabService, send_to_both
from helpers.lab.forging import AttackerKey, forge_from_text
from helpers.widgets.base import DEMO_SECRET, UNTIL_FIXED, CourseWidget, html_view
from helpers.widgets.style import message_html, token_html

# The alg each signing mode writes into the header (forging.py keeps HS384/HS512 and RS/PS as typed).
MODE_ALGS = {"none": "none", "hmac": "HS256", "key": "RS256", "jwk": "RS256", "jku": "RS256"}

MODE_LABELS = {
    "none (no signature)": "none",
    "HMAC secret": "hmac",
    "private key (PEM)": "key",
    "embedded JWK (your key pair)": "jwk",
    "JKU URL (your key pair)": "jku",
}


class ForgeConsole(CourseWidget):
    """Header and payload as JSON, a signing mode, and the two servers' answers side by side."""

    css_class = "jwt-forge-console"
    placeholder = ("[Forge console: run this cell to edit a token's header and payload, sign it "
                   "your way, and send it to the vulnerable and the safe server.]")

    def __init__(self, vulnerable: LabService, safe: LabService,
                 header: dict[str, Any] | None = None, payload: dict[str, Any] | None = None,
                 mode: str = "none", key: str = "", jku_url: str = "",
                 attacker: AttackerKey | None = None) -> None:
        self.vulnerable, self.safe = vulnerable, safe
        self.attacker = attacker or AttackerKey()
        label = next((name for name, value in MODE_LABELS.items() if value == mode),
                     "none (no signature)")
        self.header_box = widgets.Textarea(value=as_json_text(header or {"alg": "HS256", "typ": "JWT"}),
                                           description="Header", continuous_update=True,
                                           layout=widgets.Layout(width="100%", height="6em"))
        self.payload_box = widgets.Textarea(value=as_json_text(payload or {"sub": "learner",
                                                                          "role": "admin"}),
                                            description="Payload", continuous_update=True,
                                            layout=widgets.Layout(width="100%", height="9em"))
        self.mode_box = widgets.Dropdown(options=list(MODE_LABELS), value=label,
                                         description="Sign with")
        self.key_box = widgets.Textarea(value=key, description="Key",
                                        placeholder="HMAC secret, or a PEM private key",
                                        continuous_update=True,
                                        layout=widgets.Layout(width="100%", height="4em"))
        self.jku_box = widgets.Text(value=jku_url, description="JKU URL",
                                    placeholder="http://127.0.0.1:PORT/jwks.json",
                                    continuous_update=True, layout=widgets.Layout(width="100%"))
        self.send_button = widgets.Button(description="Send to both", icon="paper-plane",
                                          tooltip="GET /admin on both servers with this token")
        self.token_view = html_view("jwt-token-view")
        self.message_view = html_view("jwt-message-view")
        self.answers_view = html_view("jwt-answers-view")
        for box, name in ((self.header_box, "header"), (self.payload_box, "payload"),
                          (self.mode_box, "mode"), (self.key_box, "key"), (self.jku_box, "jku")):
            box.add_class(f"jwt-forge-{name}")  # for browser tests
        self.token: str | None = None
        self.message = ""
        self.duel: Duel | None = None
        self.mode_box.observe(self._show_mode_alg, names="value")
        for box in (self.header_box, self.payload_box, self.mode_box, self.key_box, self.jku_box):
            box.observe(self._reforge, names="value")
        self.send_button.on_click(self.send_token)
        super().__init__([self.header_box, self.payload_box, self.mode_box, self.key_box,
                          self.jku_box, self.token_view, self.message_view, self.send_button,
                          self.answers_view])
        self._show_mode_alg()
        self._reforge()

    @property
    def mode(self) -> str:
        return MODE_LABELS[self.mode_box.value]

    def _show_mode_alg(self, change: dict[str, Any] | None = None) -> None:
        """The signing mode sets `alg`: show that in the Header box (other fields stay)."""
        try:
            header = json.loads(self.header_box.value)
        except ValueError:
            return  # the JSON problem is shown by _reforge
        if not isinstance(header, dict):
            return
        alg, wanted = str(header.get("alg", "")), MODE_ALGS[self.mode]
        keeps = {"hmac": is_hmac, "key": is_rsa}.get(self.mode)  # the family this mode signs with
        if alg != wanted and not (keeps and keeps(alg)):
            self.header_box.value = as_json_text({**header, "alg": wanted})

    def _reforge(self, change: dict[str, Any] | None = None) -> None:
        self.answers_view.value = ""  # old answers belong to the old token
        self.duel = None
        try:
            self.token = forge_from_text(self.header_box.value, self.payload_box.value, self.mode,
                                         key=self.key_box.value, attacker=self.attacker,
                                         jku_url=self.jku_box.value)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.token, self.message = None, explain_error(error)
            self.show_problem(self.message, self.message_view,
                              stale=(self.token_view, UNTIL_FIXED))
            return
        self.message = ""
        self.token_view.value = token_html(self.token)
        self.message_view.value = ""
        self.announce("Token forged; press Send to both.")

    def send_token(self, button: Any = None) -> None:
        """Send the forged token to both servers and show their answers side by side."""
        if self.token is None:
            self.message_view.value = message_html(
                self.message or "Fix the token above before sending it.", "error")
            return
        try:
            self.duel = send_to_both(self.token, self.vulnerable, self.safe)
        except Exception as error:  # noqa: BLE001 - e.g. a server that was stopped
            self.duel = None
            self.message = explain_error(InputProblem(
                "A server did not answer: re-run the cells that start the servers, then send "
                f"again ({type(error).__name__})."))
            self.message_view.value = message_html(self.message, "error")
            self.announce(f"Problem: {self.message}")
            return
        self.answers_view.value = duel_html(self.duel)
        self.announce(" ".join(f"{answer.server}: {answer.status}, {answer.outcome}."
                               for answer in (self.duel.vulnerable, self.duel.safe)))

    @classmethod
    def demo(cls) -> ForgeConsole:
        """A console in front of two safe lab APIs on 127.0.0.1 (for tests and screenshots).

        The demo never starts a vulnerable API: helpers/lab/vulnerable.py is imported only by
        notebooks and tests, never by another helper.
        """
        from helpers.lab.api import serve
        from helpers.lab.issuer import LabIssuer
        from helpers.lab.safe import make_safe_api

        issuer = LabIssuer()
        safe = serve(make_safe_api(issuer), name="forge-console-demo")
        return cls(safe, safe, header={"typ": "JWT"}, payload={"sub": "learner", "role": "admin"},
                   mode="hmac", key=DEMO_SECRET)  # signed, so the token shows all three parts


def as_json_text(value: Any) -> str:
    """A dict as indented JSON for a box; anything that is not JSON as its text."""
    try:
        return json.dumps(value, indent=2)
    except (TypeError, ValueError):
        return str(value)


def answer_html(answer: Answer) -> str:
    verdict = ("🚩 flag captured" if answer.flag_captured
               else "⛔ refused" if answer.status in (401, 403) else "❔ other answer")
    exception = (f"<br><code>{html.escape(answer.exception)}</code>" if answer.exception else "")
    return (f'<td style="width: 50%" data-server="{html.escape(answer.server)}" '
            f'data-status="{answer.status}">'
            f"<strong>{html.escape(answer.server)}</strong><br>HTTP {answer.status} · {verdict}"
            f"{exception}<br>{html.escape(answer.outcome)}</td>")


def duel_html(duel: Duel) -> str:
    """Both answers side by side, each said in words and an icon, never by colour alone."""
    return (f'<table class="jwt-table jwt-answers" style="width: 100%; table-layout: fixed">'
            f"<tr>{answer_html(duel.vulnerable)}"
            f"{answer_html(duel.safe)}</tr></table>")
