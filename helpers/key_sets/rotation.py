"""A key rotation to play with: an issuer publishing keys, a caching verifier, the tokens so far.

`RotationLab` starts its own JWKS endpoint (helpers.key_sets.server.JwksApp on 127.0.0.1, one per
name) and a `jwt.PyJWKClient` reading it. Each step of a rotation is one method: publish a new
key and sign a token with it, remove the oldest key, replace the verifier by a fresh one (an
empty cache). `check_tokens()` then says, for every token issued so far, whether the verifier
accepts it and how many requests that cost the endpoint. The widget in
helpers.widgets.key_rotation is a thin view over this.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.web.server import start_server

ALGORITHM = "ES256"  # P-256 keys: generated in milliseconds, so clicking feels instant


@dataclass(frozen=True)
class TokenCheck:
    """What the verifier said about one token."""

    label: str
    kid: str
    accepted: bool
    verdict: str  # "accepted" or the exception's name and message
    requests: int  # requests the endpoint answered during this check
    note: str = ""  # why the verdict changed, when the reason is not visible in this row


class RotationLab:
    """An issuer that rotates ES256 keys, a verifier that caches its key set, and their tokens."""

    def __init__(self, lifespan: float = 3600, cooldown: float = 0, name: str = "rotation-lab") -> None:
        self.lifespan = lifespan
        self.cooldown = cooldown
        self.issuer = JwksApp()
        self.server = start_server(self.issuer, name=name)
        self.url = self.server.url + JWKS_PATH
        self.private_keys: dict[str, Any] = {}
        self.tokens: dict[str, str] = {}  # label -> token
        self._next_number = 1
        self.last_checks: list[TokenCheck] = []
        self.new_verifier()
        self.publish_new_key()

    def new_verifier(self) -> None:
        """A verifier with an empty cache, as after a restart of the API."""
        self.verifier = jwt.PyJWKClient(self.url, lifespan=self.lifespan,
                                        cooldown_duration=self.cooldown, timeout=10)
        self.last_checks = []  # a new verifier: nothing it said before

    def publish_new_key(self) -> str:
        """Publish a new key under a new kid and sign a token with it; returns the kid."""
        kid = f"key-{self._next_number}"
        self._next_number += 1
        private_key = ec.generate_private_key(ec.SECP256R1())
        self.issuer.publish(private_key.public_key(), kid=kid, algorithm=ALGORITHM)
        self.private_keys[kid] = private_key
        label = f"token {len(self.tokens) + 1}"
        self.tokens[label] = jwt.encode({"sub": label}, private_key, algorithm=ALGORITHM,
                                        headers={"kid": kid})
        return kid

    def remove_oldest_key(self) -> str | None:
        """Stop publishing the oldest key still published; returns its kid (None if none is left)."""
        kids = self.issuer.kids
        if not kids:
            return None
        self.issuer.remove(kids[0])
        return kids[0]

    @property
    def published(self) -> list[str]:
        return self.issuer.kids

    @property
    def requests(self) -> int:
        """Requests the endpoint has answered for the key set so far."""
        return self.server.count(JWKS_PATH)

    @property
    def settings(self) -> str:
        """The verifier's settings in words."""
        return (f"the verifier caches the set for {self.lifespan:g} s and looks again for an "
                f"unknown kid after a cooldown of {self.cooldown:g} s")

    def check_tokens(self) -> list[TokenCheck]:
        """Verify every token issued so far with the verifier, in order, noting surprises."""
        accepted_before = {check.label for check in self.last_checks if check.accepted}
        checks: list[TokenCheck] = []
        for label, token in self.tokens.items():
            check = self.check(label, token)
            refetched_by = next((c for c in checks if not c.accepted and c.requests), None)
            if not check.accepted and label in accepted_before and refetched_by:
                check = replace(check, note=(
                    f"{refetched_by.label}'s unknown kid made the verifier fetch the set again, "
                    f"so it now sees that {check.kid} was removed"))
            elif not check.accepted and not check.requests and self.cooldown and "matches" in check.verdict:
                check = replace(check, note=(
                    f"the verifier fetched the set less than {self.cooldown:g} s ago, so it does not "
                    f"look again yet: check again once {self.cooldown:g} s have passed"))
            checks.append(check)
        self.last_checks = checks
        return checks

    def check(self, label: str, token: str) -> TokenCheck:
        kid = str(jwt.get_unverified_header(token).get("kid"))
        before = self.requests
        try:
            key = self.verifier.get_signing_key_from_jwt(token)
            jwt.decode(token, key, algorithms=[ALGORITHM])
        except (jwt.PyJWTError, ValueError) as error:
            verdict = " ".join(f"{type(error).__name__}: {error}".split())
            return TokenCheck(label, kid, False, verdict, self.requests - before)
        return TokenCheck(label, kid, True, "accepted", self.requests - before)

    def stop(self) -> None:
        self.server.stop()
