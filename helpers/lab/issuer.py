"""The lab's token issuer: an RS256 key pair made at run time, and the tokens it hands out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LAB_ISSUER = "https://issuer.lab.test"  # a name only: nothing is ever fetched from it
LAB_AUDIENCE = "lab-api"
ALGORITHM = "RS256"


def new_rsa_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit RSA private key (the smallest size PyJWT accepts without a warning)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(private_key: rsa.RSAPrivateKey) -> str:
    """The public half of a key as PEM text (safe to publish)."""
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


@dataclass
class LabIssuer:
    """Signs the lab's genuine tokens with its private key, which never leaves this object."""

    kid: str = "lab-key-1"
    private_key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key, repr=False)

    @property
    def public_pem(self) -> str:
        return public_pem(self.private_key)

    @property
    def jwks(self) -> dict[str, Any]:
        """The public key as a JWK Set, the way an issuer publishes it."""
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}]}

    def issue(self, sub: str = "learner", role: str = "user", *, audience: str | None = LAB_AUDIENCE,
              lifetime: timedelta | None = timedelta(hours=2), issued_at: datetime | None = None,
              ) -> str:
        """A genuine RS256 token. audience=None or lifetime=None leave out aud or exp."""
        now = issued_at or datetime.now(timezone.utc)
        payload: dict[str, Any] = {"iss": LAB_ISSUER, "sub": sub, "role": role, "iat": now}
        if audience is not None:
            payload["aud"] = audience
        if lifetime is not None:
            payload["exp"] = now + lifetime
        return jwt.encode(payload, self.private_key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def stolen_tokens(self) -> dict[str, str]:
        """Three genuine admin tokens an attacker found in a log, each flawed in its own way."""
        three_days_ago = datetime.now(timezone.utc) - timedelta(days=3)
        return {
            "no exp": self.issue("ops-admin", "admin", lifetime=None),
            "expired": self.issue("ops-admin", "admin", issued_at=three_days_ago,
                                  lifetime=timedelta(hours=1)),
            "for billing": self.issue("ops-admin", "admin", audience="billing-api"),
        }
