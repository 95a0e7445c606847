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
from dataclasses import dataclass
from typing import Any

from helpers.errors import InputProblem
from helpers.keys.jwk import key_set, public_jwk
from helpers.web.wsgi_json import answer

JWKS_PATH = "/.well-known/jwks.json"
JWKS_MEDIA_TYPE = "application/jwk-set+json"  # RFC 7517, section 8.5


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=1).encode("utf-8")


@dataclass(frozen=True)
class Failure:
    """One way the endpoint misbehaves: in words, and what it sends instead of the key set."""

    description: str
    body: Callable[[list[dict[str, Any]]], bytes]  # the keys it would publish -> the body it sends
    status: int = 200
    media_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


# How the endpoint can misbehave, and what each failure sends.
FAILURE_ANSWERS = {
    "html": Failure("an HTML page (200 OK) instead of JSON, like a login or error page",
                    lambda _: b"<!doctype html><title>Sign in</title><h1>Please sign in</h1>",
                    media_type="text/html"),
    "not-found": Failure("404 Not Found", lambda _: b"not found", 404, "text/plain"),
    "server-error": Failure("500 Internal Server Error", lambda _: b"internal error", 500, "text/plain"),
    "invalid-json": Failure("a body that is not valid JSON", lambda keys: _json({"keys": keys})[:-3]),
    "empty": Failure("200 OK with an empty body", lambda _: b""),
    "json-list": Failure("JSON, but a list instead of an object", _json),
    "one-jwk": Failure("a single JWK instead of a key set", lambda keys: _json(keys[0] if keys else {})),
    "keys-not-a-list": Failure('"keys" holding an object instead of a list',
                               lambda keys: _json({"keys": {jwk["kid"]: jwk for jwk in keys}})),
    "no-keys": Failure('{"keys": []}, a set with no keys', lambda _: _json({"keys": []}),
                       media_type=JWKS_MEDIA_TYPE),
    "no-usable-keys": Failure("keys PyJWT cannot use (an unknown kty)", lambda keys: _json(
        {"keys": [{**jwk, "kty": "XYZ"} for jwk in keys]}), media_type=JWKS_MEDIA_TYPE),
    "no-kids": Failure("the keys without their kid", lambda keys: _json(
        {"keys": [{k: v for k, v in jwk.items() if k != "kid"} for jwk in keys]}),
        media_type=JWKS_MEDIA_TYPE),
    "slow": Failure("the answer only after `slow_seconds`", lambda keys: _json({"keys": keys}),
                    media_type=JWKS_MEDIA_TYPE),
    "redirect": Failure("302 Found, pointing elsewhere (as an http:// URL redirected to https:// would)",
                        lambda _: b"", 302, "text/plain", (("Location", "/keys/v2/jwks.json"),)),
}
FAILURES = {name: failure.description for name, failure in FAILURE_ANSWERS.items()}


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
            return answer(start_response, 404, b"not found: try " + JWKS_PATH.encode(), "text/plain")
        failure = self.failure
        if failure is None:
            return answer(start_response, 200, _json(self.document()), JWKS_MEDIA_TYPE)
        if failure == "slow":
            self._released.wait(self.slow_seconds)  # then the key set, late
        how = FAILURE_ANSWERS[failure]
        body = how.body(self.document()["keys"])
        return answer(start_response, how.status, body, how.media_type, how.headers)

    def __repr__(self) -> str:
        state = f"failing with {self.failure!r}" if self.failure else "working"
        return f"<JwksApp publishing {self.kids}, {state}>"
