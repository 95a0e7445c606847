"""Tokens shaped like Auth0's access tokens for an API.

From Auth0's documentation:
- the issuer is the tenant's URL *with* a trailing slash, `https://{tenant}.auth0.com/`; its
  metadata is at `https://{tenant}/.well-known/openid-configuration`, its keys at
  `/.well-known/jwks.json` (https://auth0.com/docs/secure/tokens/json-web-tokens/locate-json-web-key-sets);
- an access token's `aud` may be a list: the API's identifier and the tenant's `/userinfo`
  endpoint; it carries `azp` (the client) and `scope`
  (https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles);
- "At least one of the audience values for the token must match the unique identifier of the
  target API" (https://auth0.com/docs/tokens/access-tokens/validate-access-tokens).
"""

from __future__ import annotations

from typing import Any

from helpers.providers.provider import LocalProvider


class Auth0Provider(LocalProvider):
    """A stand-in for an Auth0 tenant: issuer with a trailing slash, aud as a list."""

    name = "Auth0 (stand-in)"
    kid = "auth0-key-1"
    issuer_path = "/"
    publishes_x5c = True
    api_identifier = "https://api.example.com"  # the API's identifier: the audience it checks
    client_id = "Y2xpZW50LWZvci1zcGE0M2J3"  # the single-page app that asked for the token
    user = "auth0|64f1a2b3c4d5e6f708192a3b"

    def access_token(self, **changes: Any) -> str:
        """An access token for the API, as Auth0's default ("Auth0") token profile writes it."""
        claims = {"iss": self.issuer, "sub": self.user,
                  "aud": [self.api_identifier, self.issuer + "userinfo"],
                  **self.times(), "azp": self.client_id, "scope": "openid profile read:messages"}
        return self.sign({**claims, **changes})
