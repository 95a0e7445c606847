"""DELIBERATELY VULNERABLE verifiers for the attack lab. Never copy any of this.

Each function below makes one mistake that real services have made, so that notebooks 10 and
11 can break it; everything else (the claims required and checked, no leeway) is done as in
the safe API, so that one mistake is the only way in. The exception is Attack 8's
`ignore_lifetime_and_audience`, whose three mistakes (no required claims, a year of leeway,
no audience check) are one lesson: a stolen token that never stops working. Every docstring
names the mistake and the safe alternative, which is always `helpers.lab.safe.verify_safely`:
`jwt.decode` with a key from the server's own configuration, a fixed `algorithms=` list and the
claims required and checked.

Only the lab notebooks import this module; nothing else in `helpers` may (a unit test checks).
Limits that keep the lab on this machine: the JKU verifier fetches only from 127.0.0.1, and the
file-path verifier reads inside a temporary folder unless the token escapes it (that is the
attack), and it never shows what it read.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import secrets
import shutil
import sqlite3
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from jwt.utils import base64url_decode

from helpers.lab.api import LabApi, Verifier
from helpers.lab.issuer import ALGORITHM, LAB_AUDIENCE, LAB_ISSUER, LabIssuer
from helpers.lab.safe import REQUIRED_CLAIMS, verify_safely

# Every verifier below checks the claims exactly as the safe API does (REQUIRE_AND_CHECK), so
# that its one named mistake is the only thing a forged token gets past.
REQUIRE_AND_CHECK: dict[str, Any] = {
    "audience": LAB_AUDIENCE, "issuer": LAB_ISSUER, "options": {"require": REQUIRED_CLAIMS}}
MAX_KEY_FILE_BYTES = 4096

TUTORIAL_SECRET = "my-secret"  # noqa: S105 - the seed tutorial's secret, guessable on purpose
WELCOME_TEXT = "Welcome to the lab API. Send your token in the Authorization header.\n"
HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def read_without_verifying(token: str) -> dict[str, Any]:
    """DELIBERATELY VULNERABLE: reads the claims and never checks the signature.

    Anyone can edit the payload. (The claims are still checked as in the safe API: only the
    signature is skipped.) Safe alternative: `verify_safely` (jwt.decode with the key,
    algorithms=["RS256"] and the required claims), never `verify_signature: False`.
    """
    return claims_checked_signature_skipped(token)


def accept_alg_none(public_key: Any) -> Verifier:
    """DELIBERATELY VULNERABLE: believes a header that says `alg: none` and skips the check.

    Old libraries did this. Safe alternative: `verify_safely`, whose fixed
    algorithms=["RS256"] refuses "none" with InvalidAlgorithmError.
    """
    def verify(token: str) -> dict[str, Any]:
        if str(jwt.get_unverified_header(token).get("alg", "")).lower() == "none":
            return claims_checked_signature_skipped(token)
        return verify_safely(token, public_key)
    return verify


def verify_with_weak_secret(token: str) -> dict[str, Any]:
    """DELIBERATELY VULNERABLE: checks HS256 correctly, but with the guessable 'my-secret'.

    An attacker with one token tries secrets offline until the signature matches. Safe
    alternative: a random secret of 32+ bytes (secrets.token_urlsafe(32)) kept on the server,
    or `verify_safely` with an RS256 key pair.
    """
    with warnings.catch_warnings():  # PyJWT rightly warns that the key is short
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        return jwt.decode(token, TUTORIAL_SECRET, algorithms=["HS256"], **REQUIRE_AND_CHECK)


def trust_embedded_jwk(token: str) -> dict[str, Any]:
    """DELIBERATELY VULNERABLE: verifies with the public key the token carries in its `jwk` header.

    Whoever makes the token picks the key, so any key pair signs a "valid" token. Safe
    alternative: `verify_safely`, whose key comes from the server's own configuration.
    """
    embedded = jwt.get_unverified_header(token).get("jwk")
    if not isinstance(embedded, dict):
        raise ValueError("the token's header has no jwk to verify with")
    return jwt.decode(token, jwt.PyJWK(embedded, ALGORITHM), algorithms=[ALGORITHM],
                      **REQUIRE_AND_CHECK)


def fetch_key_from_jku(token: str) -> dict[str, Any]:
    """DELIBERATELY VULNERABLE: downloads the key set from the URL in the token's `jku` header.

    Whoever makes the token picks the URL, so they serve their own key. (This lab fetches from
    127.0.0.1 only, so nothing leaves the machine.) Safe alternative: `verify_safely`, or a
    jwt.PyJWKClient whose URL is fixed in the server's configuration.
    """
    url = jwt.get_unverified_header(token).get("jku")
    if not isinstance(url, str) or not url:
        raise ValueError("the token's header has no jku URL to fetch keys from")
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise ValueError("this lab fetches keys only from http://127.0.0.1:<port>/...")
    signing_key = jwt.PyJWKClient(url, cache_jwk_set=False, timeout=5).get_signing_key_from_jwt(token)
    return jwt.decode(token, signing_key, algorithms=[ALGORITHM], **REQUIRE_AND_CHECK)


def key_file_by_kid(keys_folder: Path) -> Verifier:
    """DELIBERATELY VULNERABLE: reads the HMAC key from a file named by the token's `kid`.

    A `kid` like "../public/welcome.txt" walks out of the keys folder to a file whose content
    the attacker knows (the classic is /dev/null). Safe alternative: `verify_safely`; if a
    `kid` must pick a key, look it up in a fixed dict of your own keys, never as a path.
    """
    def verify(token: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        path = keys_folder / str(kid)
        try:  # regular files only, and only their start: /dev/zero must not hang the lab
            if not path.is_file():
                raise OSError
            with path.open("rb") as key_file:
                secret = key_file.read(MAX_KEY_FILE_BYTES)
        except OSError:
            raise ValueError(f"no key file for kid {kid!r}") from None
        return jwt.decode(token, secret, algorithms=["HS256"], **REQUIRE_AND_CHECK)
    return verify


def key_row_by_kid(known_kid: str, known_secret: str) -> Verifier:
    """DELIBERATELY VULNERABLE: pastes the token's `kid` into an SQL query (SQL injection).

    A `kid` like "x' UNION SELECT 'my chosen secret" makes the query return a secret the
    attacker chose. Safe alternative: `verify_safely`; if keys live in a database, pass the
    kid as a parameter (`WHERE kid = ?`) and still fix the algorithm.
    """
    def verify(token: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        with sqlite3.connect(":memory:") as database:
            database.execute("CREATE TABLE keys (kid TEXT, secret TEXT)")
            database.execute("INSERT INTO keys VALUES (?, ?)", (known_kid, known_secret))
            query = f"SELECT secret FROM keys WHERE kid = '{kid}'"  # noqa: S608 - the lesson
            row = database.execute(query).fetchone()
        if row is None:
            raise ValueError(f"no key with kid {kid!r}")
        return jwt.decode(token, str(row[0]), algorithms=["HS256"], **REQUIRE_AND_CHECK)
    return verify


def algorithm_from_header(public_pem: str) -> Verifier:
    """DELIBERATELY VULNERABLE: lets the token's `alg` choose, with one key for every algorithm.

    For alg HS256 it uses the RSA *public* key's PEM text as the HMAC secret, and that text is
    public. PyJWT refuses to do this (InvalidKeyError), so this function computes the HMAC by
    hand, as old libraries did; the claims are then checked as in the safe API. Safe
    alternative: `verify_safely` (algorithms=["RS256"], fixed).
    """
    public_key = serialization.load_pem_public_key(public_pem.encode("ascii"))

    def verify(token: str) -> dict[str, Any]:
        alg = jwt.get_unverified_header(token).get("alg")
        if alg in HASHES:
            signing_input, _, signature = token.rpartition(".")
            expected = hmac.new(public_pem.encode("utf-8"), signing_input.encode("ascii"),
                                HASHES[alg]).digest()
            if not hmac.compare_digest(expected, base64url_decode(signature)):
                raise jwt.InvalidSignatureError("Signature verification failed")
            return claims_checked_signature_skipped(token)  # the HMAC above was the check
        return verify_safely(token, public_key)
    return verify


def ignore_lifetime_and_audience(public_key: Any) -> Verifier:
    """DELIBERATELY VULNERABLE: a year of leeway, no required claims, and `aud` not checked.

    A stolen token works forever: one without `exp`, one that expired days ago, one issued for
    another service. Safe alternative: `verify_safely` (require exp, iat, aud; check aud and
    iss; leeway of a few seconds at most).
    """
    def verify(token: str) -> dict[str, Any]:
        return jwt.decode(token, public_key, algorithms=[ALGORITHM], issuer=LAB_ISSUER,
                          leeway=365 * 24 * 3600, options={"verify_aud": False})
    return verify


def claims_checked_signature_skipped(token: str) -> dict[str, Any]:
    """DELIBERATELY VULNERABLE: checks the claims as the safe API does, but no signature at all.

    Safe alternative: `verify_safely`, which checks the signature with the configured key first.
    """
    return jwt.decode(token, options={
        "verify_signature": False, "verify_exp": True, "verify_nbf": True, "verify_iat": True,
        "verify_aud": True, "verify_iss": True, "require": REQUIRED_CLAIMS},
        audience=LAB_AUDIENCE, issuer=LAB_ISSUER)


# --- the vulnerable APIs, one mistake each --------------------------------------------------------

def lab_files() -> Path:
    """DELIBERATELY VULNERABLE layout: a keys folder next to a public folder (see key_file_by_kid).

    Safe alternative: keep keys out of any folder a path from a request can reach.
    """
    folder = Path(tempfile.mkdtemp(prefix="jwt-lab-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "keys").mkdir()
    (folder / "keys" / "lab-hmac-1").write_text(secrets.token_urlsafe(32), encoding="utf-8")
    (folder / "public").mkdir()
    (folder / "public" / "welcome.txt").write_text(WELCOME_TEXT, encoding="utf-8")
    return folder


MISTAKES: dict[str, Callable[[LabIssuer], LabApi]] = {
    "unverified signature": lambda issuer: LabApi("vulnerable API", read_without_verifying),
    "alg none": lambda issuer: LabApi(
        "vulnerable API", accept_alg_none(issuer.private_key.public_key())),
    "weak secret": lambda issuer: LabApi("vulnerable API", verify_with_weak_secret),
    "embedded jwk": lambda issuer: LabApi("vulnerable API", trust_embedded_jwk),
    "jku": lambda issuer: LabApi("vulnerable API", fetch_key_from_jku),
    "kid path": lambda issuer: LabApi(
        "vulnerable API", key_file_by_kid(lab_files() / "keys"),
        public_files={"/welcome.txt": WELCOME_TEXT}),
    "kid sql": lambda issuer: LabApi(
        "vulnerable API", key_row_by_kid("lab-hmac-1", secrets.token_urlsafe(32))),
    "algorithm confusion": lambda issuer: LabApi(
        "vulnerable API", algorithm_from_header(issuer.public_pem),
        public_files={"/public-key.pem": issuer.public_pem}),
    "lifetime and audience": lambda issuer: LabApi(
        "vulnerable API", ignore_lifetime_and_audience(issuer.private_key.public_key())),
}


def make_vulnerable_api(mistake: str, issuer: LabIssuer) -> LabApi:
    """DELIBERATELY VULNERABLE: the lab API with one named mistake (see MISTAKES).

    Safe alternative: `helpers.lab.safe.make_safe_api(issuer)`.
    """
    if mistake not in MISTAKES:
        raise ValueError(f"no mistake named {mistake!r}; pick one of {sorted(MISTAKES)}")
    api = MISTAKES[mistake](issuer)
    api.mistake = mistake
    return api
