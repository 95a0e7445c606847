"""Key pair editor: sign a payload with RS256, PS256, ES256 or EdDSA and a key pair made here."""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as widgets

from helpers.errors import InputProblem, explain_error
from helpers.keys.algorithms import check_key_pair_algorithm
from helpers.keys.jwk import public_jwk
from helpers.keys.pairs import KEY_PAIR_ALGORITHMS, PrivateKey, generate_private_key, public_pem
from helpers.tokens.payload import payload_notes
from helpers.tokens.signing import sign_with_private_key
from helpers.widgets.base import UNTIL_FIXED, CourseWidget, html_view
from helpers.widgets.given import algorithm_choices, given_payload
from helpers.widgets.style import legend_html, message_html, token_html

KEY_TYPES = {"RS256": "RSA", "PS256": "RSA", "ES256": "EC", "EdDSA": "OKP"}


class KeyPairEditor(CourseWidget):
    """Edit a payload, pick an algorithm: the private key signs, the public key is shown to copy."""

    css_class = "jwt-key-pair-editor"
    placeholder = ("[Key pair editor: run this cell to sign a payload with RS256, PS256, ES256 or "
                   "EdDSA and copy the public key (PEM or JWK) into the token inspector.]")

    def __init__(self, payload: dict[str, Any] | str | None = None,
                 algorithm: str = "ES256") -> None:
        text, self.given_problem = given_payload(payload, {"sub": "user-42"})
        choices, algorithm_text = algorithm_choices(KEY_PAIR_ALGORITHMS, algorithm)
        self.payload_box = widgets.Textarea(value=text, description="Payload",
                                            continuous_update=True,
                                            layout=widgets.Layout(width="100%", height="6em"))
        self.algorithm_box = widgets.Dropdown(options=choices, value=algorithm_text,
                                              description="Algorithm")
        self.new_keys_button = widgets.Button(description="New key pair", icon="key",
                                              tooltip="Throw the keys away and make new ones")
        self.token_view = html_view("jwt-token-view")
        self.public_view = html_view("jwt-public-key-view")
        self.message_view = html_view("jwt-message-view")
        self.private_keys: dict[str, PrivateKey] = {}  # key type -> private key; stays in this kernel
        self.token: str | None = None
        self.public_pem_text = ""
        self.public_jwk_text = ""
        self.message = ""
        for box in (self.payload_box, self.algorithm_box):
            box.observe(self._redraw, names="value")
        self.new_keys_button.on_click(self._new_keys)
        super().__init__([self.payload_box, self.algorithm_box, self.new_keys_button,
                          widgets.HTML(key_pair_legend_html()), self.token_view, self.message_view,
                          self.public_view])
        self._redraw()

    def private_key(self, algorithm: str) -> PrivateKey:
        """The private key for this algorithm, made on first use (RS256 and PS256 share one)."""
        kind = KEY_TYPES[algorithm]
        if kind not in self.private_keys:
            self.private_keys[kind] = generate_private_key(algorithm)
        return self.private_keys[kind]

    def _new_keys(self, button: Any = None) -> None:
        self.private_keys.clear()
        self._redraw(button, said="New key pair made: token signed with")

    def _redraw(self, change: Any = None, said: str = "Token signed with") -> None:
        try:
            if change is None and self.given_problem:  # first draw: what the code passed in
                raise InputProblem(self.given_problem)
            algorithm = check_key_pair_algorithm(self.algorithm_box.value)
            key = self.private_key(algorithm)
            token = sign_with_private_key(self.payload_box.value, key, algorithm)
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.token, self.message = None, explain_error(error)
            self.public_pem_text = self.public_jwk_text = ""
            self.public_view.value = ""
            self.show_problem(self.message, self.message_view,
                              stale=(self.token_view, UNTIL_FIXED))
            return
        self.token = token
        self.public_pem_text = public_pem(key).decode("ascii")
        self.public_jwk_text = json.dumps(public_jwk(key.public_key(), "editor-key", algorithm))
        notes = payload_notes(json.loads(self.payload_box.value))
        self.message = " ".join(notes)
        self.token_view.value = token_html(token)
        self.message_view.value = message_html(self.message, "note")
        self.public_view.value = public_keys_html(algorithm, self.public_pem_text,
                                                  self.public_jwk_text)
        self.announce(f"{said} {algorithm}; the public key that verifies it is shown as PEM and JWK.")

    @classmethod
    def demo(cls) -> KeyPairEditor:
        """An editor with a sample payload and ES256 (a fast key pair), for tests and screenshots."""
        return cls({"sub": "ada", "role": "reader"}, algorithm="ES256")


def key_pair_legend_html() -> str:
    """The course's legend, with the signature made by the private key instead of a secret."""
    return legend_html().replace("made with the secret", "made with the private key")


def public_keys_html(algorithm: str, pem: str, jwk: str) -> str:
    """The public key twice (PEM and JWK), ready to copy; the private key is never shown."""
    return (f"<b>Signed with the private key</b> ({html.escape(KEY_PAIR_ALGORITHMS[algorithm])}), "
            "which stays in this kernel and is never shown. "
            "<b>Verify with the public key</b>: paste either form into the token inspector."
            f'<div>Public key, PEM (SubjectPublicKeyInfo):</div><pre class="jwt-json '
            f'jwt-public-pem">{html.escape(pem)}</pre>'
            f'<div>Public key, JWK:</div><pre class="jwt-json jwt-public-jwk">{html.escape(jwk)}'
            "</pre>")
