"""docs/cheatsheet.md: every code line runs as printed, and does what its words say.

The sheet's ```python blocks are taken from the Markdown itself (there is no second copy) and run
in order in one namespace, against a JWK Set server on 127.0.0.1 that also plays the failures of
a real endpoint. Its exception tree is compared with PyJWT's own classes.
"""

from __future__ import annotations

import http.server
import json
import re
import secrets
import threading
import warnings
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import jwt
import pytest

from tools.course import ROOT

SHEET = (ROOT / "docs" / "cheatsheet.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", SHEET, flags=re.S)


class KeySetEndpoint(http.server.BaseHTTPRequestHandler):
    """An identity provider's key set URL; tests change what it serves."""

    body = b'{"keys": []}'
    status = 200
    requests = 0

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).requests += 1
        self.send_response(self.status)
        self.send_header("Content-Type", "application/jwk-set+json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sheet() -> Iterator[dict[str, Any]]:
    """The namespace after running every python block of the sheet, in order."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeySetEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    namespace: dict[str, Any] = {"JWKS_URL": f"http://127.0.0.1:{server.server_address[1]}/jwks.json"}
    try:
        for number, block in enumerate(BLOCKS, start=1):
            exec(compile(block, f"cheatsheet block {number}", "exec"), namespace)  # noqa: S102
        # The provider publishes the set the sheet made (its client fetches only when first used).
        KeySetEndpoint.body = json.dumps(namespace["jwks"]).encode()
        namespace["server"] = server
        yield namespace
    finally:
        server.shutdown()
        server.server_close()


def test_the_sheet_has_its_two_code_blocks_and_names_the_pyjwt_it_was_run_with() -> None:
    assert len(BLOCKS) == 2
    assert "PyJWT 2.15" in SHEET.splitlines()[0] and jwt.__version__.startswith("2.")


# --- section 1: sign and verify -------------------------------------------------------------------

def access(sheet: dict[str, Any], headers: Any = None, **changes: Any) -> str:
    now = sheet["now"]
    body = {"iss": sheet["ISSUER"], "sub": "u-8f3a2c", "aud": sheet["AUDIENCE"], "iat": now,
            "exp": now + timedelta(minutes=5), **changes}
    body = {name: value for name, value in body.items() if value is not None}
    return jwt.encode(body, sheet["SECRET"], algorithm="HS256",
                      headers={"typ": "at+jwt"} if headers is None else headers)


def test_the_token_is_read_back(sheet: dict[str, Any]) -> None:
    token = sheet["token"]
    assert isinstance(token, str) and token.count(".") == 2
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "at+jwt"}
    assert sheet["read_access_token"](token)["sub"] == "u-8f3a2c"


def forged(sheet: dict[str, Any]) -> str:
    header, _, signature = sheet["token"].split(".")
    payload = jwt.utils.base64url_encode(b'{"sub":"admin","iss":"https://auth.example.com"}').decode()
    return f"{header}.{payload}.{signature}"


@pytest.mark.parametrize("make, refusal", [
    (forged, "InvalidSignatureError"),
    (lambda s: access(s, exp=s["now"] - timedelta(seconds=10)), "ExpiredSignatureError"),  # beyond 5 s
    (lambda s: access(s, aud="billing-api"), "InvalidAudienceError"),
    (lambda s: access(s, iss="https://evil.example.net"), "InvalidIssuerError"),
    (lambda s: access(s, nbf=s["now"] + timedelta(hours=1)), "ImmatureSignatureError"),
    (lambda s: access(s, exp=None), "MissingRequiredClaimError"),
    (lambda s: jwt.encode({"sub": "admin"}, None, algorithm="none"), "InvalidAlgorithmError"),
    (lambda s: "not-a-token", "DecodeError"),
    (lambda s: access(s, headers={}), "InvalidTokenError"),  # typ JWT: not an access token
    (lambda s: access(s, headers={"typ": 7}), "InvalidTokenError"),  # a strange typ: refused, no crash
], ids=["changed", "expired", "audience", "issuer", "not-yet", "no-exp", "alg-none", "garbage",
        "typ-jwt", "typ-number"])
def test_read_access_token_refuses_with_the_class_the_tree_names(sheet, make, refusal: str) -> None:
    with pytest.raises(jwt.InvalidTokenError) as refused:
        sheet["read_access_token"](make(sheet))
    assert type(refused.value).__name__ == refusal


def test_leeway_and_the_case_of_typ(sheet: dict[str, Any]) -> None:
    read = sheet["read_access_token"]
    assert read(access(sheet, exp=sheet["now"] - timedelta(seconds=2)))["sub"] == "u-8f3a2c"
    assert read(access(sheet, headers={"typ": "Application/AT+JWT"}))["sub"] == "u-8f3a2c"


def test_a_key_too_short_is_a_configuration_bug_not_a_refused_token(sheet: dict[str, Any]) -> None:
    real = sheet["SECRET"]
    sheet["SECRET"] = "short"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            token = jwt.encode({"sub": "x"}, "short", algorithm="HS256")
        with pytest.raises(jwt.InvalidKeyError):
            sheet["read_access_token"](token)
        assert not issubclass(jwt.InvalidKeyError, jwt.InvalidTokenError)
    finally:
        sheet["SECRET"] = real


def test_the_rules_claims_about_decode(sheet: dict[str, Any]) -> None:
    token, secret = sheet["token"], sheet["SECRET"]
    with pytest.raises(jwt.DecodeError, match="algorithms"):
        jwt.decode(token, secret)
    assert jwt.decode(token, options={"verify_signature": False})["sub"] == "u-8f3a2c"


# --- section 2: the claims table ------------------------------------------------------------------

def plain(secret: str, **claims: Any) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.mark.parametrize("claims, options, refusal", [
    ({"sub": 42}, {}, "InvalidSubjectError"),
    ({"sub": "a"}, {"subject": "b"}, "InvalidSubjectError"),
    ({"jti": 1}, {}, "InvalidJTIError"),
    ({"aud": "a"}, {}, "InvalidAudienceError"),
    ({"sub": "x"}, {"audience": "orders-api"}, "MissingRequiredClaimError"),
    ({"iat": "soon"}, {}, "InvalidIssuedAtError"),
    ({"exp": "soon"}, {}, "DecodeError"),
    ({"iss": "x"}, {"issuer": "y"}, "InvalidIssuerError"),
])
def test_the_table_and_the_tree_say_what_pyjwt_raises(sheet, claims, options, refusal: str) -> None:
    with pytest.raises(jwt.InvalidTokenError) as refused:
        jwt.decode(plain(sheet["SECRET"], **claims), sheet["SECRET"], algorithms=["HS256"], **options)
    assert type(refused.value).__name__ == refusal


def test_what_pyjwt_leaves_alone(sheet: dict[str, Any]) -> None:
    secret, now = sheet["SECRET"], sheet["now"]
    assert jwt.decode(plain(secret, iss="anyone"), secret, algorithms=["HS256"])["iss"] == "anyone"
    assert jwt.decode(plain(secret, iss="x"), secret, algorithms=["HS256"], issuer=["x", "y"])["iss"] == "x"
    again = plain(secret, jti="seen")
    assert jwt.decode(again, secret, algorithms=["HS256"]) == jwt.decode(again, secret, algorithms=["HS256"])
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(plain(secret, iat=int((now + timedelta(hours=1)).timestamp())), secret,
                   algorithms=["HS256"])


# --- section 3: the tree is PyJWT's own ---------------------------------------------------------

def drawn_tree() -> dict[str, str | None]:
    text = re.search(r"```text\n(.*?)```", SHEET, flags=re.S).group(1)
    drawn: dict[str, str | None] = {}
    parents: list[str] = []
    for line in text.splitlines():
        found = re.match(r"^([│├└─ ]*)([A-Z]\w+Error)", line)
        if not found:
            continue
        depth = len(found.group(1)) // 3
        parents = parents[:depth]
        drawn[found.group(2)] = parents[-1] if parents else None
        parents.append(found.group(2))
    return drawn


def subclasses(cls: type) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for child in cls.__subclasses__():
        if child.__module__ == "jwt.exceptions":
            found[child.__name__] = cls.__name__
            found |= subclasses(child)
    return found


def test_the_drawn_tree_is_pyjwts_and_the_stars_mark_what_jwt_lacks() -> None:
    assert drawn_tree() == {"PyJWTError": None} | subclasses(jwt.PyJWTError)
    starred = set(re.findall(r"(\w+Error) \(\*\)", SHEET))
    assert starred == {name for name in drawn_tree() if not hasattr(jwt, name)}


# --- section 4: keys and key sets -----------------------------------------------------------------

def test_the_key_pair_lines(sheet: dict[str, Any]) -> None:
    assert sheet["public_pem"].startswith(b"-----BEGIN PUBLIC KEY-----")
    assert sheet["claims"]["sub"] == "u-8f3a2c"
    assert len(jwt.utils.base64url_decode(sheet["signed"].split(".")[2])) == 64  # ES256: R and S
    assert set(sheet["jwk"]) == {"kty", "crv", "x", "y"}  # public members only
    with pytest.raises(jwt.InvalidKeyError):  # a public key's PEM as an HMAC secret
        jwt.decode(jwt.encode({"sub": "x"}, secrets.token_urlsafe(32), algorithm="HS256"),
                   sheet["public_pem"], algorithms=["HS256"])


def test_an_encrypted_pem_must_be_loaded_first(sheet: dict[str, Any]) -> None:
    from cryptography.hazmat.primitives import serialization

    password = secrets.token_urlsafe(32).encode()
    stored = sheet["private_key"].private_bytes(serialization.Encoding.PEM,
                                                serialization.PrivateFormat.PKCS8,
                                                serialization.BestAvailableEncryption(password))
    with pytest.raises(TypeError):
        jwt.encode({"sub": "x"}, stored, algorithm="ES256")
    loaded = serialization.load_pem_private_key(stored, password=password)
    assert jwt.decode(jwt.encode({"sub": "y"}, loaded, algorithm="ES256"), sheet["public_pem"],
                      algorithms=["ES256"]) == {"sub": "y"}


def provider_token(sheet: dict[str, Any], kid: str | None = "key-1", key: Any = None, **changes: Any) -> str:
    now = sheet["now"]
    body = {"iss": sheet["ISSUER"], "sub": "u-8f3a2c", "aud": sheet["AUDIENCE"], "iat": now,
            "exp": now + timedelta(minutes=5), **changes}
    body = {name: value for name, value in body.items() if value is not None}
    return jwt.encode(body, key or sheet["private_key"], algorithm="ES256",
                      headers={} if kid is None else {"kid": kid})


def fresh_status(sheet: dict[str, Any], token: str) -> int:
    """A verifier just started (empty cache), as the sheet's block makes one."""
    sheet["jwks_client"] = jwt.PyJWKClient(sheet["JWKS_URL"])
    return sheet["verify_with_key_set"](token)[0]


def test_the_client_caches_the_set(sheet: dict[str, Any]) -> None:
    assert sheet["jwks_client"].jwk_set_cache.lifespan == 300
    status, claims = sheet["verify_with_key_set"](provider_token(sheet))
    assert status == 200 and claims["sub"] == "u-8f3a2c"
    before = KeySetEndpoint.requests
    assert sheet["verify_with_key_set"](provider_token(sheet))[0] == 200
    assert KeySetEndpoint.requests == before


def test_the_callers_faults_are_401(sheet: dict[str, Any]) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    now = sheet["now"]
    weird_kid = (jwt.utils.base64url_encode(b'{"alg":"ES256","kid":7}').decode() + "."
                 + provider_token(sheet).split(".", 1)[1])
    for label, token in {
        "unknown kid": provider_token(sheet, kid="key-9"),
        "no kid": provider_token(sheet, kid=None),
        "a kid that is not a string": weird_kid,
        "not a JWT": "garbage",
        "another key, kid key-1": provider_token(sheet, key=ec.generate_private_key(ec.SECP256R1())),
        "another audience": provider_token(sheet, aud="billing-api"),
        "expired": provider_token(sheet, exp=now - timedelta(minutes=1)),
        "no exp": provider_token(sheet, exp=None),
        "HS256": jwt.encode({"sub": "x"}, secrets.token_urlsafe(32), algorithm="HS256",
                            headers={"kid": "key-1"}),
    }.items():
        assert fresh_status(sheet, token) == 401, label


def test_a_failing_key_set_is_503(sheet: dict[str, Any]) -> None:
    good = provider_token(sheet)
    jwks = sheet["jwks"]
    no_kids = json.dumps({"keys": [{k: v for k, v in jwks["keys"][0].items() if k != "kid"}]}).encode()
    try:
        for label, (body, status) in {
            "HTML": (b"<html>login</html>", 200), "a JSON list": (b"[1, 2]", 200),
            "no kids": (no_kids, 200), "no usable key": (b'{"keys": [{"kty": "XYZ"}]}', 200),
            "one JWK, not a set": (json.dumps(jwks["keys"][0]).encode(), 200),
            "HTTP 500": (b"oops", 500), "HTTP 404": (b"", 404),
        }.items():
            KeySetEndpoint.body, KeySetEndpoint.status = body, status
            assert fresh_status(sheet, good) == 503, label
    finally:
        KeySetEndpoint.body, KeySetEndpoint.status = json.dumps(jwks).encode(), 200
    sheet["server"].shutdown()
    sheet["server"].server_close()
    assert fresh_status(sheet, good) == 503  # endpoint gone
    assert fresh_status(sheet, "garbage") == 401  # ... but garbage is still the caller's fault
