"""A local identity provider: the two documents a verifier reads, and tokens signed with its key.

A real OpenID provider publishes its metadata at the issuer URL + `/.well-known/openid-configuration`
(OpenID Connect Discovery 1.0, section 4); the metadata's `jwks_uri` names its key set. This WSGI
app serves both on 127.0.0.1 and signs tokens with an RSA key made at run time. Subclasses give
the layout of one real provider (auth0.py, cognito.py, entra.py, google.py): where its issuer
and key set live, what its keys publish, and which claims its tokens carry.

The stand-in serves only what a verifier reads. Its metadata also names the endpoints a login
uses (authorization, token), as the specification requires, but nothing answers there: here,
tokens come from Python (`provider.access_token()`), as if a user had just logged in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers.keys.jwk import public_jwk
from helpers.web.tls import signed_by_itself

WELL_KNOWN = "/.well-known/openid-configuration"
LIFETIME = 3600  # seconds: the providers of this notebook issue tokens for about an hour


class LocalProvider:
    """An identity provider on 127.0.0.1 (served with helpers.providers.catalog.start_provider)."""

    name = "provider"
    kid = "key-1"
    issuer_path = ""  # what the issuer adds to the server's URL, e.g. "/us-east-1_Example"
    jwks_path = "/.well-known/jwks.json"
    publishes_alg = True  # does each JWK carry "alg"? (Microsoft's do not)
    publishes_x5c = False  # does each JWK carry its certificate (x5c, x5t)?

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.base_url = ""  # set by start_provider, once the server has its port
        self.served_paths: dict[str, Callable[[], dict[str, Any]]] = {}
        self.server: Any = None  # the LocalServer that serves it (see catalog.start_provider)

    # --- where things are --------------------------------------------------------------------

    def bind(self, base_url: str) -> None:
        """Learn the server's URL (known once it listens) and route the two documents."""
        self.base_url = base_url.rstrip("/")
        self.served_paths = {urlsplit(self.discovery_url).path: self.metadata,
                             urlsplit(self.jwks_uri).path: self.jwks}

    @property
    def issuer(self) -> str:
        """The issuer identifier: the iss of its tokens, and the prefix of its discovery URL."""
        return self.base_url + self.issuer_path

    @property
    def discovery_url(self) -> str:
        """Discovery, section 4: the issuer, without a terminating "/", + /.well-known/..."""
        return self.issuer.rstrip("/") + WELL_KNOWN

    @property
    def jwks_uri(self) -> str:
        return self.base_url + self.jwks_path

    # --- the two documents -------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        """The provider metadata, with the members Discovery section 3 requires."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.base_url + "/authorize",
            "token_endpoint": self.base_url + "/token",
            "jwks_uri": self.jwks_uri,
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self) -> dict[str, Any]:
        """The key set: the public key, as this provider writes its JWKs."""
        jwk = public_jwk(self.key.public_key(), self.kid, "RS256")
        if not self.publishes_alg:
            del jwk["alg"]
        if self.publishes_x5c:
            der = self.certificate_der
            jwk["x5t"] = base64.urlsafe_b64encode(hashlib.sha1(der).digest()).rstrip(b"=").decode()  # noqa: S324 - RFC 7517 4.8 names SHA-1
            jwk["x5c"] = [base64.b64encode(der).decode()]  # standard base64 (RFC 7517 4.7)
        return {"keys": [jwk]}

    @functools.cached_property
    def certificate_der(self) -> bytes:
        """The public key in a certificate signed by its own key, as DER: what x5c carries."""
        return signed_by_itself(self.key, common_name=self.name, days=365).public_bytes(
            serialization.Encoding.DER)

    # --- tokens --------------------------------------------------------------------------------

    def sign(self, claims: dict[str, Any], algorithm: str = "RS256",
             headers: dict[str, Any] | None = None) -> str:
        """A token with these claims, signed with the provider's key, its kid in the header."""
        return jwt.encode(claims, self.key, algorithm=algorithm, headers={"kid": self.kid, **(headers or {})})

    @staticmethod
    def times(lifetime: int = LIFETIME, issued_ago: int = 0) -> dict[str, int]:
        """iat and exp for a token issued `issued_ago` seconds ago, living `lifetime` seconds."""
        now = int(time.time()) - issued_ago
        return {"iat": now, "exp": now + lifetime}

    # --- the WSGI app --------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        document = self.served_paths.get(environ.get("PATH_INFO", ""))
        if document is None:
            body = b'{"error": "not_found"}'
            start_response("404 Not Found", [("Content-Type", "application/json"),
                                             ("Content-Length", str(len(body)))])
            return [body]
        body = json.dumps(document(), indent=1).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} issuer={self.issuer!r}>"
