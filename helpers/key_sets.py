"""Public keys as JSON (JWK, RFC 7517), key sets (JWKS), and a small JWKS endpoint to serve them.

- `public_jwk(public_key, kid, algorithm)`: one public key as a JWK dict, with its `kid`,
  `alg` and `use`; PyJWT's own `to_jwk` writes the key material. A private key or a shared
  secret is refused: a key set is public.
- `key_set(*jwks)`: the JWKS document, `{"keys": [...]}`, with distinct kids.
- `JwksApp`: a WSGI app serving that document at `/.well-known/jwks.json`. Keys can be
  published and removed while it runs (rotation), and it can be told to fail the ways real
  endpoints fail (an HTML page, 404, 500, broken JSON, an empty body, a slow answer...).
  Serve it with `helpers.local_server.start_server`.
- `fetch_signing_key(url, token)`: `jwt.PyJWKClient` finds the token's key; any failure
  becomes an `InputProblem` with one line saying what is wrong and how to fix it.
- `verify_with_key_set(jwks_client, token, algorithms)`: what an API does with a token,
  200 (accepted), 401 (the caller's fault) or 503 (the issuer's endpoint failed), with the
  `except` clauses in the order that tells those apart.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from jwt.algorithms import get_default_algorithms

from helpers.keys import describe_public_key
from helpers.problems import InputProblem

JWKS_PATH = "/.well-known/jwks.json"
EC_ALGORITHMS = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512", "secp256k1": "ES256K"}
JWKS_MEDIA_TYPE = "application/jwk-set+json"  # RFC 7517, section 8.5

# How the endpoint can misbehave, and what each failure sends.
FAILURES = {
    "html": "an HTML page (200 OK) instead of JSON, like a login or error page",
    "not-found": "404 Not Found",
    "server-error": "500 Internal Server Error",
    "invalid-json": "a body that is not valid JSON",
    "empty": "200 OK with an empty body",
    "json-list": "JSON, but a list instead of an object",
    "one-jwk": "a single JWK instead of a key set",
    "keys-not-a-list": '"keys" holding an object instead of a list',
    "no-keys": '{"keys": []}, a set with no keys',
    "no-usable-keys": "keys PyJWT cannot use (an unknown kty)",
    "no-kids": "the keys without their kid",
    "slow": "the answer only after `slow_seconds`",
    "redirect": "302 Found, pointing elsewhere (as an http:// URL redirected to https:// would)",
}


def public_jwk(public_key: Any, kid: str, algorithm: str) -> dict[str, Any]:
    """One public key as a JWK: kty and key material from PyJWT's to_jwk, plus kid, use and alg."""
    if isinstance(public_key, (str, bytes)):
        raise InputProblem("A shared secret never goes into a published key set, which anyone can read: "
                           "publish the public half of a key pair (private_key.public_key()).")
    if hasattr(public_key, "private_bytes"):
        raise InputProblem("That is a private key: its JWK would hold the private numbers. "
                           "Publish private_key.public_key() instead.")
    if not isinstance(kid, str) or not kid.strip():
        raise InputProblem("Give the key a kid, a short non-empty name such as 'key-2026-11', "
                           "so tokens can say which key signed them.")
    algorithms = get_default_algorithms()
    if algorithm not in algorithms or algorithm.startswith("HS") or algorithm == "none":
        raise InputProblem(f"{algorithm!r} is not a public-key algorithm PyJWT knows: use e.g. "
                           "RS256, PS256, ES256 or EdDSA.")
    try:
        algorithms[algorithm].prepare_key(public_key)  # refuses a key type or curve that does not fit
        material = algorithms[algorithm].to_jwk(public_key, as_dict=True)
    except (jwt.InvalidKeyError, TypeError, ValueError, AttributeError):
        described = describe_public_key(public_key)
        raise InputProblem(f"{described[:1].upper()}{described[1:]} cannot verify {algorithm} "
                           f"tokens: use algorithm={fitting_algorithms(public_key)}, or another "
                           "key.") from None
    material.pop("key_ops", None)  # RFC 7517, section 4.3: "use" and "key_ops" SHOULD NOT be used together
    return {"kty": material.pop("kty"), "kid": kid, "use": "sig", "alg": algorithm, **material}


def fitting_algorithms(public_key: Any) -> str:
    """The algorithm names that sign with this kind of key (RFC 7518 §3, RFC 8037), for messages."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return "'RS256' or 'PS256'"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return repr(EC_ALGORITHMS.get(public_key.curve.name, "ES256"))
    if isinstance(public_key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return "'EdDSA'"
    return "the algorithm of its key type (RS256, ES256, EdDSA...)"


def shorten(jwk: dict[str, Any], longer_than: int = 20) -> dict[str, Any]:
    """The JWK with every long value (a key's big numbers) replaced by its length, for display."""
    return {name: f"<{len(value)} characters>" if isinstance(value, str) and len(value) > longer_than
            else value for name, value in jwk.items()}


def key_set(*jwks: dict[str, Any]) -> dict[str, Any]:
    """The JWKS document: {"keys": [jwk, ...]}. Kids must be distinct (RFC 7517, section 4.5)."""
    kids = [jwk.get("kid") for jwk in jwks]
    repeated = sorted({kid for kid in kids if kids.count(kid) > 1 and kid is not None})
    if repeated:
        raise InputProblem(f"Two keys share the kid {repeated[0]!r}: give each key its own kid, "
                           "or a verifier cannot tell which one signed a token.")
    return {"keys": list(jwks)}


def published_kids(document: Any) -> list[str]:
    """The kids listed in a JWKS document (empty when it is not a key set)."""
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        return []
    return [key["kid"] for key in keys if isinstance(key, dict) and isinstance(key.get("kid"), str)]


class JwksApp:
    """A WSGI app publishing a key set at /.well-known/jwks.json; keys can change while it runs."""

    def __init__(self, *jwks: dict[str, Any], slow_seconds: float = 10.0) -> None:
        self._keys: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._released = threading.Event()  # ends a slow answer early when the failure changes
        self.failure: str | None = None
        self.slow_seconds = slow_seconds
        for jwk in key_set(*jwks)["keys"]:
            self._keys[jwk["kid"]] = jwk
        self._ever_published = set(self._keys)

    # --- what is published ---------------------------------------------------------------------

    def publish(self, public_key: Any, kid: str, algorithm: str) -> dict[str, Any]:
        """Add a public key under a new kid (the first step of a rotation); returns its JWK."""
        jwk = public_jwk(public_key, kid, algorithm)
        with self._lock:
            if kid in self._keys and self._keys[kid] != jwk:
                raise InputProblem(f"The kid {kid!r} is already published for another key: a new key "
                                   "needs a new kid (or re-run the cell that started the server).")
            self._keys[kid] = jwk  # publishing the same key again (a re-run) changes nothing
            self._ever_published.add(kid)
        return jwk

    def remove(self, kid: str) -> None:
        """Stop publishing a key (the last step of a rotation). Removing it twice is harmless."""
        with self._lock:
            if kid not in self._ever_published:
                raise InputProblem(f"No key with kid {kid!r} was ever published here; the kids are "
                                   f"{list(self._keys)}.")
            self._keys.pop(kid, None)

    @property
    def kids(self) -> list[str]:
        """The kids published now, in the order they were added."""
        with self._lock:
            return list(self._keys)

    def document(self) -> dict[str, Any]:
        """The JWKS the endpoint serves when it works."""
        with self._lock:
            return {"keys": [dict(jwk) for jwk in self._keys.values()]}

    # --- failing on purpose ------------------------------------------------------------------

    def fail_with(self, failure: str | None) -> None:
        """Make every answer fail this way (a name from FAILURES), or None to work again."""
        if failure is not None and failure not in FAILURES:
            raise InputProblem(f"Unknown failure {failure!r}: pick one of {', '.join(FAILURES)}.")
        self.failure = failure
        self._released.set()
        self._released = threading.Event()

    @contextmanager
    def failing(self, failure: str) -> Iterator[JwksApp]:
        """Fail this way inside a `with` block only; the endpoint works again afterwards."""
        self.fail_with(failure)
        try:
            yield self
        finally:
            self.fail_with(None)

    # --- the WSGI app ----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != JWKS_PATH:
            return _answer(start_response, "404 Not Found", "text/plain", b"not found: try " +
                           JWKS_PATH.encode())
        failure = self.failure
        if failure == "slow":
            self._released.wait(self.slow_seconds)
            failure = None
        if failure is None:
            return _answer(start_response, "200 OK", JWKS_MEDIA_TYPE, _json(self.document()))
        return _failing_answer(failure, self.document(), start_response)

    def __repr__(self) -> str:
        state = f"failing with {self.failure!r}" if self.failure else "working"
        return f"<JwksApp publishing {self.kids}, {state}>"


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=1).encode("utf-8")


def _answer(start_response: Callable[..., Any], status: str, media_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", media_type), ("Content-Length", str(len(body)))])
    return [body]


def _failing_answer(failure: str, document: dict[str, Any],
                    start_response: Callable[..., Any]) -> list[bytes]:
    keys = document["keys"]
    if failure == "html":
        return _answer(start_response, "200 OK", "text/html",
                       b"<!doctype html><title>Sign in</title><h1>Please sign in</h1>")
    if failure == "redirect":
        start_response("302 Found", [("Location", "/keys/v2/jwks.json"), ("Content-Length", "0")])
        return [b""]
    if failure == "not-found":
        return _answer(start_response, "404 Not Found", "text/plain", b"not found")
    if failure == "server-error":
        return _answer(start_response, "500 Internal Server Error", "text/plain", b"internal error")
    if failure == "invalid-json":
        return _answer(start_response, "200 OK", "application/json", _json(document)[:-3])
    if failure == "empty":
        return _answer(start_response, "200 OK", "application/json", b"")
    if failure == "json-list":
        return _answer(start_response, "200 OK", "application/json", _json(keys))
    if failure == "one-jwk":
        return _answer(start_response, "200 OK", "application/json", _json(keys[0] if keys else {}))
    if failure == "keys-not-a-list":
        return _answer(start_response, "200 OK", "application/json",
                       _json({"keys": {jwk["kid"]: jwk for jwk in keys}}))
    if failure == "no-keys":
        return _answer(start_response, "200 OK", JWKS_MEDIA_TYPE, _json({"keys": []}))
    if failure == "no-usable-keys":
        return _answer(start_response, "200 OK", JWKS_MEDIA_TYPE,
                       _json({"keys": [{**jwk, "kty": "XYZ"} for jwk in keys]}))
    if failure == "no-kids":
        return _answer(start_response, "200 OK", JWKS_MEDIA_TYPE,
                       _json({"keys": [{k: v for k, v in jwk.items() if k != "kid"} for jwk in keys]}))
    raise AssertionError(f"no answer for {failure!r}")  # FAILURES and this list agree (tested)


# --- PyJWKClient's failures, in one line each -------------------------------------------------


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
    except (jwt.PyJWTError, ValueError) as error:
        raise InputProblem(explain_key_set_failure(error, url, client.last_document, kid,
                                                   timeout)) from None


def explain_key_set_failure(error: BaseException, url: str, document: Any = None,
                            kid: str | None = None, timeout: float = 10.0) -> str:
    """One line for a PyJWKClient failure: what the endpoint did wrong, and the fix."""
    name = type(error).__name__
    message = str(error)
    if isinstance(error, jwt.PyJWKClientConnectionError):
        return f"{name}: {_connection_problem(error.__cause__, url, timeout)}"
    if isinstance(error, json.JSONDecodeError):
        return f"{name}: {_not_json_problem(error)}"
    if isinstance(error, jwt.PyJWKSetError):
        return f"{name}: {_key_set_problem(document)}"
    if isinstance(error, jwt.PyJWKClientError):
        if "URI scheme" in message:
            return (f"{name}: {url[:60]!r} is not an http(s) URL. PyJWKClient fetches keys only "
                    "over http:// or https:// (never file://). Fix: serve the set over HTTP(S) "
                    "and give that URL.")
        if "JSON object" in message:
            return (f"{name}: the endpoint answered JSON that is not an object (a list, a "
                    'string or a number). Fix: a key set is an object, {"keys": [...]}.')
        if "any signing keys" in message:
            return (f"{name}: no key in the set is a signing key with a kid (PyJWKClient keeps keys "
                    "that have a kid and use \"sig\" or no use). Fix: the issuer must publish each "
                    "signing key with its kid.")
        if "matches" in message:
            kids = published_kids(document)
            return (f"{name}: no key with kid {kid!r} in the set (it holds {kids}). The key was "
                    "removed (rotated out) or the token was signed by someone else: get a new "
                    "token, and never widen your trust to fit it.")
    return f"{name}: {' '.join(message.split())[:200]}. Fix: check the JWKS URL and the token."


def _connection_problem(cause: BaseException | None, url: str, timeout: float) -> str:
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
        return (f"the endpoint answered {cause.code} {cause.reason}. Fix: check the URL and any "
                "headers it needs.")
    reason = cause.reason if isinstance(cause, URLError) else cause
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


# --- what an API answers ----------------------------------------------------------------------


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
    except (jwt.PyJWKClientConnectionError, jwt.PyJWKSetError, ValueError, OSError) as error:
        return _refused(503, error)  # unreachable, not a key set, not JSON, reset mid-answer
    except jwt.PyJWKClientError as error:
        unknown_kid = str(error).startswith("Unable to find a signing key that matches")
        return _refused(401 if unknown_kid else 503, error)
    try:
        claims = jwt.decode(token, key, algorithms=algorithms, **decode_options)
    except jwt.InvalidTokenError as error:  # bad signature, alg not allowed, expired...
        return _refused(401, error)
    return Verdict(200, "accepted", claims)


def _refused(status: int, error: BaseException) -> Verdict:
    return Verdict(status, " ".join(f"{type(error).__name__}: {error}".split())[:200])
