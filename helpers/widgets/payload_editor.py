"""Payload editor: type a payload, a secret and an algorithm; watch the token change live."""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets

from helpers.errors import explain_error
from helpers.keys import HMAC_ALGORITHMS
from helpers.signing import sign_payload_text
from helpers.widgets.base import CourseWidget
from helpers.widgets.style import legend_html, message_html, token_html


class PayloadEditor(CourseWidget):
    """Edit a JSON payload, a secret and an HMAC algorithm; the signed token redraws live."""

    css_class = "jwt-payload-editor"
    placeholder = ("[Payload editor: run this cell to edit a payload and a secret "
                   "and watch the signed token change as you type.]")

    def __init__(self, secret: str, payload: dict[str, Any] | None = None,
                 algorithm: str = "HS256") -> None:
        text = json.dumps({"key": "value"} if payload is None else payload, indent=2)
        self.payload_box = widgets.Textarea(value=text, description="Payload",
                                            continuous_update=True,
                                            layout=widgets.Layout(width="100%", height="8em"))
        self.secret_box = widgets.Text(value=secret, description="Secret",
                                       continuous_update=True,
                                       layout=widgets.Layout(width="100%"))
        self.algorithm_box = widgets.Dropdown(options=HMAC_ALGORITHMS, value=algorithm,
                                              description="Algorithm")
        self.token_view = widgets.HTML()
        self.token_view.add_class("jwt-token-view")
        self.message_view = widgets.HTML()
        self.message_view.add_class("jwt-message-view")
        self.token: str | None = None
        self.message = ""
        for box in (self.payload_box, self.secret_box, self.algorithm_box):
            box.observe(self._redraw, names="value")
        super().__init__([self.payload_box, self.secret_box, self.algorithm_box,
                          widgets.HTML(legend_html()), self.token_view, self.message_view])
        self._redraw()

    def _redraw(self, change: dict[str, Any] | None = None) -> None:
        try:
            signed = sign_payload_text(self.payload_box.value, self.secret_box.value,
                                       self.algorithm_box.value)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.token, self.message = None, explain_error(error)
            self.token_view.value = ('<div class="jwt-token" data-state="stale">'
                                     "(no token until the problem below is fixed)</div>")
            self.message_view.value = message_html(self.message, "error")
            return
        self.token, self.message = signed.token, signed.note
        self.token_view.value = token_html(signed.token)
        self.message_view.value = message_html(signed.note, "note")
