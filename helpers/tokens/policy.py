"""A verifier's policy (algorithms, audience, issuer, leeway, required claims) and its verdicts.

The policy is set once and applied to many tokens with the same jwt.decode call; each verdict
says "accepted" or names PyJWT's exception and why, in terms of the policy and the claims.
"""

from __future__ import annotations

import math
import re
import secrets
import warnings
from dataclasses import dataclass, field
from typing import Any

import jwt
from jwt.algorithms import get_default_algorithms

from helpers.errors import InputProblem, says
from helpers.keys.algorithms import is_hmac
from helpers.tokens.parts import split_token
from helpers.tokens.times import duration_text

ISSUER = "https://auth.example.com"
AUDIENCE = "orders-api"
MAX_LEEWAY_SECONDS = 24 * 3600
CLAIM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$")


@dataclass(frozen=True)
class VerifierPolicy:
    """What one verifier accepts; decode_arguments() turns it into jwt.decode's keywords."""

    algorithms: tuple[str, ...] = ("HS256",)
    audience: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    leeway: float = 0
    required: tuple[str, ...] = ()

    def decode_arguments(self) -> dict[str, Any]:
        """The keywords for jwt.decode: algorithms=, audience=, issuer=, leeway=, options=."""
        arguments: dict[str, Any] = {"algorithms": list(self.algorithms)}
        if self.audience:
            arguments["audience"] = (self.audience[0] if len(self.audience) == 1
                                     else list(self.audience))
        if self.issuers:
            arguments["issuer"] = (self.issuers[0] if len(self.issuers) == 1
                                   else list(self.issuers))
        arguments["leeway"] = self.leeway
        arguments["options"] = {"require": list(self.required)}
        return arguments

    def as_code(self) -> str:
        """The policy written as the jwt.decode call a learner would type."""
        words = [f"{name}={value!r}" for name, value in self.decode_arguments().items()]
        return f"jwt.decode(token, SECRET, {', '.join(words)})"


@dataclass(frozen=True)
class SampleToken:
    """A token for the panel, with a label and what is special about it."""

    label: str
    what: str
    token: str


@dataclass(frozen=True)
class PolicyVerdict:
    """The outcome of one token under one policy."""

    accepted: bool
    error_name: str = ""  # PyJWT's exception class, when refused
    message: str = ""  # PyJWT's own message
    why: str = ""  # the reason in terms of the policy and the claims
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """'accepted' or 'refused: ExpiredSignatureError'."""
        return "accepted" if self.accepted else f"refused: {self.error_name}"


# --- reading the policy from what a learner typed ----------------------------------------------

def split_list(text: Any, what: str) -> tuple[str, ...]:
    """'a, b' -> ('a', 'b'); empty text -> ()."""
    if not isinstance(text, str):
        raise InputProblem(f"The {what} must be text, not {type(text).__name__}: type names "
                           "separated by commas, or leave it empty.")
    items = tuple(item.strip() for item in text.split(","))
    if items == ("",):
        return ()
    if "" in items:
        raise InputProblem(f"The {what} has an empty entry (two commas, or one at the end): "
                           "remove the extra comma.")
    return items


def parse_algorithms(text: Any) -> tuple[str, ...]:
    """Algorithm names PyJWT registers, never 'none', never shared-secret and public-key mixed."""
    names = split_list(text, "algorithms list")
    known = [name for name in get_default_algorithms() if name != "none"]
    if not names:
        raise InputProblem("The algorithms list is empty: PyJWT needs it, e.g. HS256. Never let "
                           "the token's own header choose.")
    for name in names:
        if name.lower() == "none":
            raise InputProblem('"none" means an unsigned token that anyone can write: remove it '
                               "from the algorithms list.")
        if name not in known:
            close = [k for k in known if k.lower() == name.lower()]
            hint = f"write {close[0]!r} (names are case-sensitive)" if close else (
                f"pick from {', '.join(known)}")
            raise InputProblem(f"{name!r} is not an algorithm PyJWT knows: {hint}.")
    families = {is_hmac(name) for name in names}
    if len(families) > 1:
        raise InputProblem("Do not mix shared-secret (HS*) and public-key algorithms in one list: "
                           "one key is read two ways, which enables forgeries (RFC 8725 §2.1, §3.1).")
    return names


def parse_leeway(text: Any) -> float:
    """Seconds of clock tolerance: a number from 0 to one day."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise InputProblem(f"The leeway must be a number of seconds, not {type(text).__name__}.")
    raw = str(text).strip() or "0"
    try:
        seconds = float(raw)
    except ValueError:
        raise InputProblem(f"The leeway {raw[:40]!r} is not a number: type seconds, e.g. 30.") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise InputProblem("The leeway must be 0 or more seconds (a finite number), e.g. 30.")
    if seconds > MAX_LEEWAY_SECONDS:
        raise InputProblem(f"A leeway of {duration_text(seconds)} makes expiry meaningless: "
                           "keep it to seconds, at most a day here.")
    return int(seconds) if seconds.is_integer() else seconds


def parse_claim_names(text: Any) -> tuple[str, ...]:
    """Claim names for options={'require': [...]}, e.g. 'exp, iat, sub'."""
    names = split_list(text, "required claims")
    for name in names:
        if not CLAIM_NAME.match(name):
            raise InputProblem(f"{name[:40]!r} is not a claim name: use names such as exp, iat, "
                               "sub, separated by commas.")
    return names


def parse_values(text: Any, what: str) -> tuple[str, ...]:
    """Audience or issuer values: strings separated by commas, no quotes."""
    values = split_list(text, what)
    for value in values:
        if value[:1] in "'\"[" or value[-1:] in "'\"]":
            raise InputProblem(f"Type the {what} without quotes or brackets, e.g. {AUDIENCE}.")
    return values


def policy_from_text(algorithms: Any = "HS256", audience: Any = "", issuers: Any = "",
                     leeway: Any = "0", required: Any = "") -> VerifierPolicy:
    """A VerifierPolicy from the panel's text boxes; raises InputProblem with one line."""
    return VerifierPolicy(parse_algorithms(algorithms), parse_values(audience, "audience"),
                          parse_values(issuers, "issuer"), parse_leeway(leeway),
                          parse_claim_names(required))


# --- the tokens and the verdicts ---------------------------------------------------------------

def sample_tokens(secret: str | bytes, now: float) -> list[SampleToken]:
    """A handful of HS256 tokens, each made at `now` and each differing in one way."""
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-42", "iat": int(now),
            "exp": int(now) + 3600}
    samples = [
        ("good", "all claims as an honest issuer makes them", {}),
        ("expired", "exp 30 s ago", {"exp": int(now) - 30}),
        ("not yet", "nbf in 2 h", {"nbf": int(now) + 7200}),
        ("early iat", "iat 2 min ahead (a fast clock)", {"iat": int(now) + 120}),
        ("other aud", 'aud "billing-api"', {"aud": "billing-api"}),
        ("two auds", f'aud ["billing-api", "{AUDIENCE}"]', {"aud": ["billing-api", AUDIENCE]}),
        ("other iss", 'iss "https://evil.example.net"', {"iss": "https://evil.example.net"}),
        ("no exp", "no exp: never expires", {"exp": None}),
        ("sub number", "sub 42, a number", {"sub": 42}),
        ("forged", "signed with another secret", {}),
    ]
    tokens = []
    for label, what, changes in samples:
        claims = {**base, **changes}
        claims = {name: value for name, value in claims.items() if value is not None}
        key = secrets.token_bytes(32) if label == "forged" else secret
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            tokens.append(SampleToken(label, what, jwt.encode(claims, key, algorithm="HS256")))
    return tokens


def check_with_policy(token: str, key: Any, policy: VerifierPolicy) -> PolicyVerdict:
    """jwt.decode(token, key, **policy.decode_arguments()) as a verdict; never raises."""
    try:
        claims = split_token(token).payload
    except InputProblem as problem:
        return PolicyVerdict(False, "DecodeError", str(problem), "the token cannot be read at all.")
    claims = claims if isinstance(claims, dict) else {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
            jwt.decode(token, key, **policy.decode_arguments())
    except jwt.PyJWTError as error:
        return PolicyVerdict(False, type(error).__name__, str(error),
                             why_refused(error, claims, policy), claims)
    return PolicyVerdict(True, why=why_accepted(claims, policy), claims=claims)


def why_accepted(claims: dict[str, Any], policy: VerifierPolicy) -> str:
    """Which checks passed, and which ones the policy did not make."""
    passed = ["signature verified"]
    times = [name for name in ("exp", "nbf", "iat") if name in claims]
    if times:
        passed.append(f"{'/'.join(times)} in range")
    if "aud" in claims:
        passed.append("aud names this service")
    if policy.issuers:
        passed.append("iss is trusted")
    if policy.required:
        passed.append(f"has {', '.join(policy.required)}")
    skipped = []
    if "exp" not in claims:
        skipped.append("it has no exp, so it never expires (require exp to refuse it)")
    if not policy.issuers:
        skipped.append("no issuer= set, so iss was not compared")
    text = "; ".join(passed)
    return text + ("; but " + "; ".join(skipped) if skipped else "") + "."


def why_refused(error: jwt.PyJWTError, claims: dict[str, Any], policy: VerifierPolicy) -> str:
    """The reason for a refusal, in terms of the policy and the token's claims."""
    leeway = f"the leeway of {duration_text(policy.leeway)}"
    if isinstance(error, jwt.ExpiredSignatureError):
        return f"exp has passed, by {leeway} or more."
    if isinstance(error, jwt.ImmatureSignatureError):
        claim = "iat" if says(error, "iat in the future") else "nbf"
        return f"{claim} lies in the future by more than {leeway}."
    if isinstance(error, jwt.MissingRequiredClaimError):
        reason = "the policy requires it" if error.claim in policy.required else (
            "audience= or issuer= is set, so the claim must be there")
        return f"the token has no {error.claim}, and {reason}."
    if isinstance(error, jwt.InvalidAudienceError):
        if not policy.audience:
            return (f"the token is for {claims.get('aud')!r}, but the policy names no audience: "
                    "PyJWT refuses a token meant for someone without audience=.")
        return f"aud is {claims.get('aud')!r}; the policy accepts only {list(policy.audience)}."
    if isinstance(error, jwt.InvalidIssuerError):
        return f"iss is {claims.get('iss')!r}; the policy trusts only {list(policy.issuers)}."
    if isinstance(error, jwt.InvalidAlgorithmError):
        return f"the header's alg is not in the policy's algorithms {list(policy.algorithms)}."
    if isinstance(error, jwt.InvalidSignatureError):
        return "the signature was not made with this key: forged, changed, or from someone else."
    if isinstance(error, jwt.exceptions.InvalidSubjectError):
        return f"sub is {claims.get('sub')!r}, but RFC 7519 makes it a string."
    if isinstance(error, jwt.exceptions.InvalidJTIError):
        return f"jti is {claims.get('jti')!r}, but RFC 7519 makes it a string."
    if isinstance(error, jwt.InvalidIssuedAtError):
        return f"iat is {claims.get('iat')!r}, which is not a number of seconds."
    return f"PyJWT refused it: {error}."
