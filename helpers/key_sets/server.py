"""A small JWKS endpoint (a WSGI app) that publishes a key set at /.well-known/jwks.json.

Keys can be published and removed while it runs (rotation), and it can be told to fail the ways
real endpoints fail (an HTML page, 404, 500, broken JSON, an empty body, a slow answer...).
Serve it with `helpers.web.server.start_server`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from helpers.errors import InputProblem
from helpers.keys.jwk import key_set, public_jwk

JWKS_PATH = "/.well-known/jwks.json"
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


# --- what an API answers ----------------------------------------------------------------------


