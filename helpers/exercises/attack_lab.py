"""Checkers for the attack lab (notebooks 10 and 11): flag captured, and refused by the safe API.

A checker sends the learner's token to both servers itself. It says Correct only when the token
really uses the attack's trick (its header shows it), the vulnerable server answered with its
own flag (random per run, so it cannot be copied), AND the safe server refused the very same
token with the exception this forgery must meet; it then names the rule that stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from helpers.exercises.feedback import NOT_ANSWERED, Feedback, friendly, not_answered
from helpers.keys.algorithms import is_hmac
from helpers.lab.api import Duel, LabService, ServerStopped, send_to_both


@dataclass(frozen=True)
class Attack:
    """What an attack's token must show, and which refusal from the safe API proves it."""

    how: str  # the hint: how to forge the token
    shows: str  # what the header must show, said in words
    header_ok: Any  # header dict -> bool: the trick is really in the token
    refusal: str  # the exception the safe API must name for this forgery
    defence: str  # the rule of the safe API that held ({alg}: the token's alg)


def _kid(header: dict[str, Any]) -> str:
    return str(header.get("kid", ""))


ATTACKS: dict[str, Attack] = {
    "unverified signature": Attack(
        "change the role in your token's payload and keep its header and signature: this "
        "server never checks the signature",
        "its header must still say alg RS256 (the genuine header, with the old signature)",
        lambda h: h.get("alg") == "RS256", "InvalidSignatureError",
        "jwt.decode checks the signature with the server's own key, so an edited payload fails"),
    "alg none": Attack(
        "set the header's alg to \"none\" and leave the signature empty",
        "its header must say alg \"none\"",
        lambda h: str(h.get("alg", "")).lower() == "none", "InvalidAlgorithmError",
        "algorithms=['RS256'] is fixed, so an alg the server did not choose is refused"),
    "weak secret": Attack(
        "sign your claims with 'role': 'admin' ({**parts.payload, 'role': 'admin'}) with HS256 "
        "and the secret you cracked",
        "its header must say alg HS256",
        lambda h: h.get("alg") == "HS256", "InvalidAlgorithmError",
        "the safe server accepts RS256 only, whose private key never leaves the issuer; for "
        "HS256 the cure is 32+ random bytes"),
    "embedded jwk": Attack(
        "sign with your own key pair and put its public half in the header as jwk",
        "its header must carry your public key as jwk",
        lambda h: isinstance(h.get("jwk"), dict), "InvalidSignatureError",
        "the key comes from the server's configuration, never from the token"),
    "jku": Attack(
        "sign with your own key pair and point jku at your key server's /jwks.json",
        "its header must carry a jku URL",
        lambda h: isinstance(h.get("jku"), str), "InvalidSignatureError",
        "the key comes from the server's configuration, never from a URL in the token"),
    "kid path": Attack(
        "set kid to '../public/welcome.txt' and sign with HS256 and that file's text "
        "(use welcome exactly as served, final newline included)",
        "its kid must be a path that leaves the keys folder, e.g. '../public/welcome.txt'",
        lambda h: ".." in _kid(h) or _kid(h).startswith("/"), "InvalidAlgorithmError",
        "the safe server never turns kid into a file path: its one key comes from its "
        "configuration, and it accepts RS256 only"),
    "kid sql": Attack(
        "inject a UNION SELECT into kid that returns a secret you chose, and sign with it",
        "its kid must carry an SQL injection (a quote ' that ends the server's string)",
        lambda h: "'" in _kid(h), "InvalidAlgorithmError",
        "the safe server never puts kid into a query: its one key comes from its "
        "configuration, and it accepts RS256 only"),
    "algorithm confusion": Attack(
        "set alg to HS256 and sign with the public key's PEM text (public_pem, exactly as "
        "served) as the HMAC secret",
        "its header must say an HMAC alg such as HS256",
        lambda h: is_hmac(str(h.get("alg", ""))), "InvalidAlgorithmError",
        "algorithms=['RS256'] is fixed, so a token whose header asks for {alg} is refused "
        "before any key is used"),
}

# The vulnerable server refused the token: what the attacker can do about it.
REFUSAL_HINTS: dict[str, str] = {
    "MissingRequiredClaimError": "this server checks the claims as the safe one does: start "
    "from your genuine claims, {**parts.payload, 'role': 'admin'}, which have them all",
    "InvalidAudienceError": "this server checks aud as the safe one does: keep your genuine "
    "'aud': 'lab-api' ({**parts.payload, 'role': 'admin'})",
    "InvalidIssuerError": "this server checks iss as the safe one does: keep your genuine iss "
    "({**parts.payload, 'role': 'admin'})",
    "ExpiredSignatureError": "your claims have expired: make your token again (re-run the "
    "setup cell that issues my_token, then the cells below it)",
    "OperationalError": "your kid broke the SQL: count the quotes; the server's query already "
    "adds the last '",
    "PyJWKClientConnectionError": "the server could not fetch your jku URL: your key server "
    "is no longer there (was its cell re-run? it gets a new port); re-run the cell that "
    "starts it, then make the token again",
}


def _problem_with(token: Any) -> str:
    if not isinstance(token, str):
        return f"a token is a str; you gave a {type(token).__name__}."
    if token.strip().count(".") != 2:
        return "that is not a token: it needs three parts separated by two dots."
    return ""


def _header_of(token: str) -> dict[str, Any] | None:
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return None


def _stopped(vulnerable: LabService, safe: LabService) -> str:
    names = [s.api.name for s in (vulnerable, safe) if not s.server.running]
    verb = "were" if len(names) > 1 else "was"
    return (f"the {' and the '.join(names)} {verb} stopped: re-run the cells that start the "
            "servers, then this one.") if names else ""


def _not_captured(duel: Duel, how: str) -> str:
    answer = duel.vulnerable
    said = f"the vulnerable server answered {answer.status}: {answer.outcome}."
    if answer.status == 403:
        return f"{said} Put 'role': 'admin' in the payload."
    advice = REFUSAL_HINTS.get(answer.exception, f"Hint: {how}")
    return f"{said} {advice[0].upper()}{advice[1:]}."


@friendly
def check_attack(attack: str, token: Any, vulnerable: LabService, safe: LabService) -> Feedback:
    """One attack: the token uses the trick, captures the vulnerable server's flag, and the safe
    server refuses it with the exception this forgery must meet."""
    if attack not in ATTACKS:
        return Feedback(False, f"no attack named {attack!r}; pick one of {sorted(ATTACKS)}.")
    spec = ATTACKS[attack]
    if token in NOT_ANSWERED:
        return not_answered(f"a forged token: {spec.how}")
    if problem := _problem_with(token):
        return Feedback(False, problem)
    token = token.strip()
    header = _header_of(token)
    if header is None:
        return Feedback(False, "that token's header is not readable JSON: build it with the "
                               "forging helpers.")
    if not spec.header_ok(header):
        return Feedback(False, f"that token does not use the {attack!r} trick: {spec.shows}. "
                               f"Hint: {spec.how}.")
    if vulnerable.api.mistake != attack:
        return Feedback(False, f"this exercise needs the vulnerable server for {attack!r}: "
                               "run the cell above that starts it, then this one.")
    if stopped := _stopped(vulnerable, safe):
        return Feedback(False, stopped)
    try:
        duel = send_to_both(token, vulnerable, safe)
    except ServerStopped as error:
        return Feedback(False, str(error))
    if not duel.vulnerable.flag_captured:
        return Feedback(False, _not_captured(duel, spec.how))
    if duel.safe.status != 401:
        return Feedback(False, f"the safe server answered {duel.safe.status}, not 401: that is "
                               "a genuine admin token, not a forgery. Forge one as the hint says: "
                               f"{spec.how}.")
    if duel.safe.exception != spec.refusal:
        return Feedback(False, f"the safe server refused it with {duel.safe.exception}, not "
                               f"{spec.refusal}: the token got in for another reason than "
                               f"the {attack!r} mistake. Hint: {spec.how}.")
    return Feedback(True, f"flag captured from the vulnerable server (the checker compared it "
                          f"with that server's own flag). The safe server refused the same "
                          f"token with {duel.safe.exception}: "
                          f"{spec.defence.replace('{alg}', str(header.get('alg')))}.")


@friendly
def check_replay_verdicts(answer: Any, stolen: dict[str, str], vulnerable: LabService,
                          safe: LabService) -> Feedback:
    """11: every stolen token gets the flag from the lax server; name what the safe one raised."""
    if answer in NOT_ANSWERED:
        return not_answered("a dict: stolen token name -> the exception the safe server named")
    if not isinstance(answer, dict) or set(answer) != set(stolen):
        return Feedback(False, f"give a dict with exactly the keys {sorted(stolen)}.")
    if vulnerable.api.mistake != "lifetime and audience":
        return Feedback(False, "run the cell that starts the vulnerable server for "
                               "'lifetime and audience' first.")
    if stopped := _stopped(vulnerable, safe):
        return Feedback(False, stopped)
    for name, token in stolen.items():
        try:
            duel = send_to_both(token, vulnerable, safe)
        except ServerStopped as error:
            return Feedback(False, str(error))
        if not duel.vulnerable.flag_captured:
            return Feedback(False, f"{name} did not capture the flag: {duel.vulnerable.outcome}")
        if _name_of(answer[name]) != duel.safe.exception:
            return Feedback(False, f"for {name!r} the safe server named another exception: "
                                   "read duel.safe.exception, or the second line of the duel.")
    return Feedback(True, "three stolen tokens, three flags from the lax server, and three "
                          "different refusals: " + ", ".join(
                              f"{name}: {_name_of(answer[name])}" for name in stolen) + ".")


def _name_of(given: Any) -> str:
    """An exception named by its class or by text ('jwt.X' or 'X'), as the bare class name."""
    text = given.__name__ if isinstance(given, type) else str(given)
    return text.strip().removeprefix("jwt.").removeprefix("exceptions.")

