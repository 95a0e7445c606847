"""Stand-ins for two services that receive JWTs *you* sign, applying their documented rules.

The real services check more than they document and answer in their own words; these apply only
the documented rules, with a clock that may differ from yours (`clock_offset`, in seconds: +30
means the service's clock is 30 s ahead of yours), so a token that works only when both clocks
agree is refused here as it would be there some day.

- GitHub App JWT (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app):
  "Your JWT must be signed using the RS256 algorithm"; `iss` is the app's client ID or
  application ID; `iat`: "To protect against clock drift, we recommend that you set this 60
  seconds in the past"; `exp`: "no more than 10 minutes into the future".
- App Store Connect API (https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests):
  signed with ES256; the header's `kid` is your private key's ID; `iss` is your issuer ID;
  `aud` is `appstoreconnect-v1`; tokens that expire more than 20 minutes in the future are not
  valid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt

from helpers.errors import explain_error

GITHUB_MAX_LIFETIME = 10 * 60  # seconds from the service's now
APPLE_MAX_LIFETIME = 20 * 60
APPLE_AUDIENCE = "appstoreconnect-v1"


@dataclass(frozen=True)
class Verdict:
    """What a receiving service says about one token."""

    accepted: bool
    reason: str

    def __repr__(self) -> str:
        return f"{'accepted' if self.accepted else 'refused'}: {self.reason}"


class _Refused(Exception):
    """A documented rule the token breaks (internal: becomes a Verdict)."""


def _claims(token: Any, key: Any, algorithm: str, required: list[str],
            **decode_options: Any) -> dict[str, Any]:
    """The signature-checked claims (times are judged later, by the service's own clock)."""
    if not isinstance(token, str):
        raise _Refused(f"a JWT is a str; this is a {type(token).__name__}")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise _Refused("this is not a JWT") from None
    if header.get("alg") != algorithm:
        raise _Refused(f"the header's alg is {header.get('alg')!r}; the service accepts only {algorithm}")
    try:
        return jwt.decode(token, key, algorithms=[algorithm], **decode_options,
                          options={"require": required, "verify_exp": False, "verify_iat": False,
                                   "verify_nbf": False})
    except jwt.MissingRequiredClaimError as error:
        raise _Refused(f"the token has no {error.claim}, which the service requires") from None
    except jwt.InvalidSignatureError:
        raise _Refused("the signature does not match the public key the service holds for you") from None
    except jwt.InvalidTokenError as error:
        raise _Refused(explain_error(error)) from None


def _judge_times(claims: dict[str, Any], now: float, max_lifetime: int, iat_rule: bool) -> None:
    iat, exp = claims["iat"], claims["exp"]
    if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in (iat, exp)):
        raise _Refused("iat and exp must be numbers: seconds since 1970")
    if iat_rule and iat > now:
        raise _Refused("iat lies in the future by the service's clock: set it in the past "
                       "(GitHub recommends 60 s) to allow for clock drift")
    if exp <= now:
        raise _Refused("the token has expired by the service's clock")
    if exp > now + max_lifetime:
        raise _Refused(f"exp lies more than {max_lifetime // 60} minutes ahead by the service's clock")


class GitHubAppReceiver:
    """GitHub's rules for the JWT an app sends to authenticate as itself."""

    def __init__(self, app_id: int, client_id: str, public_key: Any) -> None:
        self.app_id, self.client_id, self.public_key = app_id, client_id, public_key

    def receive(self, token: Any, clock_offset: float = 0.0) -> Verdict:
        """Accept or refuse `token` as GitHub's rules say, with the service's clock at now + offset."""
        try:
            claims = _claims(token, self.public_key, "RS256", ["iat", "exp", "iss"])
            if claims["iss"] not in (str(self.app_id), self.client_id):
                raise _Refused(f"iss is {claims['iss']!r}: write the app ID as a string "
                               f"({str(self.app_id)!r}) or the client ID")
            _judge_times(claims, time.time() + clock_offset, GITHUB_MAX_LIFETIME, iat_rule=True)
        except _Refused as refusal:
            return Verdict(False, str(refusal))
        return Verdict(True, f"app {self.app_id} authenticated")


class AppStoreConnectReceiver:
    """Apple's rules for an App Store Connect API token: ES256, kid, iss, aud, 20 minutes."""

    def __init__(self, issuer_id: str, keys: dict[str, Any]) -> None:
        self.issuer_id, self.keys = issuer_id, keys  # keys: kid -> the public key Apple holds

    def receive(self, token: Any, clock_offset: float = 0.0) -> Verdict:
        try:
            kid = jwt.get_unverified_header(token).get("kid") if isinstance(token, str) else None
        except jwt.DecodeError:
            kid = None
        try:
            if kid not in self.keys:
                raise _Refused(f"the header's kid is {kid!r}: name the ID of one of your keys "
                               f"({', '.join(self.keys)}), so the service knows which key to use")
            claims = _claims(token, self.keys[kid], "ES256", ["iss", "iat", "exp", "aud"],
                             audience=APPLE_AUDIENCE)
            if claims["iss"] != self.issuer_id:
                raise _Refused(f"iss is {claims['iss']!r}, not your issuer ID")
            _judge_times(claims, time.time() + clock_offset, APPLE_MAX_LIFETIME, iat_rule=False)
        except _Refused as refusal:
            return Verdict(False, str(refusal))
        return Verdict(True, "request authorized")
