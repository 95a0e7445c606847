"""Tokens shaped like Amazon Cognito's (user pools): ID tokens and access tokens.

From the Amazon Cognito Developer Guide:
- the issuer of both is `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, its keys at
  the issuer + `/.well-known/jwks.json` (amazon-cognito-user-pools-using-the-id-token.html,
  amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html);
- an ID token has `aud` = the app client's id and `token_use: "id"`;
- an access token has **no `aud`**: it has `client_id` and `token_use: "access"`, a `scope` and
  `username` (amazon-cognito-user-pools-using-the-access-token.html);
- "Check the `token_use` claim. If you are only accepting the access token in your web APIs, its
  value must be `access`" (amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html).
All at https://docs.aws.amazon.com/cognito/latest/developerguide/.
"""

from __future__ import annotations

import uuid
from typing import Any

from helpers.providers.provider import LocalProvider

POOL = "us-east-1_Example"
OTHER_POOL = "us-east-1_Other1"


class CognitoProvider(LocalProvider):
    """A stand-in for a Cognito user pool: token_use, and access tokens without aud."""

    name = "Amazon Cognito (stand-in)"
    kid = "cognito-key-1"
    issuer_path = f"/{POOL}"
    jwks_path = f"/{POOL}/.well-known/jwks.json"
    client_id = "1example23456789abcdefghij"  # your app client
    other_client_id = "7otherappclient0123456789a"  # another app client of the same pool
    user = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    pool, other_pool = POOL, OTHER_POOL

    def issuer_of(self, pool: str = POOL) -> str:
        return f"{self.base_url}/{pool}"

    def id_token(self, client_id: str | None = None, pool: str = POOL, **changes: Any) -> str:
        """An ID token: for the app (aud), about the user."""
        times = self.times()
        claims = {"sub": self.user, "aud": client_id or self.client_id, "email_verified": True,
                  "token_use": "id", "auth_time": times["iat"], "iss": self.issuer_of(pool),
                  "cognito:username": "janedoe", **times, "email": "janedoe@example.com"}
        return self.sign({**claims, **changes})

    def access_token(self, client_id: str | None = None, pool: str = POOL, **changes: Any) -> str:
        """An access token: no aud; client_id names the app client it was issued to."""
        times = self.times()
        claims = {"sub": self.user, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
                  "auth_time": times["iat"], "iss": self.issuer_of(pool), **times,
                  "jti": str(uuid.uuid4()), "client_id": client_id or self.client_id,
                  "username": "janedoe"}
        return self.sign({**claims, **changes})
