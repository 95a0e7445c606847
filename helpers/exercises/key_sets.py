"""Checkers for the exercises of 07-key-sets: a second published key, and why tokens are refused."""

from __future__ import annotations

from typing import Any

import jwt

from helpers.errors import InputProblem
from helpers.exercises.feedback import NOT_ANSWERED, Feedback, friendly, not_answered
from helpers.key_sets.client import fetch_signing_key

# Exercise 2: the reasons a learner picks from, each with the exception that shows it.
REASONS = {
    "no kid": "the header names no key, so PyJWKClient looks for kid None",
    "unknown kid": "the header names a kid the key set does not hold",
    "wrong key": "the kid names a published key, but another key made the signature",
    "algorithm not allowed": "the header's alg is not in algorithms=['RS256']",
}


@friendly
def check_second_key(token: Any, jwks_url: str) -> Feedback:
    """07, exercise 1: a token signed with a newly published ES256 key, verified from the set."""
    if token in NOT_ANSWERED:
        return not_answered("a token signed with my_key (jwt.encode(..., headers={'kid': 'my-key'})), "
                            "after publishing my_key's public key on issuer (step 1)")
    if not isinstance(token, str):
        return Feedback(False, f"jwt.encode returns a str; my_token is a {type(token).__name__}.")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        return Feedback(False, "my_token is not a JWT: assign the result of jwt.encode(...).")
    if header.get("alg") != "ES256":
        return Feedback(False, f"the header says alg {header.get('alg')!r}: sign with "
                               "algorithm='ES256', the algorithm of an EC P-256 key.")
    if "kid" not in header:
        return Feedback(False, "the header has no kid: pass headers={'kid': 'my-key'} to jwt.encode.")
    if header["kid"] != "my-key":
        return Feedback(False, f"the header's kid is {header['kid']!r}; the task names the new key "
                               "'my-key': publish my_key.public_key() under kid 'my-key' (algorithm "
                               "'ES256') and put headers={'kid': 'my-key'} in jwt.encode.")
    try:
        key = fetch_signing_key(jwks_url, token)
    except InputProblem as problem:
        if f"no key with kid {header['kid']!r}" in str(problem):
            return Feedback(False, f"the set does not publish {header['kid']!r} yet: publish it first, "
                                   f"issuer.publish(my_key.public_key(), kid={header['kid']!r}, "
                                   "algorithm='ES256').")
        if "connection refused" in str(problem):
            return Feedback(False, "the JWKS server of Step 4 is not running: re-run the Step 4 cell "
                                   "(it starts issuer again with key-1 only), then your publish line "
                                   "and this cell.")
        return Feedback(False, f"a verifier cannot find its key. {problem}")
    try:
        payload = jwt.decode(token, key, algorithms=["ES256"])
    except jwt.InvalidAlgorithmError:
        return Feedback(False, f"the kid {header['kid']!r} names a published key meant for "
                               f"{key.algorithm_name}, not ES256: publish my_key.public_key() under its "
                               "own kid ('my-key', algorithm 'ES256') and put that kid in the header.")
    except jwt.InvalidSignatureError:
        return Feedback(False, f"the key published as {header['kid']!r} did not make this signature: "
                               "publish my_key.public_key() and sign with my_key.")
    if payload.get("sub") != "me":
        return Feedback(False, f"the payload is {payload}; sign {{'sub': 'me'}}.")
    return Feedback(True, f"the set now publishes {header['kid']!r}, and any verifier finds it by "
                          "kid, with no restart and no shared secret.")


@friendly
def check_refusal_reasons(answer: Any, suspects: dict[str, str], jwks_url: str) -> Feedback:
    """07, exercise 2: why each suspect token is refused, one reason from REASONS each."""
    if answer in NOT_ANSWERED:
        example = {name: "..." for name in suspects}
        return not_answered(f"a dict like {example}, each value one of {sorted(REASONS)}")
    if not isinstance(answer, dict) or set(answer) != set(suspects):
        return Feedback(False, f"give a dict with exactly the keys {sorted(suspects)}.")
    unknown = sorted(str(value) for value in answer.values() if value not in REASONS)
    if unknown:
        return Feedback(False, f"{unknown[0]!r} is not one of the reasons: pick from {sorted(REASONS)}.")
    try:
        truth = {name: refusal_reason(token, jwks_url) for name, token in suspects.items()}
    except jwt.PyJWKClientConnectionError:
        return Feedback(False, "the JWKS server does not answer, so nothing can be checked: re-run "
                               "the cell that starts it (Step 4), then the suspects cell.")
    wrong = [name for name in suspects if answer[name] != truth[name]]
    if wrong:
        return Feedback(False, f"{len(wrong)} of {len(suspects)} reasons are not right yet: run the "
                               "verifier on each suspect and read the exception's name and message, "
                               "and look at each header with jwt.get_unverified_header (PyJWKClient "
                               'reports a missing kid as kid "None").')
    reasons = ", ".join(f"{name}: {truth[name]}" for name in suspects)
    return Feedback(True, f"{reasons}. Three exception classes for four causes: b and d both raise "
                          "PyJWKClientError, and only the header (no kid, or a kid nobody "
                          "published) tells them apart.")


def refusal_reason(token: str, jwks_url: str) -> str | None:
    """Which REASONS entry refuses this token at the verifier of the exercise (None: accepted)."""
    client = jwt.PyJWKClient(jwks_url, cache_jwk_set=False)
    if jwt.get_unverified_header(token).get("kid") is None:
        return "no kid"
    try:
        jwt.decode(token, client.get_signing_key_from_jwt(token), algorithms=["RS256"])
    except jwt.PyJWKClientConnectionError:
        raise
    except jwt.PyJWKClientError:
        return "unknown kid"
    except jwt.InvalidAlgorithmError:
        return "algorithm not allowed"
    except jwt.InvalidSignatureError:
        return "wrong key"
    return None
