"""Hard wrong answers for every exercise of the course, keyed by Exercise.key, and one right one.

A hard wrong answer is a mistake a learner plausibly makes, the kind a careless checker lets
through: the reviews' wrong answers are all here. Each entry builds the checker's arguments
(after the attack name, for check_attack) from a `Context`: secrets, keys and the running
servers the exercises need. The right answer proves that context works, so a checker that
refuses everything cannot pass as hard to fool.

tests/unit/exercises/test_every_checker.py feeds them all through the registry.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from types import SimpleNamespace
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.utils import base64url_decode, base64url_encode

from helpers.exercises.bearer_api import STORIES, mystery_session, story_for
from helpers.keys.pairs import private_pem, public_pem
from helpers.lab.api import LabService
from helpers.lab.forging import AttackerKey, forge, forge_hmac, forge_unsigned
from helpers.lab.issuer import LabIssuer
from helpers.services.db import connect
from tests.catalogues import your_app_answers as app12
from tests.solution_code import solution_names

Args = tuple[Any, ...]
Build = Callable[["Context"], Args]


@dataclass
class Context:
    """What the exercises' cells hold when the checker runs: made once, shared by every trial."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    es256: Any = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    rsa_one: Any = None
    rsa_two: Any = None
    my_key: Any = None  # 07 exercise 1: published as 'my-key'
    jwks_url: str = ""
    api_url: str = ""  # 09: a bearer API with ada@example.com
    api_password: str = ""
    lab: LabIssuer | None = None
    services: dict[str, LabService] = field(default_factory=dict)
    attacker: AttackerKey | None = None
    key_server_url: str = ""
    cognito: Any = None  # 13: a local Cognito-shaped provider (helpers.providers)
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, make: Callable[[], Any]) -> Any:
        """A value made on first use and kept (a mystery session, a suspects dict...)."""
        if name not in self.cache:
            self.cache[name] = make()
        return self.cache[name]


# --- 00 ------------------------------------------------------------------------------------------

def editor_with(payload: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(token=jwt.encode(payload, secrets.token_urlsafe(32), algorithm="HS256"))


# --- 02 ------------------------------------------------------------------------------------------

def hs384(ctx: Context, secret: str, payload: Any = None, algorithm: str = "HS384") -> Args:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        token = jwt.encode(payload or {"user": "ada"}, secret, algorithm=algorithm)
    return token, secret


def mystery(ctx: Context) -> str:
    return ctx.once("mystery", lambda: jwt.encode({"user": "ada", "role": "editor", "n": 7},
                                                  secrets.token_urlsafe(32), algorithm="HS256"))


def part(token: str, index: int) -> bytes:
    return base64url_decode(token.split(".")[index].encode("ascii"))


# --- 03 ------------------------------------------------------------------------------------------

def suspects_03(ctx: Context) -> dict[str, str]:
    def make() -> dict[str, str]:
        token = jwt.encode({"user": "ada", "role": "reader"}, ctx.secret, algorithm="HS256")
        header_part, _, signature_part = token.split(".")
        admin_part = base64url_encode(b'{"user":"ada","role":"admin"}').decode()
        return {"a": jwt.encode({"user": "lin"}, ctx.secret, algorithm="HS256"),
                "b": jwt.encode({"user": "lin"}, secrets.token_urlsafe(32), algorithm="HS256"),
                "c": f"{header_part}.{admin_part}.{signature_part}"}
    return ctx.once("suspects-03", make)


def safe_decode(ctx: Context, catch: Any = jwt.InvalidTokenError, algorithms: Any = ("HS256",),
                **options: Any) -> Callable[[str], Any]:
    def answer(token: str) -> Any:
        try:
            listed = algorithms(token) if callable(algorithms) else list(algorithms)
            return jwt.decode(token, ctx.secret, algorithms=listed, options=options or None)
        except catch:
            return None
    return answer


# --- 04 ------------------------------------------------------------------------------------------

def make_reset_token(user_id: str, secret: str, minutes: int = 15) -> str:
    """As 04's cell makes it."""
    now = datetime.now(timezone.utc)
    claims = {"sub": user_id, "purpose": "password-reset", "jti": secrets.token_urlsafe(16),
              "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm="HS256")


def ten_minutes(ctx: Context, expires: Any, payload: Any = None, key: str | None = None) -> Args:
    exp = expires if isinstance(expires, datetime) else datetime.now(timezone.utc)
    token = jwt.encode(payload if payload is not None else {"user": "ada", "exp": exp},
                       key or ctx.secret, algorithm="HS256")
    return token, ctx.secret, expires


def reset_verifier(ctx: Context, require: Any = ("exp",), check_purpose: bool = True,
                   catch: Any = jwt.InvalidTokenError) -> Args:
    def verify_reset_token(token: str) -> Any:
        try:
            claims = jwt.decode(token, ctx.secret, algorithms=["HS256"],
                                options={"require": list(require)})
        except catch:
            return None
        if check_purpose and claims.get("purpose") != "password-reset":
            return None
        return claims.get("sub")
    return verify_reset_token, ctx.secret, make_reset_token


# --- 05 ------------------------------------------------------------------------------------------

ISSUER_05 = "https://auth.example.com"


def policy(ctx: Context, algorithms: Any = ("HS256",), catch: Any = jwt.InvalidTokenError,
           issuer: Any = ISSUER_05, leeway: Any = 0, require: Any = ("exp", "iat", "sub"),
           **options: Any) -> Args:
    def verify(token: str) -> Any:
        try:
            return jwt.decode(token, ctx.secret, algorithms=list(algorithms), audience="orders-api",
                              issuer=issuer, leeway=leeway,
                              options={"require": list(require), **options})
        except catch:
            return None
    return verify, ctx.secret


# --- 06 ------------------------------------------------------------------------------------------

def es256_pair(ctx: Context, key: Any = None, pem: Any = None, payload: Any = None,
               algorithm: str = "ES256") -> Args:
    signer = key or ctx.es256
    token = jwt.encode(payload or {"sub": "ada"}, signer, algorithm=algorithm)
    return token, public_pem(ctx.es256) if pem is None else pem


def loaded_key(ctx: Context, key: Any = None, algorithm: str = "RS256", payload: Any = None) -> Args:
    return (jwt.encode(payload or {"sub": "ada"}, key or ctx.rsa_one, algorithm=algorithm),
            public_pem(ctx.rsa_one))


# --- 07 ------------------------------------------------------------------------------------------

def second_key(ctx: Context, key: Any = None, kid: str | None = "my-key", algorithm: str = "ES256",
               payload: Any = None) -> Args:
    headers = {"kid": kid} if kid is not None else None
    token = jwt.encode(payload or {"sub": "me"}, key or ctx.my_key, algorithm=algorithm,
                       headers=headers)
    return token, ctx.jwks_url


def suspects_07(ctx: Context) -> dict[str, str]:
    def make() -> dict[str, str]:
        one, two = ctx.rsa_one, ctx.rsa_two
        return {"a": jwt.encode({"sub": "ada"}, one, algorithm="PS256", headers={"kid": "key-1"}),
                "b": jwt.encode({"sub": "ada"}, one, algorithm="RS256"),
                "c": jwt.encode({"sub": "ada"}, two, algorithm="RS256", headers={"kid": "key-1"}),
                "d": jwt.encode({"sub": "ada"}, one, algorithm="RS256", headers={"kid": "key-01"})}
    return ctx.once("suspects-07", make)


REASONS_07 = {"a": "algorithm not allowed", "b": "no kid", "c": "wrong key", "d": "unknown kid"}


# --- 08 ------------------------------------------------------------------------------------------

REQUIRED_08 = ("sub", "purpose", "jti", "iat", "exp", "pwv")


def reset_claims(ctx: Context, require: Any = REQUIRED_08, algorithms: Any = ("HS256",),
                 check_purpose: bool = True, catch: Any = jwt.InvalidTokenError) -> Args:
    def answer(token: str) -> Any:
        try:
            claims = jwt.decode(token, ctx.secret, algorithms=list(algorithms),
                                options={"require": list(require)})
        except catch:
            return None
        if check_purpose and claims.get("purpose") != "password-reset":
            return None
        return claims
    return answer, ctx.secret


def use_once_right(db_path: Any, jti: str) -> bool:
    with closing(connect(db_path)) as db:
        try:
            db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
        except sqlite3.IntegrityError:
            return False
    return True


LOCK = threading.Lock()


def use_once_locked_check_then_write(db_path: Any, jti: str) -> bool:
    with LOCK, closing(connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        return True


def use_once_check_then_write(db_path: Any, jti: str) -> bool:
    with closing(connect(db_path)) as db:
        if db.execute("SELECT 1 FROM spent WHERE jti = ?", (jti,)).fetchone():
            return False
        time.sleep(0.001)  # the window a real request has between its look and its write
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
        return True


SEEN: set[str] = set()


def use_once_in_memory(db_path: Any, jti: str) -> bool:
    if jti in SEEN:
        return False
    SEEN.add(jti)
    with closing(connect(db_path)) as db:
        db.execute("INSERT OR IGNORE INTO spent (jti) VALUES (?)", (jti,))
    return True


def use_once_uncommitted(db_path: Any, jti: str) -> bool:
    db = sqlite3.connect(db_path)  # Python's default opens a transaction that nobody commits
    try:
        db.execute("INSERT INTO spent (jti) VALUES (?)", (jti,))
    except sqlite3.IntegrityError:
        return False
    finally:
        db.close()
    return True


# --- 09 ------------------------------------------------------------------------------------------

def header_reader_right(header: Any) -> Any:
    if not header:
        return None
    match = re.fullmatch(r"[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*) *", header.strip(" "))
    return match.group(1) if match else None


def header_reader_blocklist(header: Any) -> Any:
    if not header or not header.isascii():
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or any(c in token for c in ',"\t '):
        return None
    return token


def header_reader_dollar(header: Any) -> Any:
    match = re.match(r"(?i)bearer +([a-z0-9\-._~+/]+=*)$", header or "")
    return match.group(1) if match else None


def header_reader_split(header: Any) -> Any:
    parts = (header or "").split()
    return parts[1] if len(parts) == 2 and parts[0].lower() == "bearer" else None


def refused_refresh(ctx: Context) -> tuple[str, str]:
    """(the story, the refused token): one mystery session against the API, made once."""
    def make() -> tuple[str, str]:
        seed = next(str(n) for n in range(100) if story_for(str(n)) == STORIES[0])
        return STORIES[0], mystery_session(ctx.api_url, "ada@example.com", ctx.api_password, seed)
    return ctx.once("refused-refresh", make)


def why(ctx: Context, answer: Any = None) -> Args:
    story, token = refused_refresh(ctx)
    return (story if answer is None else answer), ctx.api_url, token


# --- 10 and 11 -------------------------------------------------------------------------------------

def genuine(ctx: Context, role: str = "admin", **changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The learner's genuine header and claims, with role (and any claim) changed."""
    token = ctx.lab.issue(sub="learner", role="user")  # type: ignore[union-attr]
    header = jwt.get_unverified_header(token)
    payload = jwt.decode(token, options={"verify_signature": False})
    payload = {**payload, "role": role, **changes}
    return header, {name: value for name, value in payload.items() if value is not None}


def edited_payload(ctx: Context, role: str = "admin", **changes: Any) -> str:
    token = ctx.lab.issue(sub="learner", role="user")  # type: ignore[union-attr]
    header_part, _, signature = token.split(".")
    payload = genuine(ctx, role, **changes)[1]
    body = base64url_encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    return f"{header_part}.{body}.{signature}"


def served(ctx: Context, attack: str, path: str) -> str:
    from helpers.web.client import send
    return send("GET", ctx.services[attack].url + path).text


CHOSEN = "a secret I chose, long enough for HS256"


def forged(ctx: Context, attack: str, role: str = "admin", **changes: Any) -> str:
    """The right forgery for each attack, with role and claims changeable to make it wrong."""
    header, payload = genuine(ctx, role, **changes)
    if attack == "unverified signature":
        return edited_payload(ctx, role, **changes)
    if attack == "alg none":
        return forge_unsigned({"typ": "JWT"}, payload)
    if attack == "weak secret":
        return forge_hmac({"alg": "HS256", "typ": "JWT"}, payload, "my-secret")
    if attack == "embedded jwk":
        return forge(header, payload, "jwk", attacker=ctx.attacker)
    if attack == "jku":
        return forge(header, payload, "jku", attacker=ctx.attacker,
                     jku_url=ctx.key_server_url + "/jwks.json")
    if attack == "kid path":
        return forge_hmac({"alg": "HS256", "kid": "../public/welcome.txt"}, payload,
                          served(ctx, attack, "/welcome.txt"))
    if attack == "kid sql":
        return forge_hmac({"alg": "HS256", "kid": f"nobody' UNION SELECT '{CHOSEN}"}, payload, CHOSEN)
    if attack == "algorithm confusion":
        return forge_hmac({**header, "alg": "HS256"}, payload, served(ctx, attack, "/public-key.pem"))
    raise KeyError(attack)


def duel(attack: str, token: Callable[[Context], str]) -> Build:
    """check_attack's arguments after the attack name: the token, the vulnerable and safe APIs."""
    return lambda ctx: (token(ctx), ctx.services[attack], ctx.services["safe"])


OTHER_TRICK = {  # a forgery that uses another attack's trick, sent to this attack's exercise
    "unverified signature": "alg none", "alg none": "weak secret", "weak secret": "embedded jwk",
    "embedded jwk": "jku", "jku": "embedded jwk", "kid path": "kid sql", "kid sql": "kid path",
    "algorithm confusion": "alg none",
}


def attack_trials(attack: str) -> list[tuple[str, Build]]:
    return [
        ("the forgery with role still 'user'", duel(attack, lambda c: forged(c, attack, "user"))),
        ("a genuine admin token from the issuer, no forgery",
         duel(attack, lambda c: c.lab.issue(sub="learner", role="admin"))),  # type: ignore[union-attr]
        (f"a forgery using the {OTHER_TRICK[attack]!r} trick instead",
         duel(attack, lambda c: forged(c, OTHER_TRICK[attack]))),
        ("the forgery without exp", duel(attack, lambda c: forged(c, attack, exp=None))),
        ("the forgery for another audience", duel(attack, lambda c: forged(c, attack, aud="billing-api"))),
        ("text that is no token", duel(attack, lambda c: "not-a-token")),
    ]


VERDICTS_11 = {"no exp": "MissingRequiredClaimError", "expired": "ExpiredSignatureError",
               "for billing": "InvalidAudienceError"}


def replay(ctx: Context, answer: Any) -> Args:
    stolen = ctx.once("stolen", ctx.lab.stolen_tokens)  # type: ignore[union-attr]
    return answer, stolen, ctx.services["lifetime and audience"], ctx.services["safe"]


# --- 13 ------------------------------------------------------------------------------------------

def cognito_verifier(cognito: Any, *, audience: Any = None, issuer: Any = "pool", token_use: bool = True,
                     client_id: bool = True, **options: Any) -> Callable[[str], dict[str, Any]]:
    """A learner's verify_cognito_access, with the checks a learner might leave out."""
    client = jwt.PyJWKClient(cognito.jwks_uri)
    expected_issuer = cognito.issuer if issuer == "pool" else issuer

    def verify_cognito_access(token: str) -> dict[str, Any]:
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=audience,
                            issuer=expected_issuer, options=options)
        if token_use and claims.get("token_use") != "access":
            raise jwt.InvalidTokenError("not an access token")
        if client_id and claims.get("client_id") != cognito.client_id:
            raise jwt.InvalidTokenError("another client")
        return claims

    return verify_cognito_access


def cognito_without_signature(cognito: Any) -> Callable[[str], dict[str, Any]]:
    def verify_cognito_access(token: str) -> dict[str, Any]:
        claims = jwt.decode(token, options={"verify_signature": False})
        if claims.get("token_use") != "access" or claims.get("client_id") != cognito.client_id:
            raise jwt.InvalidTokenError("no")
        if claims.get("iss") != cognito.issuer or claims["exp"] < time.time():
            raise jwt.InvalidTokenError("no")
        return claims
    return verify_cognito_access


def key_read_as_is(text: str) -> Any:
    return text


def key_unescaped_only(text: str) -> Any:
    return text.replace("\\n", "\n")


def key_as_certificate_object(text: str) -> Any:
    pem = text.replace("\\n", "\n").encode()
    if b"CERTIFICATE" in pem:
        return x509.load_pem_x509_certificate(pem)
    return serialization.load_pem_public_key(pem)


def key_certificates_unescaped_only(text: str) -> Any:
    if "CERTIFICATE" in text:
        return x509.load_pem_x509_certificate(text.encode()).public_key()
    return serialization.load_pem_public_key(text.replace("\\n", "\n").encode())


def github_jwt(iat_back: int = 60, lifetime: int = 600, iss: Callable[[int], Any] = str,
               algorithm: str = "RS256", drop: str | None = None,
               as_bytes: bool = False) -> Callable[[int, Any], Any]:
    """A learner's github_app_jwt(app_id, private_key), right by default."""
    def github_app_jwt(app_id: int, private_key: Any) -> Any:
        issued = int(time.time()) - iat_back
        claims = {"iss": iss(app_id), "iat": issued, "exp": issued + lifetime}
        claims.pop(drop, None)
        key = private_key if algorithm == "RS256" else "a-shared-secret-that-is-long-enough-32"
        token = jwt.encode(claims, key, algorithm=algorithm)
        return token.encode() if as_bytes else token
    return github_app_jwt


def solution_13(number: int, name: str) -> Any:
    """A function 13's solution file defines, run with the names the notebook gives it."""
    return solution_names(f"13-real-world-ex{number}", jwt=jwt, time=time, x509=x509,
                          serialization=serialization)[name]


# --- the table -----------------------------------------------------------------------------------

RIGHT: dict[str, Build] = {
    "00-start-here/ex1": lambda c: (3,),
    "00-start-here/ex2": lambda c: (editor_with({"course": "jwt"}),),
    "01-import/ex1": lambda c: (version("pyjwt"),),
    "01-import/ex2": lambda c: ("pip uninstall -y jwt pyjwt && pip install pyjwt",),
    "02-encode/ex1": lambda c: hs384(c, secrets.token_urlsafe(48)),
    "02-encode/ex2": lambda c: (json.loads(part(mystery(c), 1)), mystery(c)),
    "02-encode/ex3": lambda c: (lambda: secrets.token_urlsafe(32),),
    "03-decode/ex1": lambda c: ({"a": True, "b": False, "c": False}, suspects_03(c), c.secret),
    "03-decode/ex2": lambda c: (safe_decode(c), c.secret),
    "04-expiry/ex1": lambda c: ten_minutes(c, datetime.now(timezone.utc) + timedelta(minutes=10)),
    "04-expiry/ex2": lambda c: reset_verifier(c),
    "05-claims/ex1": lambda c: policy(c, leeway=timedelta(seconds=60)),
    "05-claims/ex2": lambda c: (jwt.InvalidTokenError,),
    "06-keys/ex1": lambda c: es256_pair(c),
    "06-keys/ex2": lambda c: loaded_key(c),
    "07-key-sets/ex1": lambda c: second_key(c),
    "07-key-sets/ex2": lambda c: (REASONS_07, suspects_07(c), c.jwks_url),
    "08-password-reset/ex1": lambda c: reset_claims(c),
    "08-password-reset/ex2": lambda c: (use_once_right,),
    "09-bearer-api/ex1": lambda c: (header_reader_right,),
    "09-bearer-api/ex2": lambda c: why(c),
    "11-key-and-claim-attacks/ex5": lambda c: replay(c, VERDICTS_11),
    "12-your-app/ex1": lambda c: (app12.solution(1, "orders_reader"), app12.notebook_12()["fastapi_app"]),
    "12-your-app/ex2": lambda c: (app12.solution(2, "require_scope"), app12.notebook_12()["flask_app"]),
    "12-your-app/ex3": lambda c: (app12.solution(3, "test_expired_token_gets_401"),),
    "13-real-world/ex1": lambda c: (cognito_verifier(c.cognito), c.cognito),
    "13-real-world/ex2": lambda c: (solution_13(2, "public_key_from"),),
    "13-real-world/ex3": lambda c: (solution_13(3, "github_app_jwt"),),
}
ATTACKS = {"10-attack-lab/ex1": "unverified signature", "10-attack-lab/ex2": "alg none",
           "10-attack-lab/ex3": "weak secret", "10-attack-lab/ex4": "embedded jwk",
           "11-key-and-claim-attacks/ex1": "jku", "11-key-and-claim-attacks/ex2": "kid path",
           "11-key-and-claim-attacks/ex3": "kid sql",
           "11-key-and-claim-attacks/ex4": "algorithm confusion"}
for _key, _attack in ATTACKS.items():
    RIGHT[_key] = duel(_attack, lambda c, a=_attack: forged(c, a))

WRONG: dict[str, list[tuple[str, Build]]] = {
    "00-start-here/ex1": [
        ("2, the number of dots", lambda c: (2,)),
        ("'3' as text", lambda c: ("3",)),
        ("3.0, a float", lambda c: (3.0,)),
        ("True, a bool", lambda c: (True,)),
        ("4", lambda c: (4,)),
    ],
    "00-start-here/ex2": [
        ("'JWT' in capitals", lambda c: (editor_with({"course": "JWT"}),)),
        ("an extra claim", lambda c: (editor_with({"course": "jwt", "user": "ada"}),)),
        ("the key 'Course'", lambda c: (editor_with({"Course": "jwt"}),)),
        ("an editor showing no token", lambda c: (SimpleNamespace(token=None),)),
    ],
    "01-import/ex1": [
        ("the import name 'jwt'", lambda c: ("jwt",)),
        ("the major and minor only", lambda c: (".".join(version("pyjwt").split(".")[:2]),)),
        ("with a v in front", lambda c: ("v" + version("pyjwt"),)),
        ("the version as a tuple", lambda c: (tuple(int(n) for n in version("pyjwt").split(".")),)),
        ("an old version", lambda c: ("1.7.1",)),
    ],
    "01-import/ex2": [
        ("install only", lambda c: ("pip install pyjwt",)),
        ("uninstall only jwt", lambda c: ("pip uninstall -y jwt && pip install pyjwt",)),
        ("install the wrong package again", lambda c: ("pip uninstall -y jwt pyjwt && pip install jwt",)),
        ("an old PyJWT", lambda c: ("pip uninstall -y jwt pyjwt && pip install pyjwt==1.7.1",)),
        ("uninstall and nothing else", lambda c: ("pip uninstall -y jwt pyjwt",)),
    ],
    "02-encode/ex1": [
        ("token_hex(24): 48 characters, 24 random bytes", lambda c: hs384(c, secrets.token_hex(24))),
        ("a long pattern", lambda c: hs384(c, "ab" * 32)),
        ("signed with HS256", lambda c: hs384(c, secrets.token_urlsafe(48), algorithm="HS256")),
        ("another payload", lambda c: hs384(c, secrets.token_urlsafe(48), {"user": "eve"})),
        ("signed with another secret", lambda c: (hs384(c, secrets.token_urlsafe(48))[0],
                                                  secrets.token_urlsafe(48))),
    ],
    "02-encode/ex2": [
        ("the header", lambda c: (json.loads(part(mystery(c), 0)), mystery(c))),
        ("the payload still as bytes", lambda c: (part(mystery(c), 1), mystery(c))),
        ("the payload still as text", lambda c: (part(mystery(c), 1).decode(), mystery(c))),
        ("a payload edited by hand", lambda c: ({**json.loads(part(mystery(c), 1)), "role": "admin"},
                                                mystery(c))),
    ],
    "02-encode/ex3": [
        ("random.choice (the beginner review)", lambda c: (
            lambda: "".join(random.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                            for _ in range(43)),)),
        ("random.randbytes", lambda c: (lambda: random.randbytes(32),)),
        ("a hash of the clock", lambda c: (
            lambda: hashlib.sha256(str(time.time_ns()).encode()).hexdigest(),)),
        ("one fixed string", lambda c: (lambda: "S3cr3t-P4ssw0rd-that-is-long-enough-for-hs256",)),
        ("16 random bytes", lambda c: (lambda: secrets.token_hex(16),)),
        ("a long pattern", lambda c: (lambda: "abcd" * 16,)),
    ],
    "03-decode/ex1": [
        ("all True", lambda c: ({"a": True, "b": True, "c": True}, suspects_03(c), c.secret)),
        ("the forgery believed", lambda c: ({"a": True, "b": False, "c": True}, suspects_03(c), c.secret)),
        ("'True' as text", lambda c: ({"a": "True", "b": False, "c": False}, suspects_03(c), c.secret)),
        ("a key missing", lambda c: ({"a": True, "b": False}, suspects_03(c), c.secret)),
    ],
    "03-decode/ex2": [
        ("except Exception (the beginner review)", lambda c: (safe_decode(c, catch=Exception), c.secret)),
        ("except PyJWTError", lambda c: (safe_decode(c, catch=jwt.PyJWTError), c.secret)),
        ("only InvalidSignatureError caught", lambda c: (safe_decode(c, catch=jwt.InvalidSignatureError),
                                                        c.secret)),
        ("the algorithm taken from the header", lambda c: (safe_decode(
            c, algorithms=lambda t: [jwt.get_unverified_header(t)["alg"]]), c.secret)),
        ("'none' allowed, every exception caught", lambda c: (
            safe_decode(c, catch=Exception, algorithms=("HS256", "none")), c.secret)),
        ("HS512 allowed too", lambda c: (safe_decode(c, algorithms=("HS256", "HS512")), c.secret)),
    ],
    "04-expiry/ex1": [
        ("a naive datetime", lambda c: ten_minutes(c, datetime.now(timezone.utc).replace(tzinfo=None)
                                                   + timedelta(minutes=10))),
        ("ten hours", lambda c: ten_minutes(c, datetime.now(timezone.utc) + timedelta(hours=10))),
        ("a token without exp", lambda c: ten_minutes(c, datetime.now(timezone.utc) + timedelta(minutes=10),
                                                      payload={"user": "ada"})),
        ("exp is now, not expires", lambda c: ten_minutes(c, datetime.now(timezone.utc)
                                                          + timedelta(minutes=10),
                                                          payload={"user": "ada", "exp": int(time.time())})),
        ("signed with another secret", lambda c: ten_minutes(c, datetime.now(timezone.utc)
                                                             + timedelta(minutes=10),
                                                             key=secrets.token_urlsafe(32))),
    ],
    "04-expiry/ex2": [
        ("exp not required", lambda c: reset_verifier(c, require=())),
        ("no purpose check", lambda c: reset_verifier(c, check_purpose=False)),
        ("no try", lambda c: reset_verifier(c, catch=())),
    ],
    "05-claims/ex1": [
        ("HS256 mixed with RS256 (the expert review)", lambda c: policy(c, algorithms=("HS256", "RS256"))),
        ("HS256 and HS384", lambda c: policy(c, algorithms=("HS256", "HS384"))),
        ("verify_iat switched off", lambda c: policy(c, verify_iat=False)),
        ("verify_nbf switched off", lambda c: policy(c, verify_nbf=False)),
        ("verify_sub and verify_jti switched off", lambda c: policy(c, verify_sub=False, verify_jti=False)),
        ("a leeway of a day", lambda c: policy(c, leeway=timedelta(days=1))),
        ("no issuer=", lambda c: policy(c, issuer=None)),
        ("except PyJWTError", lambda c: policy(c, catch=jwt.PyJWTError)),
        ("iat not required", lambda c: policy(c, require=("exp", "sub"))),
    ],
    "05-claims/ex2": [
        ("PyJWTError", lambda c: (jwt.PyJWTError,)),
        ("Exception", lambda c: (Exception,)),
        ("DecodeError", lambda c: (jwt.DecodeError,)),
        ("ExpiredSignatureError", lambda c: (jwt.ExpiredSignatureError,)),
        ("a tuple", lambda c: ((jwt.InvalidTokenError, jwt.InvalidKeyError),)),
        ("the name as text", lambda c: ("jwt.InvalidTokenError",)),
    ],
    "06-keys/ex1": [
        ("the private key's PEM", lambda c: es256_pair(c, pem=private_pem(c.es256))),
        ("another key's public PEM", lambda c: es256_pair(c, pem=public_pem(ec.generate_private_key(
            ec.SECP256R1())))),
        ("a P-384 key pair", lambda c: (lambda k: es256_pair(c, key=k, pem=public_pem(k),
                                                             algorithm="ES384"))(
            ec.generate_private_key(ec.SECP384R1()))),
        ("the key object, not PEM", lambda c: es256_pair(c, pem=c.es256.public_key())),
        ("another payload", lambda c: es256_pair(c, payload={"sub": "eve"})),
    ],
    "06-keys/ex2": [
        ("a fresh key, not the loaded one", lambda c: loaded_key(c, key=rsa.generate_private_key(
            public_exponent=65537, key_size=2048))),
        ("PS256 with the right key", lambda c: loaded_key(c, algorithm="PS256")),
        ("another payload", lambda c: loaded_key(c, payload={"sub": "mallory", "admin": True})),
        ("HS256 with the public PEM as secret", lambda c: (
            forge_hmac({"alg": "RS256", "typ": "JWT"}, {"sub": "ada"}, public_pem(c.rsa_one)),
            public_pem(c.rsa_one))),
    ],
    "07-key-sets/ex1": [
        ("no kid in the header", lambda c: second_key(c, kid=None)),
        ("signed by a key nobody published, under 'my-key'", lambda c: second_key(
            c, key=ec.generate_private_key(ec.SECP256R1()))),
        ("signed with key 1 under its own kid", lambda c: second_key(c, key=c.rsa_one, kid="key-1",
                                                                     algorithm="RS256")),
        ("my key under the kid 'key-1'", lambda c: second_key(c, kid="key-1")),
        ("another payload", lambda c: second_key(c, payload={"sub": "you"})),
    ],
    "07-key-sets/ex2": [
        ("b and d swapped", lambda c: ({**REASONS_07, "b": "unknown kid", "d": "no kid"},
                                       suspects_07(c), c.jwks_url)),
        ("every one 'wrong key'", lambda c: (dict.fromkeys(REASONS_07, "wrong key"), suspects_07(c),
                                             c.jwks_url)),
        ("a capitalised reason", lambda c: ({**REASONS_07, "a": "Algorithm not allowed"},
                                            suspects_07(c), c.jwks_url)),
        ("a suspect missing", lambda c: ({k: v for k, v in REASONS_07.items() if k != "d"},
                                         suspects_07(c), c.jwks_url)),
    ],
    "08-password-reset/ex1": [
        ("exp not required (the expert review)", lambda c: reset_claims(
            c, require=("sub", "purpose", "jti", "iat", "pwv"))),
        ("sub not required", lambda c: reset_claims(c, require=("purpose", "jti", "iat", "exp", "pwv"))),
        ("'none' allowed", lambda c: reset_claims(c, algorithms=("HS256", "none"), catch=jwt.PyJWTError)),
        ("no purpose check", lambda c: reset_claims(c, check_purpose=False)),
        ("HS384 allowed", lambda c: reset_claims(c, algorithms=("HS256", "HS384"))),
        ("pwv not required", lambda c: reset_claims(c, require=("sub", "purpose", "jti", "iat", "exp"))),
    ],
    "08-password-reset/ex2": [
        ("a check-then-write behind a threading.Lock (the expert review)",
         lambda c: (use_once_locked_check_then_write,)),
        ("a check-then-write", lambda c: (use_once_check_then_write,)),
        ("a set in memory", lambda c: (use_once_in_memory,)),
        ("an INSERT nobody commits", lambda c: (use_once_uncommitted,)),
    ],
    "09-bearer-api/ex1": [
        ("split on a space, blocklist of four characters (the expert review)",
         lambda c: (header_reader_blocklist,)),
        ("a regex with $ and IGNORECASE (the expert review)", lambda c: (header_reader_dollar,)),
        ("split() on any whitespace", lambda c: (header_reader_split,)),
        ("startswith('Bearer ')", lambda c: (lambda h: h[7:] if h and h.startswith("Bearer ") else None,)),
    ],
    "09-bearer-api/ex2": [
        (f"{other!r} for a {STORIES[0]!r} story", lambda c, o=other: why(c, o))
        for other in ("logged_out", "unknown", "expired")
    ],
    "11-key-and-claim-attacks/ex5": [
        ("two verdicts swapped", lambda c: replay(c, {**VERDICTS_11, "no exp": "ExpiredSignatureError",
                                                      "expired": "MissingRequiredClaimError"})),
        ("the parent class for all", lambda c: replay(c, dict.fromkeys(VERDICTS_11, "InvalidTokenError"))),
        ("DecodeError for the expired one", lambda c: replay(c, {**VERDICTS_11, "expired": "DecodeError"})),
        ("a stolen token missing", lambda c: replay(c, {"no exp": "MissingRequiredClaimError"})),
    ],
    "12-your-app/ex1": [(label, lambda c, source=source: (app12.answer(source, "orders_reader"),
                                                          app12.notebook_12()["fastapi_app"]))
                        for label, (source, _) in app12.ORDERS_READER.items()],
    "12-your-app/ex2": [(label, lambda c, source=source: (app12.answer(source, "require_scope"),
                                                          app12.notebook_12()["flask_app"]))
                        for label, (source, _) in app12.REQUIRE_SCOPE.items()],
    "12-your-app/ex3": [(label, lambda c, source=source: (app12.answer(source, "test_x"),))
                        for label, (source, _) in app12.EXPIRY_TEST.items()],
    "13-real-world/ex1": [
        ("audience= the client id (Cognito's access tokens have no aud)",
         lambda c: (cognito_verifier(c.cognito, audience=c.cognito.client_id), c.cognito)),
        ("client_id not compared", lambda c: (cognito_verifier(c.cognito, client_id=False), c.cognito)),
        ("token_use not checked", lambda c: (cognito_verifier(c.cognito, token_use=False), c.cognito)),
        ("no issuer=", lambda c: (cognito_verifier(c.cognito, issuer=None), c.cognito)),
        ("exp not checked", lambda c: (cognito_verifier(c.cognito, verify_exp=False), c.cognito)),
        ("the signature not checked", lambda c: (cognito_without_signature(c.cognito), c.cognito)),
    ],
    "13-real-world/ex2": [
        ("the text as it came", lambda c: (key_read_as_is,)),
        ("line breaks restored, certificates not read", lambda c: (key_unescaped_only,)),
        ("the certificate object instead of its key", lambda c: (key_as_certificate_object,)),
        ("certificates read, but not from an environment variable",
         lambda c: (key_certificates_unescaped_only,)),
    ],
    "13-real-world/ex3": [
        ("iat now, not in the past", lambda c: (github_jwt(iat_back=0),)),
        ("exp 10 minutes from now, iat a minute back", lambda c: (github_jwt(lifetime=660),)),
        ("exp an hour ahead", lambda c: (github_jwt(lifetime=3600),)),
        ("the app ID as a number", lambda c: (github_jwt(iss=lambda app_id: app_id),)),
        ("HS256 with a shared secret", lambda c: (github_jwt(algorithm="HS256"),)),
        ("no iat", lambda c: (github_jwt(drop="iat"),)),
    ],
}
for _key, _attack in ATTACKS.items():
    WRONG[_key] = attack_trials(_attack)
