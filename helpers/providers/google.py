"""Tokens shaped like Google's ID tokens ("Sign in with Google").

From Google's documentation:
- "The value of `iss` in the ID token is equal to `accounts.google.com` or
  `https://accounts.google.com`" and "The value of `aud` in the ID token is equal to one of your
  app's client IDs" (https://developers.google.com/identity/gsi/web/guides/verify-google-id-token);
- the metadata is at `https://accounts.google.com/.well-known/openid-configuration`; its issuer
  "is `https://accounts.google.com`; however, `accounts.google.com` is also returned for legacy
  implementations" (https://developers.google.com/identity/openid-connect/reference);
- its key set is at `https://www.googleapis.com/oauth2/v3/certs`.
Here the issuer is the server's URL, and the legacy spelling the same without `http://`.
"""

from __future__ import annotations

from typing import Any

from helpers.providers.provider import LocalProvider


class GoogleProvider(LocalProvider):
    """A stand-in for Google's OpenID provider: two spellings of one issuer."""

    name = "Google (stand-in)"
    kid = "google-key-1"
    jwks_path = "/oauth2/v3/certs"
    client_id = "1234567890-abc123def456ghi789jkl0mno.apps.googleusercontent.com"
    user = "110169484474386276334"

    @property
    def legacy_issuer(self) -> str:
        """The same issuer without its scheme, as Google's legacy tokens write it."""
        return self.issuer.split("://", 1)[1]

    def id_token(self, legacy: bool = False, **changes: Any) -> str:
        """An ID token for your app, with the modern or the legacy spelling of the issuer."""
        claims = {"iss": self.legacy_issuer if legacy else self.issuer, "azp": self.client_id,
                  "aud": self.client_id, "sub": self.user, "email": "ada@example.com",
                  "email_verified": True, **self.times()}
        return self.sign({**claims, **changes})
