"""The bad-input catalogue: what learners paste, and the one-line message each one gets.

Each entry names the widget and the input field it is typed into, the value, and a piece of
the message the learner must see. The unit tests replay every entry at the widget level
(set the field from Python, read what the widget shows); the browser tests replay the
entries marked `browser=True` by typing them into JupyterLab.

Most entries are refused: the widget shows no token (or no verified signature) and one line
that says what is wrong and how to fix it. The few in ACCEPTED are odd but valid: the widget
still makes (or verifies) a token, and `expect` is a piece of what it shows.

How each field is entered:
- editor "payload" / "secret", inspector "token" / "secret": typed into the widget's box;
- editor "algorithm": passed in code, PayloadEditor(secret, algorithm=...) (the dropdown
  itself offers only HS256/384/512);
- countdown "lifetime" / "secret" / "payload": passed in code, ExpiryCountdown(...), as in the
  notebook cell `ExpiryCountdown(SECRET, lifetime=LIFETIME)`.

Values that must be computed (a 1 MB payload, RS256 tokens from a key pair generated at test
time: no private key is ever committed) come from the small functions below.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt

GOOD_SECRET = "bad-input-catalogue-secret-long-enough-even-for-hs512-0123456789"  # 64 bytes
GOOD_PAYLOAD = '{"key": "value"}'
GOOD_LIFETIME = 30
# A public key (not secret; its private half was thrown away) and the same key as a JWK.
PEM_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEglETYZkDJsHbH7AcfMv8Flj/rC7y
X3CiBORCaLun1Y8c2C2uc1tnKjTeS9MjAYDvE3raecOtq3JG2L6tK/i/0Q==
-----END PUBLIC KEY-----
"""
JWK = ('{"kty": "EC", "crv": "P-256", "x": "glETYZkDJsHbH7AcfMv8Flj_rC7yX3CiBORCaLun1Y8", '
       '"y": "HNgtrnNbZyo03kvTIwGA7xN62nnDratyRti-rSv4v9E"}')
ALG_NONE_TOKEN = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VyIjoiYWRhIiwicm9sZSI6ImFkbWluIn0."
FAR_FUTURE = 4_102_444_800  # 2100-01-01


@dataclass(frozen=True)
class BadInput:
    id: str
    widget: str  # "editor" (PayloadEditor), "inspector" (TokenInspector), "countdown"
    field: str  # "payload", "secret", "algorithm", "token", "lifetime"
    value: Any  # text for every field typed into a box (all browser entries are text)
    expect: str  # a piece of the one-line message the learner sees
    browser: bool = False  # also typed into JupyterLab by the browser tests
    token: str = ""  # inspector only: the token shown while this key is tried ("" = the HS256 one)
    fixed: Any = None  # what fixing types back (None = GOOD_VALUES for the field)


def b64(data: bytes | str) -> str:
    """base64url without padding, as JWTs write their parts."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def hs256(payload: dict[str, Any], secret: str = GOOD_SECRET) -> str:
    """A token signed with the catalogue's secret."""
    return jwt.encode(payload, secret, algorithm="HS256")


def good_token() -> str:
    """The token the inspector holds while one of its other fields is being tried."""
    return hs256({"user": "ada", "role": "reader"})


def with_header(header: Any) -> str:
    """A token whose header part is replaced (the signature no longer matters)."""
    _, payload, signature = good_token().split(".")
    return f"{b64(json.dumps(header))}.{payload}.{signature}"


@lru_cache(maxsize=1)
def rsa_private_key() -> Any:
    """An RSA key pair made at test time (never written to disk)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem_private_key() -> str:
    """The private half in PEM, as a learner might wrongly paste it."""
    from cryptography.hazmat.primitives import serialization

    return rsa_private_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode("ascii")


def rs256_token() -> str:
    """A token signed with RS256 and the test-time RSA key."""
    return jwt.encode({"user": "ada"}, rsa_private_key(), algorithm="RS256")


def one_megabyte_payload() -> str:
    return json.dumps({"data": "a" * 1024 * 1024})


def nested_payload(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def long_but_valid_token() -> str:
    """About 5,000 characters: long, but under the 8 KB servers accept."""
    return hs256({"user": "ada", "note": "x" * 3600})


def too_long_token() -> str:
    """Over 8 KB: more than a server accepts in a header."""
    return hs256({"user": "ada", "note": "x" * 7000})


def tampered_token() -> str:
    """The payload swapped for one saying admin, the old signature kept."""
    header, _, signature = good_token().split(".")
    return f"{header}.{b64(json.dumps({'user': 'ada', 'role': 'admin'}))}.{signature}"


def _editor(id: str, field: str, value: Any, expect: str, browser: bool = False) -> BadInput:
    return BadInput(id, "editor", field, value, expect, browser)


def _inspector(id: str, field: str, value: Any, expect: str, browser: bool = False) -> BadInput:
    return BadInput(id, "inspector", field, value, expect, browser)


def _countdown(id: str, field: str, value: Any, expect: str) -> BadInput:
    return BadInput(id, "countdown", field, value, expect)


TOKEN = good_token()
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")

CATALOGUE: list[BadInput] = [
    # --- payload editor: the payload text -------------------------------------------------
    _editor("payload-syntax", "payload", '{"key": "value",}', "not valid JSON", browser=True),
    _editor("payload-trailing-comma", "payload", '{"key": "value",}', "no trailing comma"),
    _editor("payload-single-quotes", "payload", "{'key': 'value'}", "double quotes, not single"),
    _editor("payload-python-true", "payload", '{"admin": True}', "true, false and null in lower"),
    _editor("payload-unclosed", "payload", '{"key": "value"', "ends too early"),
    _editor("payload-missing-colon", "payload", '{"key" "value"}', "colon between each key"),
    _editor("payload-two-objects", "payload", '{"a": 1} {"b": 2}', "exactly one JSON object"),
    _editor("payload-raw-nul", "payload", '{"note": "a\x00b"}', "raw tab, line break or NUL"),
    _editor("payload-empty", "payload", "", "payload is empty"),
    _editor("payload-whitespace", "payload", "  \n\t ", "payload is empty"),
    _editor("payload-array", "payload", "[1, 2]", "JSON array", browser=True),
    _editor("payload-string", "payload", '"ada"', "JSON string"),
    _editor("payload-number", "payload", "42", "JSON number"),
    _editor("payload-null", "payload", "null", "JSON null"),
    _editor("payload-one-megabyte", "payload", one_megabyte_payload(), "keep it under 8,192"),
    _editor("payload-deep-nesting", "payload", nested_payload(50), "50 levels deep"),
    _editor("payload-very-deep-arrays", "payload", "[" * 3000 + "]" * 3000, "3,000 levels deep"),
    _editor("payload-lone-surrogate", "payload", '{"name": "\\ud83d"}', "lone surrogate"),
    _editor("payload-byte-order-mark", "payload", '\ufeff{"a": 1}', "byte-order mark"),
    _editor("payload-duplicate-keys", "payload", '{"role": "reader", "role": "admin"}',
            'repeats the key "role"'),
    _editor("payload-exp-string", "payload", '{"exp": "1767225600"}',
            '"exp" must be a number of seconds'),
    _editor("payload-exp-list", "payload", '{"exp": [1767225600]}', "not a JSON array"),
    _editor("payload-exp-null", "payload", '{"exp": null}', "not a JSON null"),
    _editor("payload-exp-negative", "payload", '{"exp": -1}', "before 1970"),
    _editor("payload-exp-huge", "payload", '{"exp": 1e20}', "after the year 9999"),
    _editor("payload-exp-milliseconds", "payload", '{"exp": 1767225600000}', "not milliseconds"),
    _editor("payload-exp-nan", "payload", '{"exp": NaN}', "standard JSON does not allow"),
    _editor("payload-exp-infinity", "payload", '{"exp": Infinity}', "standard JSON does not allow"),
    _editor("payload-nbf-string", "payload", '{"nbf": "tomorrow"}', '"nbf" must be a number'),
    _editor("payload-iat-boolean", "payload", '{"iat": true}', "not a JSON boolean"),
    _editor("payload-iat-negative", "payload", '{"iat": -86400}', "before 1970"),
    _editor("payload-number-overflow", "payload", '{"big": 1e400}', "too large for JSON"),
    _editor("payload-5000-digits", "payload", '{"n": ' + "9" * 5000 + "}", "thousands of digits"),
    _editor("payload-sub-number", "payload", '{"sub": 42}', '"sub" must be a string'),
    _editor("payload-jti-list", "payload", '{"jti": ["a1b2"]}', '"jti" must be a string'),
    _editor("payload-iss-object", "payload", '{"iss": {"name": "me"}}', '"iss" must be a string'),
    _editor("payload-aud-number", "payload", '{"aud": 5}', '"aud" must be a string or a list'),
    _editor("payload-token-too-big", "payload", json.dumps({"note": "x" * 7000}),
            "signed token would be"),
    # odd but valid: signed, with a note where something may surprise
    _editor("payload-emoji", "payload", '{"name": "Ada 👩‍💻"}', "👩‍💻"),
    _editor("payload-nul-escape", "payload", '{"note": "a\\u0000b"}', "NUL character"),
    _editor("payload-float-exp", "payload", '{"exp": 4102444800.5}', "4102444800.5"),
    _editor("payload-exp-in-the-past", "payload", '{"exp": 1000000000}', "exp is in the past"),
    _editor("payload-nbf-in-the-future", "payload", '{"nbf": 4102444800}', "nbf is in the future"),
    _editor("payload-non-ascii", "payload", '{"ключ": "значение"}', "значение"),
    _editor("payload-big-integer", "payload", '{"id": 123456789012345678901234567890}',
            "123456789012345678901234567890"),
    # --- payload editor: the secret ---------------------------------------------------------
    _editor("secret-empty", "secret", "", "secret is empty", browser=True),
    _editor("secret-whitespace", "secret", "   ", "only whitespace"),
    _editor("secret-line-breaks", "secret", "\n\t\n", "only whitespace"),
    _editor("secret-very-long", "secret", "s" * 5000, "adds nothing"),
    _editor("secret-lone-surrogate", "secret", "abc\ud800def", "lone surrogate"),
    _editor("secret-pem-public-key", "secret", PEM_PUBLIC_KEY, "a PEM public key", browser=True),
    _editor("secret-pem-private-key", "secret", pem_private_key(), "a PEM private key"),
    _editor("secret-jwk", "secret", JWK, "a JWK"),
    _editor("secret-jwks", "secret", '{"keys": [' + JWK + "]}", "a JWKS"),
    _editor("secret-ssh-key", "secret", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDx ada@laptop",
            "an SSH public key"),
    # odd but valid
    _editor("secret-short", "secret", "my-secret", "Short secret: 9 bytes"),
    _editor("secret-non-ascii", "secret", "pässwörd-🔑", "15 bytes"),  # bytes, not characters
    _editor("secret-surrounding-space", "secret", f"  {GOOD_SECRET}\n", "starts or ends with a space"),
    # --- payload editor: the algorithm (passed in code) ------------------------------------
    _editor("algorithm-none", "algorithm", "none", '"none" means no signature'),
    _editor("algorithm-none-object", "algorithm", None, '"none" means no signature'),
    _editor("algorithm-rs256", "algorithm", "RS256", "signs with a private key"),
    _editor("algorithm-lower-case", "algorithm", "hs256", "case-sensitive"),
    _editor("algorithm-unknown", "algorithm", "SHA256", "Unknown algorithm"),
    # --- token inspector: the token ---------------------------------------------------------
    _inspector("token-bearer", "token", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "Bearer", browser=True),
    _inspector("token-two-parts", "token", "eyJhbGciOiJIUzI1NiJ9.e30", "has 2", browser=True),
    _inspector("token-one-part", "token", HEADER, "has 1"),
    _inspector("token-four-parts", "token", f"{TOKEN}.{SIGNATURE}", "has 4"),
    _inspector("token-five-parts-jwe", "token", "a.b.c.d.e", "encrypted token (JWE)"),
    _inspector("token-empty-header", "token", f".{PAYLOAD}.{SIGNATURE}", "header part is empty"),
    _inspector("token-empty-payload", "token", f"{HEADER}..{SIGNATURE}", "payload part is empty"),
    _inspector("token-empty-signature", "token", f"{HEADER}.{PAYLOAD}.", "signature part is empty"),
    _inspector("token-outside-base64url", "token", f"{HEADER}.{PAYLOAD}.{SIGNATURE[:-1]}!",
               "not base64url"),
    _inspector("token-plain-base64", "token", f"{HEADER}.{PAYLOAD}+/.{SIGNATURE}", "plain base64"),
    _inspector("token-padding", "token", f"{HEADER}==.{PAYLOAD}.{SIGNATURE}", "padding"),
    _inspector("token-line-break-inside", "token", f"{TOKEN[:40]}\n{TOKEN[40:]}", "line break"),
    _inspector("token-invisible-character", "token", f"{HEADER}.{PAYLOAD}\u200b.{SIGNATURE}",
               "invisible character (U+200B)"),
    _inspector("token-header-not-json", "token", f"{b64('nope')}.{PAYLOAD}.{SIGNATURE}",
               "not JSON"),
    _inspector("token-header-json-array", "token", with_header(["HS256"]),
               "header is not a JSON object"),
    _inspector("token-header-without-alg", "token", with_header({"typ": "JWT"}), 'no "alg"'),
    _inspector("token-unknown-alg", "token", with_header({"alg": "HS999"}), "does not know"),
    _inspector("token-crit-header", "token", jwt.encode(
        {"user": "ada"}, GOOD_SECRET, algorithm="HS256", headers={"crit": ["exp"]}), '"crit"'),
    _inspector("token-alg-none", "token", ALG_NONE_TOKEN, 'alg is "none"', browser=True),
    _inspector("token-rs256-with-hmac-secret", "token", rs256_token(), "public-key algorithm"),
    _inspector("token-too-long", "token", too_long_token(), "servers refuse headers"),
    _inspector("token-with-text-stuck-on", "token", TOKEN + "x" * 3000, "signatures are 32"),
    _inspector("token-in-a-link", "token", f"https://example.com/reset-password?token={TOKEN}",
               "inside other text"),
    _inspector("token-authorization-header", "token", f"Authorization: Bearer {TOKEN}",
               "inside other text"),
    _inspector("token-json-instead", "token", '{"user": "ada"}', "That is JSON, not a token"),
    _inspector("token-python-bytes", "token", f"b'{TOKEN}'", "bytes literal"),
    _inspector("token-empty", "token", "", "Paste a token"),
    _inspector("token-only-whitespace", "token", " \n\t", "Paste a token"),
    _inspector("token-tampered", "token", tampered_token(), "changed after signing"),
    _inspector("token-expired", "token", hs256({"user": "ada", "exp": 1_000_000_000}),
               "ExpiredSignatureError"),
    _inspector("token-not-yet-valid", "token", hs256({"user": "ada", "nbf": FAR_FUTURE}),
               "ImmatureSignatureError"),
    _inspector("token-exp-as-text", "token", hs256({"exp": "soon"}), "time claim as something other"),
    _inspector("token-sub-number", "token", hs256({"sub": 42}), "sub must be a string"),
    # odd but valid: read and verified
    _inspector("token-surrounding-whitespace", "token", f"  \n{TOKEN}\n\n", "Signature verified"),
    _inspector("token-in-quotes", "token", f'"{TOKEN}"', "Signature verified"),
    _inspector("token-thousands-of-characters", "token", long_but_valid_token(), "Signature verified"),
    _inspector("token-emoji-payload", "token", hs256({"name": "Ada 👩‍💻"}), "Signature verified"),
    _inspector("token-float-exp", "token", hs256({"exp": FAR_FUTURE + 0.5}), "Signature verified"),
    # --- token inspector: the secret or key -------------------------------------------------
    _inspector("inspector-secret-wrong", "secret", "not-the-secret-that-signed-it-0123456789",
               "does not match the one that signed", browser=True),
    _inspector("inspector-secret-pem-public-key", "secret", PEM_PUBLIC_KEY, "you gave a PEM public key",
               browser=True),
    _inspector("inspector-secret-jwk", "secret", JWK, "you gave a JWK"),
    _inspector("inspector-secret-private-key", "secret", pem_private_key(), "a PEM private key"),
    _inspector("inspector-secret-whitespace", "secret", "   ", "only whitespace"),
    _inspector("inspector-secret-lone-surrogate", "secret", "abc\udfff", "lone surrogate"),
    _inspector("inspector-secret-trailing-newline", "secret", GOOD_SECRET + "\n",
               "spaces or a line break around it"),
    _inspector("inspector-secret-empty", "secret", "", "type the secret"),
    _inspector("inspector-secret-very-long", "secret", "s" * 5000, "does not match the one that signed"),
    # --- expiry countdown (arguments in code) -----------------------------------------------
    _countdown("countdown-lifetime-zero", "lifetime", 0, "expired before the countdown starts"),
    _countdown("countdown-lifetime-negative", "lifetime", -30, "expired before the countdown starts"),
    _countdown("countdown-lifetime-a-day", "lifetime", 86_400, "longer than an hour"),
    _countdown("countdown-lifetime-huge", "lifetime", 10**15, "longer than an hour"),
    _countdown("countdown-lifetime-fraction", "lifetime", 2.5, "whole number of seconds"),
    _countdown("countdown-lifetime-infinite", "lifetime", float("inf"), "whole number of seconds"),
    _countdown("countdown-lifetime-text", "lifetime", "30", "not str"),
    _countdown("countdown-lifetime-none", "lifetime", None, "not NoneType"),
    _countdown("countdown-lifetime-boolean", "lifetime", True, "not bool"),
    _countdown("countdown-secret-empty", "secret", "", "secret is empty"),
    _countdown("countdown-secret-whitespace", "secret", " \n", "only whitespace"),
    _countdown("countdown-secret-none", "secret", None, "must be text"),
    _countdown("countdown-secret-pem-public-key", "secret", PEM_PUBLIC_KEY, "a PEM public key"),
    _countdown("countdown-secret-short", "secret", "my-secret", "at least 32 bytes (this one has 9)"),
    _countdown("countdown-payload-list", "payload", [1, 2], "must be a dict, not a list"),
    _countdown("countdown-payload-set", "payload", {"tags": {"a", "b"}}, "cannot be written as JSON"),
    # odd but valid
    _countdown("countdown-lifetime-one-hour", "lifetime", 3600, "PyJWT refuses the token"),
    _countdown("countdown-lifetime-whole-float", "lifetime", 60.0, "PyJWT refuses the token"),
    _countdown("countdown-secret-non-ascii", "secret", "pässwörd-🔑-ключ-секрет-пароль-密码",
               "PyJWT refuses the token"),
]


# --- bad keys: the inspector's key field, and keys typed as secrets -------
# Keys are made at test time (no private key is committed). Each RS256/ES256 entry shows the
# inspector a token signed with a test key; "fixing" pastes that key's public PEM.

@lru_cache(maxsize=16)
def key_pair(kind: str) -> Any:
    """A key pair made at test time: "rsa" (the one above), "rsa-other", "rsa-1024", "p256", ..."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    makers = {
        "rsa": rsa_private_key,
        "rsa-other": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa-1024": lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
        "p256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "p384": lambda: ec.generate_private_key(ec.SECP384R1()),
        "secp256k1": lambda: ec.generate_private_key(ec.SECP256K1()),
        "ed25519": ed25519.Ed25519PrivateKey.generate,
    }
    return makers[kind]()


def public_pem(kind: str, pkcs1: bool = False) -> str:
    from cryptography.hazmat.primitives import serialization

    layout = serialization.PublicFormat.PKCS1 if pkcs1 else serialization.PublicFormat.SubjectPublicKeyInfo
    return key_pair(kind).public_key().public_bytes(serialization.Encoding.PEM, layout).decode("ascii")


def public_jwk(kind: str, **changes: Any) -> dict[str, Any]:
    """The public key as a JWK (PyJWT's to_jwk), with members changed (None removes one)."""
    key = key_pair(kind).public_key()
    algorithm = {"p256": "ES256", "p384": "ES384", "secp256k1": "ES256K",
                 "ed25519": "EdDSA"}.get(kind, "RS256")
    jwk = jwt.algorithms.get_default_algorithms()[algorithm].to_jwk(key, as_dict=True)
    jwk.update(changes)
    return {name: value for name, value in jwk.items() if value is not None}


def private_jwk(kind: str) -> str:
    return jwt.algorithms.RSAAlgorithm.to_jwk(key_pair(kind))


def private_pem(kind: str, password: bytes | None = None, openssh: bool = False) -> str:
    from cryptography.hazmat.primitives import serialization

    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    layout = serialization.PrivateFormat.OpenSSH if openssh else serialization.PrivateFormat.PKCS8
    return key_pair(kind).private_bytes(serialization.Encoding.PEM, layout, encryption).decode("ascii")


def ssh_public_key(kind: str) -> str:
    from cryptography.hazmat.primitives import serialization

    return key_pair(kind).public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode("ascii") + " ada@laptop"


def certificate_pem(kind: str) -> str:
    """A self-signed certificate holding the test key, as some issuers publish their keys."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "issuer.example")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key_pair(kind).public_key()).serial_number(1)
                   .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key_pair(kind), hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def signed_with(kind: str, algorithm: str) -> str:
    return jwt.encode({"user": "ada"}, key_pair(kind), algorithm=algorithm)


def pem_body(pem: str) -> str:
    """The base64 lines of a PEM without its BEGIN and END lines."""
    return "".join(line for line in pem.splitlines() if not line.startswith("-----"))


def oct_jwk(secret: bytes | str, **changes: Any) -> str:
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    return json.dumps({"kty": "oct", "k": b64(raw), **changes})


def _key(id: str, token: str, value: Any, expect: str, fixed: Any, browser: bool = False) -> BadInput:
    return BadInput(id, "inspector", "secret", value, expect, browser, token, fixed)


RS256_TOKEN, ES256_TOKEN = signed_with("rsa", "RS256"), signed_with("p256", "ES256")
RSA_PEM, P256_PEM = public_pem("rsa"), public_pem("p256")
RSA_JWK = public_jwk("rsa")

KEY_CATALOGUE: list[BadInput] = [
    # an RS256 token and keys that cannot verify it
    _key("key-rs256-shared-secret", RS256_TOKEN, GOOD_SECRET, "a public-key algorithm", RSA_PEM),
    _key("key-rs256-private-pem", RS256_TOKEN, private_pem("rsa"), "must never leave its owner", RSA_PEM),
    _key("key-rs256-password-protected", RS256_TOKEN, private_pem("rsa", b"correct horse"),
         "password-protected", RSA_PEM),
    _key("key-rs256-openssh-private", RS256_TOKEN, private_pem("rsa", openssh=True),
         "OpenSSH private key", RSA_PEM),
    _key("key-rs256-ssh-public", RS256_TOKEN, ssh_public_key("rsa"), "an SSH public key", RSA_PEM),
    _key("key-rs256-truncated-pem", RS256_TOKEN, RSA_PEM[: len(RSA_PEM) // 2],
         "no -----END PUBLIC KEY----- line", RSA_PEM),
    _key("key-rs256-pem-missing-lines", RS256_TOKEN,
         "\n".join(line for index, line in enumerate(RSA_PEM.splitlines()) if index != 3),
         "damaged or incomplete", RSA_PEM),
    _key("key-rs256-escaped-newlines", RS256_TOKEN, RSA_PEM.replace("\n", "\\n"), "a backslash and n",
         RSA_PEM),
    _key("key-rs256-two-pems", RS256_TOKEN, RSA_PEM + public_pem("rsa-other"), "holds 2 PEM blocks",
         RSA_PEM),
    _key("key-rs256-base64-body", RS256_TOKEN, pem_body(RSA_PEM), "without its PEM lines", RSA_PEM),
    _key("key-rs256-base64-of-pem", RS256_TOKEN, b64(RSA_PEM).replace("-", "+").replace("_", "/"),
         "encoded once more in base64", RSA_PEM),
    _key("key-rs256-rsa-1024", RS256_TOKEN, public_pem("rsa-1024"), "1024 bits", RSA_PEM),
    _key("key-rs256-another-rsa-key", RS256_TOKEN, public_pem("rsa-other"), "did not sign this token",
         RSA_PEM),
    _key("key-rs256-ec-pem", RS256_TOKEN, P256_PEM, "verifies ES256 tokens", RSA_PEM),
    _key("key-rs256-ed25519-pem", RS256_TOKEN, public_pem("ed25519"), "verifies EdDSA tokens", RSA_PEM),
    _key("key-rs256-pgp", RS256_TOKEN, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGF...\n"
         "-----END PGP PUBLIC KEY BLOCK-----", "a PGP key block", RSA_PEM),
    _key("key-rs256-oct-jwk", RS256_TOKEN, oct_jwk(GOOD_SECRET), "an oct JWK, a shared secret", RSA_PEM),
    _key("key-rs256-jwk-with-d", RS256_TOKEN, private_jwk("rsa"), '"d", a private part', RSA_PEM),
    _key("key-rs256-jwk-missing-e", RS256_TOKEN, json.dumps(public_jwk("rsa", e=None)), 'lacks "e"',
         RSA_PEM),
    _key("key-rs256-jwk-alg-rs512", RS256_TOKEN, json.dumps(public_jwk("rsa", alg="RS512")),
         'says "alg": "RS512"', RSA_PEM),
    _key("key-rs256-jwk-use-enc", RS256_TOKEN, json.dumps(public_jwk("rsa", use="enc")),
         "not for signatures", RSA_PEM),
    _key("key-rs256-jwks", RS256_TOKEN, json.dumps({"keys": [RSA_JWK]}), "That is a JWKS", RSA_PEM),
    _key("key-rs256-jwk-in-a-list", RS256_TOKEN, json.dumps([RSA_JWK]), "a JSON list of keys", RSA_PEM),
    _key("key-rs256-jwk-cut-short", RS256_TOKEN, json.dumps(RSA_JWK)[:-20], "not valid JSON", RSA_PEM),
    # odd but valid: verified
    _key("key-rs256-certificate", RS256_TOKEN, certificate_pem("rsa"), "inside the certificate", RSA_PEM),
    _key("key-rs256-pkcs1-pem", RS256_TOKEN, public_pem("rsa", pkcs1=True), "Signature verified", RSA_PEM),
    _key("key-rs256-windows-line-endings", RS256_TOKEN, RSA_PEM.replace("\n", "\r\n"),
         "Signature verified", RSA_PEM),
    _key("key-rs256-indented-pem", RS256_TOKEN, "    " + RSA_PEM.replace("\n", "\n    "),
         "Signature verified", RSA_PEM),
    _key("key-rs256-jwk", RS256_TOKEN, json.dumps(RSA_JWK), "Signature verified", RSA_PEM),
    # an ES256 token and keys that cannot verify it
    _key("key-es256-p384-pem", ES256_TOKEN, public_pem("p384"), "verifies ES384 tokens", P256_PEM),
    _key("key-es256-secp256k1-pem", ES256_TOKEN, public_pem("secp256k1"), "verifies ES256K tokens",
         P256_PEM),
    _key("key-es256-p384-jwk", ES256_TOKEN, json.dumps(public_jwk("p384")), "verifies ES384 tokens",
         P256_PEM),
    _key("key-es256-jwk-missing-y", ES256_TOKEN, json.dumps(public_jwk("p256", y=None)), 'lacks "y"',
         P256_PEM),
    _key("key-es256-jwk-without-kty", ES256_TOKEN, json.dumps(public_jwk("p256", kty=None)), 'no "kty"',
         P256_PEM),
    _key("key-es256-jwk-kty-lower-case", ES256_TOKEN, json.dumps(public_jwk("p256", kty="ec")),
         'write "kty": "EC"', P256_PEM),
    _key("key-es256-jwk-kty-unknown", ES256_TOKEN, json.dumps(public_jwk("p256", kty="ECDSA")),
         "which no JWT algorithm uses", P256_PEM),
    _key("key-es256-jwk-x25519", ES256_TOKEN, json.dumps({"kty": "OKP", "crv": "X25519",
                                                          "x": public_jwk("ed25519")["x"]}),
         'curve "X25519" is not one JWTs sign with', P256_PEM),
    _key("key-es256-jwk-short-coordinates", ES256_TOKEN, json.dumps(public_jwk("p256", x="AAAA")),
         "cannot be read as a key", P256_PEM),
    _key("key-es256-jwk-x-plain-base64", ES256_TOKEN, json.dumps(public_jwk("p256", x="ab+/cd==")),
         "must be base64url", P256_PEM),
    _key("key-es256-rsa-jwk", ES256_TOKEN, json.dumps(RSA_JWK), "verifies RS256", P256_PEM),
    # the HS256 token and shared secrets written as keys
    _key("key-hs256-oct-jwk", "", oct_jwk(GOOD_SECRET), "Signature verified", GOOD_SECRET),
    _key("key-hs256-oct-jwk-short-k", "", oct_jwk("my-secret"), "holds 9 bytes", GOOD_SECRET, browser=True),
    _key("key-hs256-oct-jwk-without-k", "", json.dumps({"kty": "oct"}), 'lacks "k"', GOOD_SECRET),
    _key("key-hs256-oct-jwk-alg-hs512", "", oct_jwk(GOOD_SECRET, alg="HS512"), 'says "alg": "HS512"',
         GOOD_SECRET),
    _key("key-hs256-oct-jwk-wrong-k", "", oct_jwk("another-secret-that-is-long-enough-for-hs256"),
         "does not match the one that signed", GOOD_SECRET),
    _key("key-hs256-jwks", "", json.dumps({"keys": [json.loads(oct_jwk(GOOD_SECRET))]}), "That is a JWKS",
         GOOD_SECRET, browser=True),
    _key("key-hs256-token-as-key", "", TOKEN, "not a key", GOOD_SECRET, browser=True),
    _key("key-hs256-certificate", "", certificate_pem("rsa"), "you gave a PEM certificate", GOOD_SECRET),
    _key("key-hs256-base64-der", "", pem_body(P256_PEM), "you gave the base64 body of a key", GOOD_SECRET),
    # keys typed where the editor and the countdown want a shared secret
    _editor("secret-token-instead", "secret", TOKEN, "a JWT (a token, not a key)"),
    _editor("secret-password-protected-key", "secret", private_pem("rsa", b"pw"), "password-protected"),
    _editor("secret-oct-jwk", "secret", oct_jwk(GOOD_SECRET), "a JWK"),
    _countdown("countdown-secret-jwk", "secret", JWK, "a JWK"),
    _countdown("countdown-secret-private-key", "secret", private_pem("rsa"), "a PEM private key"),
]
CATALOGUE += KEY_CATALOGUE

# The odd-but-valid entries: the widget still signs (or verifies) and shows `expect`.
ACCEPTED = frozenset({
    "payload-emoji", "payload-nul-escape", "payload-float-exp", "payload-exp-in-the-past",
    "payload-nbf-in-the-future", "payload-non-ascii", "payload-big-integer",
    "secret-short", "secret-non-ascii", "secret-surrounding-space",
    "token-surrounding-whitespace", "token-in-quotes", "token-thousands-of-characters",
    "token-emoji-payload", "token-float-exp",
    "countdown-lifetime-one-hour", "countdown-lifetime-whole-float", "countdown-secret-non-ascii",
    # bad keys
    "key-rs256-certificate", "key-rs256-pkcs1-pem", "key-rs256-windows-line-endings",
    "key-rs256-indented-pem", "key-rs256-jwk", "key-hs256-oct-jwk",
})

# What each field holds when it is not the one being tried, and what "fixing it" types back.
GOOD_VALUES: dict[tuple[str, str], Any] = {
    ("editor", "payload"): GOOD_PAYLOAD,
    ("editor", "secret"): GOOD_SECRET,
    ("editor", "algorithm"): "HS256",
    ("inspector", "token"): TOKEN,
    ("inspector", "secret"): GOOD_SECRET,
    ("countdown", "lifetime"): GOOD_LIFETIME,
    ("countdown", "secret"): GOOD_SECRET,
    ("countdown", "payload"): {"key": "value"},
}

# --- 07: JWKS endpoints and URLs ----------------------------------------------
# Those entries are not typed into a widget, so they live in a sibling table of their own shape:
# tests/catalogues/bad_key_sets.py (KEY_SET_CATALOGUE), replayed by
# tests/unit/key_sets/test_bad_key_sets.py against a real endpoint on 127.0.0.1.

# --- the policy panel (05) and the key pair editor (06) ---------------------
# policy "algorithms" / "audience" / "issuers" / "leeway" / "required": typed into the panel's
# text boxes. keypair "payload": typed into the editor's box; keypair "algorithm": passed in
# code, KeyPairEditor(algorithm=...) (the dropdown offers only RS256, PS256, ES256, EdDSA).

def _policy(id: str, field: str, value: Any, expect: str) -> BadInput:
    return BadInput(id, "policy", field, value, expect)


def _keypair(id: str, field: str, value: Any, expect: str) -> BadInput:
    return BadInput(id, "keypair", field, value, expect)


CATALOGUE += [
    _policy("policy-algorithms-empty", "algorithms", "", "algorithms list is empty"),
    _policy("policy-algorithms-none", "algorithms", "none", "unsigned token"),
    _policy("policy-algorithms-lowercase", "algorithms", "hs256", "case-sensitive"),
    _policy("policy-algorithms-unknown", "algorithms", "HS257", "not an algorithm PyJWT knows"),
    _policy("policy-algorithms-mixed", "algorithms", "HS256, RS256", "Do not mix"),
    _policy("policy-audience-quoted", "audience", "'orders-api'", "without quotes"),
    _policy("policy-audience-double-comma", "audience", "orders-api,,reports", "empty entry"),
    _policy("policy-issuers-json-list", "issuers", '["https://auth.example.com"]',
            "without quotes"),
    _policy("policy-leeway-word", "leeway", "ten", "not a number"),
    _policy("policy-leeway-negative", "leeway", "-5", "0 or more"),
    _policy("policy-leeway-nan", "leeway", "nan", "finite"),
    _policy("policy-leeway-a-week", "leeway", "604800", "makes expiry meaningless"),
    _policy("policy-leeway-with-spaces", "leeway", "  30 ", "accepted"),
    _policy("policy-required-spaces", "required", "exp iat", "not a claim name"),
    _policy("policy-required-trailing-comma", "required", "exp, iat,", "empty entry"),
    _keypair("keypair-payload-syntax", "payload", '{"sub": }', "not valid JSON"),
    _keypair("keypair-payload-empty", "payload", "", "payload is empty"),
    _keypair("keypair-payload-array", "payload", "[1, 2]", "must be a JSON object"),
    _keypair("keypair-payload-exp-in-the-past", "payload", '{"sub": "ada", "exp": 1}',
             "exp is in the past"),
    _keypair("keypair-algorithm-hmac", "algorithm", "HS256", "shared secret, not a key pair"),
    _keypair("keypair-algorithm-none", "algorithm", "none", "no signature"),
    _keypair("keypair-algorithm-lowercase", "algorithm", "es256", "case-sensitive"),
]
ACCEPTED = ACCEPTED | {"policy-leeway-with-spaces", "keypair-payload-exp-in-the-past"}
GOOD_VALUES.update({
    ("policy", "algorithms"): "HS256",
    ("policy", "audience"): "orders-api",
    ("policy", "issuers"): "https://auth.example.com",
    ("policy", "leeway"): "0",
    ("policy", "required"): "exp, iat, sub",
    ("keypair", "payload"): '{"sub": "user-42"}',
    ("keypair", "algorithm"): "ES256",
})
