"""Reading a key set the way an API does: `jwt.PyJWKClient`, its failures, and the answer to send.

- `fetch_signing_key(url, token)`: find the token's key; any failure becomes an `InputProblem`
  with one line saying what is wrong and how to fix it.
- `verify_with_key_set(jwks_client, token, algorithms)`: 200 (accepted), 401 (the caller's
  fault) or 503 (the issuer's endpoint failed), with the `except` clauses in the order that
  tells those apart.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError

import jwt

from helpers.errors import MESSAGES_BY_KEY, InputProblem, says
from helpers.key_sets.server import JWKS_PATH
from helpers.keys.jwk import published_kids


class _ClientKeepingTheBody(jwt.PyJWKClient):
    """PyJWKClient that remembers the last JSON it fetched, to say what was wrong with it."""

    last_document: Any = None

    def fetch_data(self) -> Any:
        self.last_document = super().fetch_data()
        return self.last_document


def fetch_signing_key(url: str, token: str, timeout: float = 10.0) -> jwt.PyJWK:
    """The key that signed `token`, found by kid in the JWKS at `url` with jwt.PyJWKClient.

    Raises InputProblem with one line (what is wrong, how to fix it) for every failure.
    Nothing is cached: each call fetches the set once (twice when the kid is unknown, as
    PyJWKClient looks again in case the key was just published).
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise InputProblem("That is not a JWT (three base64url parts joined by dots): "
                           "copy the whole token again.") from None
    kid = header.get("kid")
    if kid is None:
        raise InputProblem("The token's header has no kid, so no key in a set can be picked for "
                           "it: the issuer must sign with headers={'kid': ...}.")
    try:
        client = _ClientKeepingTheBody(url, cache_jwk_set=False, timeout=timeout)
    except jwt.PyJWKClientError as error:
        raise InputProblem(explain_key_set_failure(error, url, timeout=timeout)) from None
    try:
        return client.get_signing_key_from_jwt(token)
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise InputProblem(explain_key_set_failure(error, url, client.last_document, kid,
                                                   timeout)) from None


def explain_key_set_failure(error: BaseException, url: str, document: Any = None,
                            kid: str | None = None, timeout: float = 10.0) -> str:
    """One line for a PyJWKClient failure: what the endpoint did wrong, and the fix."""
    name = type(error).__name__
    if isinstance(error, jwt.PyJWKClientConnectionError):
        return f"{name}: {_connection_problem(error, url, timeout)}"
    if isinstance(error, json.JSONDecodeError):
        return f"{name}: {_not_json_problem(error)}"
    if isinstance(error, TypeError):
        return (f"{name}: a key in the set has a member of the wrong type (say, alg as a list), "
                "and PyJWT then cannot read the set at all. Fix: the issuer's set is malformed; "
                "each member must be as RFC 7517 says (alg a string).")
    if isinstance(error, jwt.PyJWKSetError):
        return f"{name}: {_key_set_problem(document)}"
    if isinstance(error, jwt.PyJWKClientError):
        if says(error, "jwks url scheme"):
            return (f"{name}: {url[:60]!r} is not an http(s) URL. PyJWKClient fetches keys only "
                    "over http:// or https:// (never file://). Fix: serve the set over HTTP(S) "
                    "and give that URL.")
        if says(error, "jwks not an object"):
            return (f"{name}: the endpoint answered JSON that is not an object (a list, a "
                    'string or a number). Fix: a key set is an object, {"keys": [...]}.')
        if says(error, "no signing keys"):
            return (f"{name}: no key in the set is a signing key with a kid (PyJWKClient keeps keys "
                    "that have a kid and use \"sig\" or no use). Fix: the issuer must publish each "
                    "signing key with its kid.")
        if says(error, "unknown kid"):
            kids = published_kids(document)
            return (f"{name}: no key with kid {kid!r} in the set (it holds {kids}). The key was "
                    "removed (rotated out) or the token was signed by someone else: get a new "
                    "token, and never widen your trust to fit it.")
    return f"{name}: {' '.join(str(error).split())[:200]}. Fix: check the JWKS URL and the token."


def _connection_problem(error: BaseException, url: str, timeout: float) -> str:
    cause = error.__cause__
    if isinstance(cause, HTTPError):
        if cause.code == 404:
            return (f"the endpoint answered 404 Not Found. Fix: check the URL's path, often "
                    f"{JWKS_PATH} (an OpenID provider names it as jwks_uri in its "
                    "/.well-known/openid-configuration).")
        if 300 <= cause.code < 400:
            return (f"the endpoint answered {cause.code} {cause.reason}, a redirect, which "
                    "PyJWKClient does not follow. Fix: check the Location belongs to the issuer, "
                    "then configure that URL (often https:// instead of http://).")
        if cause.code >= 500:
            return (f"the endpoint answered {cause.code} {cause.reason}, a fault on the issuer's "
                    "side. Fix: retry later and answer 503 meanwhile (PyJWKClient's cached set "
                    "is used only until its lifespan ends).")
        if cause.code == 403:
            return (f"the endpoint answered 403 Forbidden: {MESSAGES_BY_KEY['forbidden'].cause}. "
                    f"Fix: {MESSAGES_BY_KEY['forbidden'].fix}.")
        return (f"the endpoint answered {cause.code} {cause.reason}. Fix: check the URL and any "
                "headers it needs.")
    reason = cause.reason if isinstance(cause, URLError) else cause
    if isinstance(reason, ssl.SSLCertVerificationError):
        known = MESSAGES_BY_KEY["certificate for another name" if says(error, "certificate for another name")
                                else "certificate not trusted"]
        return (f"the TLS certificate of {url[:60]} was refused ({reason.verify_message}): "
                f"{known.cause}. Fix: {known.fix}.")
    if isinstance(reason, ConnectionRefusedError):
        return ("nothing listens at that address (connection refused). Fix: start the JWKS "
                "server (in 07, re-run the Step 4 cell), or check the host and port in the URL.")
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return (f"no answer within {timeout:g} s. Fix: check the endpoint is up; keep the "
                "timeout short (it bounds each wait, not the whole request) so a slow issuer cannot "
                "stall your API, whose lookups queue behind one fetch.")
    return f"could not reach {url[:60]} ({reason}). Fix: check the URL."


def _not_json_problem(error: json.JSONDecodeError) -> str:
    body = error.doc.strip() if isinstance(error.doc, str) else ""
    if not body:
        return ('the endpoint answered an empty body. Fix: a JWKS endpoint must answer a JSON '
                'object, {"keys": [...]}; check the URL.')
    if body.startswith("<"):
        return ("the endpoint answered HTML, not JSON (a login or error page?). Fix: check the "
                "URL points at the key set itself, e.g. " + JWKS_PATH + ".")
    return (f"the endpoint answered text that is not JSON ({error.msg}, line {error.lineno} "
            f"column {error.colno}). Fix: the issuer's endpoint is broken, or the URL is wrong.")


def _key_set_problem(document: Any) -> str:
    if not isinstance(document, dict):
        return 'the answer is not a key set. Fix: a JWKS is {"keys": [...]}.'
    keys = document.get("keys")
    if keys is None and "kty" in document:
        return ('the endpoint answered one JWK, not a key set. Fix: wrap it as {"keys": [jwk]}.')
    if keys is None:
        return (f'the JSON has no "keys" member (it has {sorted(document)[:5]}). Fix: a JWKS is '
                '{"keys": [...]}.')
    if not isinstance(keys, list):
        return (f'"keys" holds a {type(keys).__name__}, not a list. Fix: a JWKS is '
                '{"keys": [jwk, jwk, ...]}.')
    if not keys:
        return '"keys" is an empty list. Fix: the issuer must publish at least one public key.'
    return (f"PyJWT can use none of the {len(keys)} key(s) in the set (an unknown kty or alg, or "
            "missing fields). Fix: publish RSA, EC or OKP public keys made with to_jwk.")


@dataclass(frozen=True)
class Verdict:
    """What an API answers for one token: 200, 401 or 503, and why."""

    status: int  # 200 accepted, 401 the caller's fault, 503 the issuer's endpoint failed
    reason: str  # "accepted", or the exception's class and message: log it
    claims: dict[str, Any] | None = None


def verify_with_key_set(jwks_client: jwt.PyJWKClient, token: str, algorithms: list[str],
                        **decode_options: Any) -> Verdict:
    """Find the token's key with `jwks_client`, then verify the token: 200, 401 or 503.

    The order of the `except` clauses matters: a connection error is also a PyJWKClientError,
    and PyJWKClient raises that same class for an unknown kid (the caller's fault) and for a
    set without signing keys (the issuer's).
    """
    try:
        key = jwks_client.get_signing_key_from_jwt(token)
    except jwt.InvalidTokenError as error:  # not a JWT, or a kid that is not a string
        return _refused(401, error)
    except (jwt.PyJWKClientConnectionError, jwt.PyJWKSetError, ValueError, OSError,
            TypeError) as error:  # unreachable, not a key set, not JSON, reset mid-answer, or
        return _refused(503, error)  # a member of the wrong type (alg as a list) in the set
    except jwt.PyJWKClientError as error:
        return _refused(401 if says(error, "unknown kid") else 503, error)
    try:
        claims = jwt.decode(token, key, algorithms=algorithms, **decode_options)
    except jwt.InvalidTokenError as error:  # bad signature, alg not allowed, expired...
        return _refused(401, error)
    return Verdict(200, "accepted", claims)


def _refused(status: int, error: BaseException) -> Verdict:
    return Verdict(status, " ".join(f"{type(error).__name__}: {error}".split())[:200])
