"""Checkers for the attack lab (notebooks 10 and 11): flag captured, and refused by the safe API.

A checker sends the learner's token to both servers itself. It says Correct only when the
vulnerable server answered with its own flag (random per run, so it cannot be copied) AND the
safe server refused the very same token; it then names what stopped it.
"""

from __future__ import annotations

from typing import Any

from helpers.feedback import NOT_ANSWERED, Feedback, friendly, not_answered
from helpers.lab.api import LabService, send_to_both

# attack -> (what the forged token must show, the hint if it does not, the defence that held)
ATTACKS: dict[str, tuple[str, str]] = {
    "unverified signature": (
        "change the role in the payload and keep any signature: this server never checks it",
        "jwt.decode checks the signature with the server's own key, so an edited payload fails"),
    "alg none": (
        "set the header's alg to \"none\" and leave the signature empty",
        "algorithms=['RS256'] is fixed, so an alg the server did not choose is refused"),
    "weak secret": (
        "sign {'sub': 'learner', 'role': 'admin'} with HS256 and the secret you cracked",
        "the safe server accepts RS256 only, and its keys are not guessable; for HS256 the "
        "cure is 32+ random bytes"),
    "embedded jwk": (
        "sign with your own key pair and put its public half in the header as jwk",
        "the key comes from the server's configuration, never from the token"),
    "jku": (
        "sign with your own key pair and point jku at your key server's /jwks.json",
        "the key comes from the server's configuration, never from a URL in the token"),
    "kid path": (
        "set kid to '../public/welcome.txt' and sign with HS256 and that file's text",
        "the safe server never turns kid into a file path, and accepts RS256 only"),
    "kid sql": (
        "inject a UNION SELECT into kid that returns a secret you chose, and sign with it",
        "the safe server never puts kid into a query, and accepts RS256 only"),
    "algorithm confusion": (
        "set alg to HS256 and sign with the public key's PEM text as the HMAC secret",
        "algorithms=['RS256'] is fixed, and PyJWT refuses a PEM key as an HMAC secret "
        "(InvalidKeyError)"),
    "lifetime and audience": (
        "send one of the stolen tokens",
        "exp, iat and aud are required and checked, with no leeway"),
}


def _problem_with(token: Any) -> str:
    if not isinstance(token, str):
        return f"a token is a str; you gave a {type(token).__name__}."
    if token.strip().count(".") != 2:
        return "that is not a token: it needs three parts separated by two dots."
    return ""


def _stopped(vulnerable: LabService, safe: LabService) -> str:
    names = [s.api.name for s in (vulnerable, safe) if not s.server.running]
    return (f"the {' and the '.join(names)} was stopped: re-run the cells that start the "
            "servers, then this one.") if names else ""


@friendly
def check_attack(attack: str, token: Any, vulnerable: LabService, safe: LabService) -> Feedback:
    """One attack: the token captures the vulnerable server's flag and the safe one refuses it."""
    if attack not in ATTACKS:
        return Feedback(False, f"no attack named {attack!r}; pick one of {sorted(ATTACKS)}.")
    how, defence = ATTACKS[attack]
    if token in NOT_ANSWERED:
        return not_answered(f"a forged token: {how}")
    if problem := _problem_with(token):
        return Feedback(False, problem)
    if vulnerable.api.mistake != attack:
        return Feedback(False, f"this exercise needs the vulnerable server for {attack!r}: "
                               "run the cell above that starts it, then this one.")
    if stopped := _stopped(vulnerable, safe):
        return Feedback(False, stopped)
    duel = send_to_both(token.strip(), vulnerable, safe)
    if not duel.vulnerable.flag_captured:
        return Feedback(False, f"the vulnerable server answered {duel.vulnerable.status}: "
                               f"{duel.vulnerable.outcome} Hint: {how}.")
    if duel.safe.status != 401:
        return Feedback(False, f"the safe server answered {duel.safe.status}, not 401: "
                               "it should refuse a forged token; tell the course maintainers.")
    return Feedback(True, f"flag captured from the vulnerable server. The safe server refused "
                          f"the same token with {duel.safe.exception}: {defence}.")


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
        duel = send_to_both(token, vulnerable, safe)
        if not duel.vulnerable.flag_captured:
            return Feedback(False, f"{name} did not capture the flag: {duel.vulnerable.outcome}")
        said = str(answer[name]).strip().removeprefix("jwt.").removeprefix("exceptions.")
        if said != duel.safe.exception:
            return Feedback(False, f"for {name} the safe server named another exception: "
                                   "read duel.safe.exception, or the second line of the duel.")
    return Feedback(True, "three stolen tokens, three flags from the lax server, and three "
                          "different refusals: " + ", ".join(
                              f"{name}: {answer[name]}" for name in stolen) + ".")

