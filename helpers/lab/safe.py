"""The safe lab API: verifies every token with PyJWT as the course teaches.

- the key comes from the server's own configuration (the issuer's public key), never from the
  token (no `jwk`, `jku` or `kid` lookups that the token steers);
- `algorithms=["RS256"]`, fixed: `none`, HS256 and anything else are refused;
- `exp`, `iat`, `iss`, `aud` and `sub` are required, and `aud` and `iss` must match;
- no leeway beyond PyJWT's default of zero.
"""

from __future__ import annotations

import json
from typing import Any

import jwt

from helpers.lab.api import LabApi
from helpers.lab.issuer import ALGORITHM, LAB_AUDIENCE, LAB_ISSUER, LabIssuer

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


def verify_safely(token: str, public_key: Any) -> dict[str, Any]:
    """Verify the signature with the configured key and check every claim; raise if not."""
    return jwt.decode(token, public_key, algorithms=[ALGORITHM], audience=LAB_AUDIENCE,
                      issuer=LAB_ISSUER, options={"require": REQUIRED_CLAIMS})


def make_safe_api(issuer: LabIssuer) -> LabApi:
    """The safe API, configured with the issuer's public key."""
    public_key = issuer.private_key.public_key()
    return LabApi("safe API", lambda token: verify_safely(token, public_key),
                  public_files={"/public-key.pem": issuer.public_pem,
                                "/.well-known/jwks.json": json.dumps(issuer.jwks)})

