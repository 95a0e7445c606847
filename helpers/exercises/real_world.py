"""Checkers for the exercises of 13-real-world: a Cognito access-token verifier, a public key read
however it arrives, and a GitHub App's JWT that survives clock drift."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.errors import explain_error, says
from helpers.exercises.feedback import Feedback, friendly, function_problem
from helpers.providers.cognito import OTHER_POOL
from helpers.providers.receivers import GitHubAppReceiver
from helpers.web.tls import signed_by_itself

REFUSED = object()  # what a verifier's answer is when it raised (or returned None)


def _answer(function: Callable[..., Any], *args: Any) -> Any:
    """What the learner's function returns, REFUSED if it raised or returned None."""
    try:
        result = function(*args)
    except Exception as error:  # noqa: BLE001 - raising is how a verifier refuses
        return error
    return REFUSED if result is None else result


# --- exercise 1: Cognito access tokens ----------------------------------------------------------

def cognito_cases(cognito: Any) -> dict[str, tuple[str, bool]]:
    """Tokens a Cognito API meets: description -> (token, should it be accepted?)."""
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    forged_claims = {"sub": cognito.user, "token_use": "access", "iss": cognito.issuer,
                     "client_id": cognito.client_id, "iat": now, "exp": now + 3600,
                     "scope": "aws.cognito.signin.user.admin", "username": "janedoe"}
    return {
        "an access token of your app client": (cognito.access_token(), True),
        "an ID token of your app client": (cognito.id_token(), False),
        "an access token issued to another app client of the same pool":
            (cognito.access_token(client_id=cognito.other_client_id), False),
        "an access token from another user pool": (cognito.access_token(pool=OTHER_POOL), False),
        "an access token that expired ten minutes ago":
            (cognito.access_token(iat=now - 4200, exp=now - 600), False),
        "a token whose token_use is id, without aud (an ID token by its own word)":
            (cognito.access_token(**{"token_use": "id"}), False),
        "a token signed with someone else's key under the pool's kid":
            (jwt.encode(forged_claims, attacker, algorithm="RS256", headers={"kid": cognito.kid}),
             False),
    }


@friendly
def check_cognito_verifier(verify_access_token: Any, cognito: Any) -> Feedback:
    """13, exercise 1: accept your app client's Cognito access tokens, refuse every other token."""
    undone = function_problem(verify_access_token, "a body for verify_cognito_access(token) that "
                              "returns the claims of a valid access token and raises otherwise",
                              "check_cognito_verifier(verify_cognito_access, cognito)")
    if undone:
        return undone
    for case, (token, accept) in cognito_cases(cognito).items():
        answer = _answer(verify_access_token, token)
        refused = answer is REFUSED or isinstance(answer, BaseException)
        if accept and isinstance(answer, BaseException):
            hint = (" Cognito's access tokens have no aud: verify them without audience= and "
                    "compare client_id yourself." if says(answer, "missing aud") else "")
            return Feedback(False, f"{case} was refused: {explain_error(answer)}{hint}")
        if accept and refused:
            return Feedback(False, f"{case} was refused (your function returned None): return "
                                   "the claims of a valid token.")
        if accept and not (isinstance(answer, dict) and answer.get("client_id") == cognito.client_id):
            return Feedback(False, f"for {case} return the claims jwt.decode gives (a dict); yours "
                                   f"is {type(answer).__name__}.")
        if not accept and not refused:
            return Feedback(False, f"{case} was accepted. {_why_refuse(case)}")
    return Feedback(True, "your verifier accepts only your app client's access tokens: PyJWT checks "
                          "the signature, iss and exp, and refuses a token with an aud it was not "
                          "given; your own lines check what it cannot, token_use and client_id.")


def _why_refuse(case: str) -> str:
    if "another app client" in case:
        return ("Compare claims['client_id'] with COGNITO_CLIENT_ID: a token issued to another app "
                "client of the pool is not for you.")
    if "token_use" in case or "ID token" in case:
        return ("Check claims['token_use'] == 'access', as AWS's guide says, and pass no "
                "options that turn PyJWT's audience check off.")
    if "another user pool" in case:
        return "Pass issuer= the pool's issuer, so tokens of other pools are refused."
    if "expired" in case:
        return "Leave exp checked (PyJWT does it unless an option turns it off), with a small leeway."
    return "Verify the signature with the key from the pool's key set (jwks_client), never skip it."


# --- exercise 2: a public key however it arrives ---------------------------------------------

def key_shape(shape: str, private_key: rsa.RSAPrivateKey) -> str:
    """The public key of `private_key`, written in one of SHAPES."""
    if "certificate" in shape:
        text = signed_by_itself(private_key, common_name="issuer.example").public_bytes(
            serialization.Encoding.PEM).decode()
    else:
        text = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return text.replace("\n", "\\n") if "environment" in shape else text


SHAPES = ("a PEM public key",
          "a PEM public key from an environment variable (\\n for each line break)",
          "a PEM certificate",
          "a PEM certificate from an environment variable (\\n for each line break)")


@friendly
def check_public_key_reader(public_key_from: Any) -> Feedback:
    """13, exercise 2: a function from key text (PEM or certificate, maybe escaped) to a key
    that jwt.decode verifies RS256 tokens with."""
    undone = function_problem(public_key_from, "a body for public_key_from(text) that returns a "
                              "key jwt.decode can verify with", "check_public_key_reader(public_key_from)")
    if undone:
        return undone
    for shape in SHAPES:  # a new key pair for each: an answer cannot reuse what it read before
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = jwt.encode({"sub": "ada"}, private_key, algorithm="RS256")
        key = _answer(public_key_from, key_shape(shape, private_key))
        if isinstance(key, BaseException):
            return Feedback(False, f"for {shape}, your function raised {explain_error(key)}")
        if key is REFUSED:
            return Feedback(False, f"for {shape}, your function returned None: return the key.")
        try:
            jwt.decode(token, key, algorithms=["RS256"])
        except Exception as error:  # noqa: BLE001 - the learner's key may be anything
            return Feedback(False, f"for {shape}, jwt.decode could not verify with what you "
                                   f"returned: {explain_error(error)}")
    return Feedback(True, "all four shapes give a key that verifies: the escaped line breaks "
                          "restored, and a certificate read for the public key it carries.")


# --- exercise 3: a GitHub App's JWT ----------------------------------------------------------------

CLOCK_OFFSETS = (0, -30, 30)  # GitHub's clock equal to, behind and ahead of yours, in seconds


@friendly
def check_github_app_jwt(github_app_jwt: Any) -> Feedback:
    """13, exercise 3: github_app_jwt(app_id, private_key) -> a JWT GitHub's rules accept even
    when its clock is 30 s behind or ahead of yours."""
    undone = function_problem(github_app_jwt, "a body for github_app_jwt(app_id, private_key) that "
                              "returns the app's JWT", "check_github_app_jwt(github_app_jwt)")
    if undone:
        return undone
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    app_id = 100_000 + uuid.uuid4().int % 900_000
    receiver = GitHubAppReceiver(app_id, f"Iv23li{uuid.uuid4().hex[:10]}", private_key.public_key())
    token = _answer(github_app_jwt, app_id, private_key)
    if isinstance(token, BaseException):
        return Feedback(False, f"your function raised {explain_error(token)}")
    if token is REFUSED:
        return Feedback(False, "your function returned None: return the token jwt.encode gives.")
    for offset in CLOCK_OFFSETS:
        verdict = receiver.receive(token, clock_offset=offset)
        if not verdict.accepted:
            when = ("when both clocks agree" if offset == 0 else
                    f"when GitHub's clock is {abs(offset)} s {'behind' if offset < 0 else 'ahead of'} yours")
            return Feedback(False, f"refused {when}: {verdict.reason}.")
    return Feedback(True, "accepted with GitHub's clock equal, 30 s behind and 30 s ahead: RS256, "
                          "iss the app ID as a string, iat in the past and exp within 10 minutes "
                          "of GitHub's now.")
