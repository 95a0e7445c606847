"""helpers/errors.py: every exception becomes one line (class, message, fix) and the fix names
the right claim; and every message it indexes is produced by real PyJWT, cryptography and Python
calls, word for word, so a reworded PyJWT message fails here and not silently in a widget."""

from __future__ import annotations

import ast
import base64
import json
import re
import secrets
import socket
import ssl
import subprocess
import sys
import threading
import time
import types
import uuid
import warnings
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt import exceptions
from jwt import exceptions as jwt_exceptions
from jwt import warnings as jwt_warnings

from helpers.errors import (
    FIXES,
    MESSAGES,
    MESSAGES_BY_KEY,
    VARIES,
    InputProblem,
    explain_error,
    find_message,
    says,
)
from helpers.web.server import start_server
from helpers.web.tls import self_signed_certificate
from tools.course import ROOT

SECRET = secrets.token_urlsafe(32)
HOUR_AHEAD = int(time.time()) + 3600


@pytest.mark.parametrize("error, fix", [
    (jwt.ExpiredSignatureError("Signature has expired"), "ask for a new token"),
    (jwt.InvalidSignatureError("Signature verification failed"), "does not match the one that signed"),
    (jwt.InvalidAlgorithmError("The specified alg value is not allowed"), "algorithms= list"),
    (jwt.ImmatureSignatureError("The token is not yet valid (nbf)"), "nbf"),
    (jwt.DecodeError("Not enough segments"), "damaged"),
    (jwt.InvalidKeyError("bad key"), "secrets.token_urlsafe(32)"),
    (exceptions.InvalidSubjectError("Subject must be a string"), "sub must be a string"),
    (jwt.MissingRequiredClaimError("exp"), "lacks a claim"),
])
def test_pyjwt_errors_name_the_class_and_the_fix(error, fix):
    line = explain_error(error)
    assert line.startswith(type(error).__name__ + ": ")
    assert fix in line
    assert "\n" not in line


def raised_by(payload, **decode_arguments):
    """The exception PyJWT really raises when decoding this payload (signed with SECRET)."""
    token = jwt.encode(payload, SECRET, algorithm="HS256")
    with pytest.raises(jwt.PyJWTError) as caught:
        jwt.decode(token, SECRET, algorithms=["HS256"], **decode_arguments)
    return caught.value


# Real PyJWT exceptions, each with what its fix must say and what it must not.
REAL_ERRORS = {
    "iat in the future": (lambda: raised_by({"iat": HOUR_AHEAD}),
                          jwt.ImmatureSignatureError, ["iat", "refuse"], ["nbf"]),
    "nbf in the future": (lambda: raised_by({"nbf": HOUR_AHEAD}),
                          jwt.ImmatureSignatureError, ["nbf", "refuse"], ["iat"]),
    "iat not a number": (lambda: raised_by({"iat": "yesterday"}),
                         jwt.InvalidIssuedAtError, ["iat", "not a number", "refuse"], ["future"]),
    "wrong issuer": (lambda: raised_by({"iss": "https://evil.example"}, issuer="https://me.example"),
                     jwt.InvalidIssuerError, ["refuse", "iss"], ["pass the issuer"]),
    "wrong audience": (lambda: raised_by({"aud": "other-api"}, audience="my-api"),
                       jwt.InvalidAudienceError, ["refuse", "another audience"], ["pass audience"]),
    "audience given, none expected": (lambda: raised_by({"aud": "other-api"}),
                                      jwt.InvalidAudienceError, ["refuse", "no audience="], []),
    "wrong subject": (lambda: raised_by({"sub": "mallory"}, subject="ada"),
                      exceptions.InvalidSubjectError, ["refuse", "another subject"], ["must be a string"]),
    "sub not a string": (lambda: raised_by({"sub": 42}),
                         exceptions.InvalidSubjectError, ["refuse", "sub must be a string"], []),
    "missing exp": (lambda: raised_by({"user": "ada"}, options={"require": ["exp"]}),
                    jwt.MissingRequiredClaimError, ["refuse", '"exp"'], []),
    "short key enforced": (lambda: raised_by_short_key(),
                           jwt.InvalidKeyError, ["shorter than the hash", "token_urlsafe(32)"], []),
}


def raised_by_short_key():
    token = jwt.encode({"user": "ada"}, SECRET, algorithm="HS256")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(token, "short", algorithms=["HS256"], options={"enforce_minimum_key_length": True})
    return caught.value


@pytest.mark.parametrize("case", REAL_ERRORS)
def test_real_pyjwt_errors_get_the_fix_for_the_right_claim(case):
    make, cls, must, must_not = REAL_ERRORS[case]
    error = make()
    assert type(error) is cls
    line = explain_error(error)
    assert line.startswith(cls.__name__ + ": ")
    for piece in must:
        assert piece in line, (piece, line)
    for piece in must_not:
        assert piece not in line, (piece, line)


def test_input_problems_pass_through_unchanged():
    assert explain_error(InputProblem("The secret is empty: type one.")) == "The secret is empty: type one."


def test_unexpected_errors_still_give_one_readable_line():
    line = explain_error(RuntimeError("boom\nwith a second line"))
    assert line.startswith("Unexpected RuntimeError: boom with a second line")
    assert "\n" not in line


def test_long_messages_are_cut():
    assert len(explain_error(ValueError("x" * 5000))) <= 300


def test_a_short_rsa_key_gets_rsa_advice_not_hmac_advice():
    from cryptography.hazmat.primitives.asymmetric import rsa

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.warns(jwt.InsecureKeyLengthWarning):
        token = jwt.encode({"u": 1}, small, algorithm="RS256")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(token, small.public_key(), algorithms=["RS256"],
                   options={"enforce_minimum_key_length": True})
    line = explain_error(caught.value)
    assert "2048 bits" in line and "HS256" not in line and "\n" not in line


def test_a_verifier_listing_none_is_told_never_to_list_it():
    unsigned = jwt.encode({"u": 1}, None, algorithm="none")
    with pytest.raises(jwt.InvalidKeyError) as caught:
        jwt.decode(unsigned, "k" * 32, algorithms=["HS256", "none"])
    assert "never list none" in explain_error(caught.value)


def test_the_key_type_list_names_every_curve():
    line = explain_error(jwt.InvalidKeyError("Could not deserialize key data"))
    assert all(name in line for name in ("ES384", "ES512", "Ed448"))


# --- every message helpers.errors indexes, produced by real PyJWT, cryptography and Python calls:
# each MESSAGES entry has a producer here and matches it word for word (… for what varies), and
# explain_error picks that entry; every PyJWT exception class, warning and message-writing raise
# has an entry; what the course's code asks with says(...) is among them ------------------------

MESSAGE_SECRET = "a-secret-that-is-at-least-32-bytes-long!"
TOKEN = jwt.encode({"sub": "1"}, MESSAGE_SECRET, algorithm="HS256")


@cache
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def short_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


@cache
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_pem(key: Any) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def rs_token() -> str:
    return jwt.encode({"sub": "1"}, rsa_key(), algorithm="RS256", headers={"kid": "k1"})


def rsa_jwk(**extra: Any) -> dict[str, Any]:
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key().public_key(), as_dict=True)
    jwk.pop("key_ops", None)
    return {**jwk, **extra}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(header: Any, payload: bytes = b"{}", signature: bytes = b"x") -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(payload)}.{b64(signature)}"


def hs(payload: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
    return jwt.encode(payload, MESSAGE_SECRET, algorithm="HS256", headers=headers)


def dec(token: Any, **options: Any) -> Any:
    options.setdefault("algorithms", ["HS256"])
    return jwt.decode(token, MESSAGE_SECRET, **options)


def raised(action: Callable[[], Any]) -> BaseException:
    """The exception `action` raises (its warnings silenced); fails the test if none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            action()
        except Exception as error:  # noqa: BLE001 - any class: the entry says which
            return error
    pytest.fail("no exception raised")


def warned(action: Callable[[], Any], category: type[Warning]) -> Warning:
    """The first warning of `category` that `action` gives, as Python shows it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    found = [w.message for w in caught if isinstance(w.message, category)]
    assert found, f"no {category.__name__}"
    return found[0]


def answering(status: str, body: bytes, content_type: str = "application/json",
              refuse_urllib: bool = False, delay: float = 0.0) -> Callable[..., Any]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if refuse_urllib and environ.get("HTTP_USER_AGENT", "").startswith("Python-urllib"):
            start_response("403 Forbidden", [("Content-Type", "text/html")])
            return [b"<h1>Forbidden</h1>"]
        time.sleep(delay)
        headers = [("Content-Type", content_type)]
        if status.startswith("302"):
            headers.append(("Location", "/elsewhere"))
        start_response(status, headers)
        return [body]
    return app


JWKS = json.dumps({"keys": [{**rsa_jwk(), "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    started = {
        "jwks": start_server(answering("200 OK", JWKS), name="msg-jwks"),
        "list": start_server(answering("200 OK", b"[1]"), name="msg-list"),
        "enc": start_server(answering("200 OK", json.dumps(
            {"keys": [{**rsa_jwk(), "kid": "k1", "use": "enc"}]}).encode()), name="msg-enc"),
        "waf": start_server(answering("200 OK", JWKS, refuse_urllib=True), name="msg-waf"),
        "404": start_server(answering("404 Not Found", b"no", "text/plain"), name="msg-404"),
        "302": start_server(answering("302 Found", b""), name="msg-302"),
        "500": start_server(answering("500 Internal Server Error", b"x", "text/plain"), name="msg-500"),
        "slow": start_server(answering("200 OK", JWKS, delay=2), name="msg-slow"),
        "html": start_server(answering("200 OK", b"<!doctype html><h1>Sign in</h1>", "text/html"),
                             name="msg-html"),
        "tls": start_server(answering("200 OK", JWKS), name="msg-tls",
                            tls=self_signed_certificate().context),
    }
    other_name = self_signed_certificate(("localhost",))
    started["tls-name"] = start_server(answering("200 OK", JWKS), name="msg-tls-name",
                                       tls=other_name.context)
    gone = start_server(answering("200 OK", JWKS), name="msg-gone")
    gone.stop()
    hang_up = socket.socket()
    hang_up.bind(("127.0.0.1", 0))
    hang_up.listen()
    threading.Thread(target=hang_up_after_reading, args=(hang_up,), daemon=True).start()
    urls = {name: server.url + "/jwks" for name, server in started.items()}
    urls["gone"] = gone.url + "/jwks"
    urls["hang-up"] = f"http://127.0.0.1:{hang_up.getsockname()[1]}/jwks"
    urls["tls-name-ca"] = str(other_name.certificate_file)
    yield urls
    hang_up.close()
    for server in started.values():
        server.stop()


def hang_up_after_reading(listener: socket.socket) -> None:
    """Read each request, then close without an answer."""
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)


def fetched(url: str, token: str | None = None, **options: Any) -> BaseException:
    return raised(lambda: jwt.PyJWKClient(url, **options).get_signing_key_from_jwt(token or rs_token()))


NO_CRYPTOGRAPHY = """
import sys
sys.modules["cryptography"] = None  # as if it were not installed
import jwt
for action in (lambda: jwt.PyJWK({"kty": "RSA", "n": "AQ", "e": "AQ"}),
               lambda: jwt.encode({}, "k", algorithm="RS256")):
    try:
        action()
    except Exception as error:
        print(type(error).__name__, "|", error)
"""


@cache
def without_cryptography() -> dict[str, str]:
    lines = subprocess.run([sys.executable, "-c", NO_CRYPTOGRAPHY], capture_output=True,
                           text=True, check=True, timeout=60).stdout.splitlines()
    return dict(line.split(" | ", 1) for line in lines)


def shadowed_import(tmp_folder: Path) -> str:
    """What `import jwt; jwt.encode(...)` says in a folder holding a file jwt.py."""
    (tmp_folder / "jwt.py").write_text("# a learner's own notes, named jwt.py\n")
    result = subprocess.run([sys.executable, "-c", "import jwt\njwt.encode({}, 'k' * 32)"],
                            cwd=tmp_folder, capture_output=True, text=True, timeout=60,
                            env={"PATH": ""})
    return result.stderr.strip().splitlines()[-1]


def escaped_pem() -> bytes:
    return public_pem(rsa_key()).replace(b"\n", b"\\n")


def encrypted_pem() -> bytes:
    return rsa_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.BestAvailableEncryption(b"password"))


def certificate_pem() -> bytes:
    return self_signed_certificate().pem


def openssh_private() -> bytes:
    return ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())


def ed_private_jwk_with_another_x() -> dict[str, Any]:
    private = jwt.algorithms.OKPAlgorithm.to_jwk(ed25519.Ed25519PrivateKey.generate(), as_dict=True)
    other = jwt.algorithms.OKPAlgorithm.to_jwk(ed25519.Ed25519PublicKey.from_public_bytes(
        ed25519.Ed25519PrivateKey.generate().public_key().public_bytes_raw()), as_dict=True)
    return {**private, "x": other["x"]}


def ec_jwk_with_short_d() -> dict[str, Any]:
    return {**jwt.algorithms.ECAlgorithm.to_jwk(ec_key().public_key(), as_dict=True), "d": "AQ"}


PRODUCERS: dict[str, Callable[..., BaseException]] = {
    "bearer prefix": lambda: raised(lambda: dec("Bearer " + TOKEN)),
    "payload padding": lambda: raised(lambda: dec(TOKEN.split(".")[0] + ".!!!." + TOKEN.split(".")[2])),
    "signature padding": lambda: raised(lambda: dec(TOKEN.rsplit(".", 1)[0] + ".a")),
    "header not json": lambda: raised(lambda: dec(b64(b"nope") + ".e30.c2ln")),
    "payload not json": lambda: raised(lambda: dec(jwt.api_jws.encode(b"not json", MESSAGE_SECRET,
                                                                      algorithm="HS256"))),
    "token type": lambda: raised(lambda: dec(None)),
    "not enough segments": lambda: raised(lambda: dec("abc")),
    "algorithms required": lambda: raised(lambda: jwt.decode(TOKEN, MESSAGE_SECRET)),
    "time claim not a number": lambda: raised(lambda: dec(hs({"exp": "tomorrow"}))),
    "detached payload not allowed": lambda: raised(lambda: dec(TOKEN, detached_payload=b"x")),
    "detached payload missing": lambda: raised(lambda: dec(jwt.api_jws.encode(
        b"x", MESSAGE_SECRET, algorithm="HS256", is_payload_detached=True))),
    "payload must be empty": lambda: raised(lambda: dec(forged({"alg": "HS256", "b64": False,
                                                                "crit": ["b64"]}, b"{}"))),
    "bad signature": lambda: raised(lambda: jwt.decode(TOKEN, MESSAGE_SECRET + "x", algorithms=["HS256"])),
    "expired": lambda: raised(lambda: dec(hs({"exp": 1}))),
    "iat in the future": lambda: raised(lambda: dec(hs({"iat": 4_000_000_000}))),
    "nbf in the future": lambda: raised(lambda: dec(hs({"nbf": 4_000_000_000}))),
    "iat not a number": lambda: raised(lambda: dec(hs({"iat": "x"}))),
    "strict audience param": lambda: raised(lambda: dec(hs({"aud": "a"}), audience=["a"],
                                                        options={"strict_aud": True})),
    "strict audience format": lambda: raised(lambda: dec(hs({"aud": ["a"]}), audience="a",
                                                         options={"strict_aud": True})),
    "strict audience mismatch": lambda: raised(lambda: dec(hs({"aud": "b"}), audience="a",
                                                           options={"strict_aud": True})),
    "audience format": lambda: raised(lambda: dec(hs({"aud": 1}), audience="a")),
    "wrong audience": lambda: raised(lambda: dec(hs({"aud": "b"}), audience="a")),
    "audience not expected": lambda: raised(lambda: dec(hs({"aud": "a"}))),
    "missing aud": lambda: raised(lambda: dec(TOKEN, audience="a")),
    "missing claim": lambda: raised(lambda: dec(TOKEN, options={"require": ["exp"]})),
    "issuer param": lambda: raised(lambda: dec(hs({"iss": "a"}), issuer=5)),
    "iss not a string": lambda: raised(lambda: dec(jwt.api_jws.encode(b'{"iss": 1}', MESSAGE_SECRET,
                                                                      algorithm="HS256"), issuer="x")),
    "wrong issuer": lambda: raised(lambda: dec(hs({"iss": "https://a.example/"}),
                                               issuer="https://a.example")),
    "sub not a string": lambda: raised(lambda: dec(hs({"sub": 1}))),
    "wrong subject": lambda: raised(lambda: dec(TOKEN, subject="2")),
    "jti not a string": lambda: raised(lambda: dec(hs({"jti": 1}))),
    "alg not allowed": lambda: raised(lambda: jwt.decode(TOKEN, MESSAGE_SECRET, algorithms=["RS256"])),
    "no alg": lambda: raised(lambda: dec(forged({"typ": "JWT"}))),
    "alg differs from the key's": lambda: raised(lambda: jwt.decode(
        jwt.encode({}, rsa_key(), algorithm="PS256"), jwt.PyJWK(rsa_jwk()), algorithms=["PS256"])),
    "alg not supported": lambda: raised(lambda: jwt.decode(forged({"alg": "XX1"}), MESSAGE_SECRET,
                                                           algorithms=["XX1"])),
    "kid not a string": lambda: raised(lambda: dec(hs({}, headers={"kid": 1}))),
    "unsupported crit": lambda: raised(lambda: dec(forged({"alg": "HS256", "crit": ["exp"]}))),
    "crit names a missing header": lambda: raised(lambda: dec(forged({"alg": "HS256",
                                                                      "crit": ["b64"]}))),
    "crit not a list": lambda: raised(lambda: dec(forged({"alg": "HS256", "crit": "b64"}))),
    "b64 not in crit": lambda: raised(lambda: dec(forged({"alg": "HS256", "b64": False}, b""))),
    "short hmac key": lambda: raised(lambda: jwt.PyJWT({"enforce_minimum_key_length": True}).encode(
        {}, "short", algorithm="HS256")),
    "short rsa key": lambda: raised(lambda: jwt.decode(
        jwt.encode({}, short_rsa_key(), algorithm="RS256"), short_rsa_key().public_key(),
        algorithms=["RS256"], options={"enforce_minimum_key_length": True})),
    "none with a key": lambda: raised(lambda: jwt.decode(jwt.encode({}, None, algorithm="none"),
                                                         MESSAGE_SECRET, algorithms=["HS256", "none"])),
    "empty secret": lambda: raised(lambda: jwt.encode({}, "", algorithm="HS256")),
    "pem as hmac secret": lambda: raised(lambda: jwt.decode(TOKEN, public_pem(rsa_key()),
                                                            algorithms=["HS256"])),
    "jwk as hmac secret": lambda: raised(lambda: jwt.encode({}, '{"kty": "oct", "k": "c2VjcmV0"}',
                                                            algorithm="HS256")),
    "could not parse": lambda: raised(lambda: jwt.decode(rs_token(), escaped_pem(), algorithms=["RS256"])),
    "key type does not fit": lambda: raised(lambda: jwt.encode({}, ec_key(), algorithm="EdDSA")),
    "wrong curve": lambda: raised(lambda: jwt.encode({}, ec.generate_private_key(ec.SECP384R1()),
                                                     algorithm="ES256")),
    "not a key": lambda: raised(lambda: jwt.PyJWK({"kty": "RSA", "alg": "RS256", "x5c": ["MIIB"]})),
    "jwk not json": lambda: raised(lambda: jwt.algorithms.RSAAlgorithm.from_jwk("nope")),
    "jwk of another type": lambda: raised(lambda: jwt.algorithms.RSAAlgorithm.from_jwk({"kty": "EC"})),
    "jwk without kty": lambda: raised(lambda: jwt.PyJWK({"n": "AQ"})),
    "unsupported kty": lambda: raised(lambda: jwt.PyJWK({"kty": "XYZ"})),
    "unsupported crv": lambda: raised(lambda: jwt.PyJWK({"kty": "EC", "crv": "P-999"})),
    "crv missing": lambda: raised(lambda: jwt.PyJWK({"kty": "OKP", "x": "AQ"})),
    "invalid curve": lambda: raised(lambda: jwt.algorithms.ECAlgorithm.from_jwk(
        {"kty": "EC", "crv": "P-999", "x": "AQ", "y": "AQ"})),
    "jwk numbers": lambda: raised(lambda: jwt.algorithms.ECAlgorithm.from_jwk(
        {"kty": "EC", "crv": "P-256", "x": "AQ", "y": "AQ"})),
    "jwk private numbers": lambda: raised(lambda: jwt.algorithms.ECAlgorithm.from_jwk(
        ec_jwk_with_short_d())),
    "jwk cannot be built": lambda: raised(lambda: jwt.PyJWK({"kty": "RSA", "alg": "RS256", "n": 5,
                                                             "e": "AQAB"})),
    "okp without x": lambda: raised(lambda: jwt.algorithms.OKPAlgorithm.from_jwk(
        {"kty": "OKP", "crv": "Ed25519"})),
    "okp mismatch": lambda: raised(lambda: jwt.algorithms.OKPAlgorithm.from_jwk(
        ed_private_jwk_with_another_x())),
    "okp parameter": lambda: raised(lambda: jwt.algorithms.OKPAlgorithm.from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "x": "AQ"})),
    "rsa primes": lambda: raised(lambda: jwt.algorithms.RSAAlgorithm.from_jwk(
        {"kty": "RSA", "n": "AQ", "e": "AQ", "d": "AQ", "oth": []})),
    "rsa parameters": lambda: raised(lambda: jwt.algorithms.RSAAlgorithm.from_jwk(
        {"kty": "RSA", "n": "AQ", "e": "AQ", "d": "AQ", "p": "AQ"})),
    "no algorithm for key": lambda: raised(lambda: jwt.PyJWK({"kty": "RSA", "alg": "RSA-OAEP",
                                                              "n": "AQ", "e": "AQ"})),
    "cryptography missing for jwk": lambda: jwt_exceptions.MissingCryptographyError(
        without_cryptography()["MissingCryptographyError"]),
    "empty key set": lambda: raised(lambda: jwt.PyJWKSet([])),
    "no usable keys": lambda: raised(lambda: jwt.PyJWKSet([{"kty": "RSA", "x5c": ["MIIB"]}])),
    "not a key set": lambda: raised(lambda: jwt.PyJWKSet({"a": 1})),
    "kid not in set": lambda: raised(lambda: jwt.PyJWKSet([{**rsa_jwk(), "kid": "k1"}])["k2"]),
    "jwks url scheme": lambda: raised(lambda: jwt.PyJWKClient("file:///etc/jwks.json")),
    "jwks cooldown": lambda: raised(lambda: jwt.PyJWKClient("https://a.example/jwks",
                                                            cooldown_duration=-1)),
    "jwks lifespan": lambda: raised(lambda: jwt.PyJWKClient("https://a.example/jwks", lifespan=0)),
    "jwks not an object": lambda s: fetched(s["list"]),
    "no signing keys": lambda s: fetched(s["enc"]),
    "unknown kid": lambda s: fetched(s["jwks"], jwt.encode({}, rsa_key(), algorithm="RS256",
                                                          headers={"kid": "k9"})),
    "certificate for another name": lambda s: fetched(
        s["tls-name"], ssl_context=ssl.create_default_context(cafile=s["tls-name-ca"])),
    "certificate not trusted": lambda s: fetched(s["tls"]),
    "forbidden": lambda s: fetched(s["waf"]),
    "jwks not found": lambda s: fetched(s["404"]),
    "jwks redirect": lambda s: fetched(s["302"]),
    "jwks server error": lambda s: fetched(s["500"]),
    "jwks timeout": lambda s: fetched(s["slow"], timeout=0.5),
    "jwks refused": lambda s: fetched(s["gone"]),
    "jwks unreachable": lambda s: fetched(s["hang-up"]),
    "jwks not json": lambda s: fetched(s["html"]),
    "short hmac key warning": lambda: warned(lambda: jwt.encode({}, "short", algorithm="HS256"),
                                             jwt.InsecureKeyLengthWarning),
    "short rsa key warning": lambda: warned(lambda: jwt.encode({}, short_rsa_key(), algorithm="RS256"),
                                            jwt.InsecureKeyLengthWarning),
    "extra decode arguments": lambda: warned(lambda: jwt.decode(TOKEN, MESSAGE_SECRET, algorithms=["HS256"],
                                                                algorithm="HS256"),
                                             jwt_warnings.RemovedInPyjwt3Warning),
    "verify argument": lambda: warned(lambda: jwt.decode(TOKEN, MESSAGE_SECRET, algorithms=["HS256"],
                                                         verify=False), DeprecationWarning),
    "wrong jwt module": lambda: raised(lambda: types.ModuleType("jwt").encode),
    "decode on a str": lambda: raised(lambda: TOKEN.decode("utf-8")),
    "public key signs": lambda: raised(lambda: jwt.encode({}, rsa_key().public_key(), algorithm="RS256")),
    "private key verifies": lambda: raised(lambda: jwt.decode(rs_token(), rsa_key(), algorithms=["RS256"])),
    "iss not a string on encode": lambda: raised(lambda: jwt.encode({"iss": 123456}, rsa_key(),
                                                                    algorithm="RS256")),
    "payload not a dict": lambda: raised(lambda: jwt.encode([1], MESSAGE_SECRET, algorithm="HS256")),
    "not json serializable": lambda: raised(lambda: jwt.encode({"sub": uuid.uuid4()}, MESSAGE_SECRET,
                                                               algorithm="HS256")),
    "audience type": lambda: raised(lambda: dec(TOKEN, audience=5)),
    "key not pem": lambda: raised(lambda: jwt.decode(rs_token(), x509.load_pem_x509_certificate(
        certificate_pem()), algorithms=["RS256"])),
    "encrypted key without password": lambda: raised(lambda: jwt.encode({}, encrypted_pem(),
                                                                        algorithm="RS256")),
    "unknown algorithm on encode": lambda: raised(lambda: jwt.encode({}, MESSAGE_SECRET, algorithm="HS999")),
    "cryptography missing": lambda: NotImplementedError(without_cryptography()["NotImplementedError"]),
    "literal backslash n": lambda: raised(lambda: serialization.load_pem_public_key(escaped_pem())),
    "pem unreadable": lambda: raised(lambda: serialization.load_pem_public_key(public_pem(rsa_key())[:200])),
    "certificate as public key": lambda: raised(lambda: serialization.load_pem_public_key(certificate_pem())),
    "not a private key": lambda: raised(lambda: serialization.load_pem_private_key(openssh_private(), None)),
    "not a certificate": lambda: raised(lambda: x509.load_pem_x509_certificate(public_pem(rsa_key()))),
    "der expected": lambda: raised(lambda: serialization.load_der_public_key(public_pem(rsa_key()))),
    "wrong password": lambda: raised(lambda: serialization.load_pem_private_key(encrypted_pem(), b"wrong")),
    "base64 padding": lambda: raised(lambda: base64.b64decode("c2VjcmV0MQ")),
}


def produce(key: str, servers: dict[str, str]) -> BaseException:
    producer = PRODUCERS[key]
    return producer(servers) if producer.__code__.co_argcount else producer()


def pattern(text: str) -> re.Pattern[str]:
    return re.compile(".+?".join(re.escape(part) for part in text.split(VARIES)), re.DOTALL)


def test_every_entry_has_a_producer_and_every_producer_an_entry() -> None:
    assert set(PRODUCERS) == set(MESSAGES_BY_KEY)
    assert len(MESSAGES_BY_KEY) == len(MESSAGES)  # keys are unique


@pytest.mark.parametrize("key", list(MESSAGES_BY_KEY))
def test_each_message_is_produced_word_for_word_and_explained_by_its_entry(
        key: str, servers: dict[str, str]) -> None:
    entry = MESSAGES_BY_KEY[key]
    produced = produce(key, servers)
    assert isinstance(produced, entry.error), (type(produced), entry.error)
    if entry.error.__module__.startswith("jwt"):
        assert type(produced) is entry.error
    assert pattern(entry.text).fullmatch(str(produced)), (str(produced), entry.text)
    assert find_message(produced) is entry, find_message(produced)
    assert says(produced, key)
    line = explain_error(produced)
    assert line.startswith(type(produced).__name__ + ": ") and "\n" not in line
    assert f"Fix: {entry.cause}" in line or len(line) == 300


def test_the_shadowing_file_gives_the_indexed_message(tmp_path: Path) -> None:
    last_line = shadowed_import(tmp_path)  # e.g. AttributeError: module 'jwt' has no attribute 'encode'
    name, _, message = last_line.partition(": ")
    assert name == "AttributeError"
    assert find_message(AttributeError(message)) is MESSAGES_BY_KEY["wrong jwt module"]


def pyjwt_exception_classes() -> list[type[BaseException]]:
    return [value for value in vars(jwt_exceptions).values()
            if isinstance(value, type) and issubclass(value, jwt.PyJWTError)]


def pyjwt_warning_classes() -> list[type[Warning]]:
    return [value for value in vars(jwt_warnings).values()
            if isinstance(value, type) and issubclass(value, Warning)
            and value.__module__ == jwt_warnings.__name__]


PYJWT_SOURCE = Path(jwt.__file__).parent


def test_every_pyjwt_exception_class_and_warning_has_an_entry() -> None:
    classes = pyjwt_exception_classes()
    assert jwt.PyJWKClientConnectionError in classes and len(classes) >= 19
    indexed = {entry.error for entry in MESSAGES}
    for cls in classes:
        assert cls in FIXES, f"{cls.__name__} has no class-wide fix in FIXES"
        if cls is jwt.PyJWTError:  # the base class: PyJWT never raises it itself
            assert not any("raise PyJWTError(" in path.read_text() for path in PYJWT_SOURCE.glob("*.py"))
            continue
        assert cls in indexed, f"no message of {cls.__name__} in MESSAGES"
    warning_classes = pyjwt_warning_classes()
    assert {w.__name__ for w in warning_classes} >= {"InsecureKeyLengthWarning", "RemovedInPyjwt3Warning"}
    for cls in warning_classes:
        assert cls in indexed, f"no message of {cls.__name__} in MESSAGES"


def raise_sites() -> list[tuple[str, str, str]]:
    """(place, class name, message with … for what varies) of every `raise` of a PyJWT exception
    with a written message in PyJWT's source."""
    names = {cls.__name__ for cls in pyjwt_exception_classes()}
    sites = []
    for path in sorted(PYJWT_SOURCE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and isinstance(node.exc.func, ast.Name) and node.exc.func.id in names
                    and node.exc.args):
                continue
            message = node.exc.args[0]
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                text = message.value
            elif isinstance(message, ast.JoinedStr):
                text = "".join(part.value if isinstance(part, ast.Constant) else VARIES
                               for part in message.values)
            else:
                continue  # a variable: key_length_msg, or MissingRequiredClaimError's claim name
            cls = getattr(jwt_exceptions, node.exc.func.id)
            if "__str__" in vars(cls):  # the class writes its own message around the argument
                text = str(cls(text))
            sites.append((f"{path.name}:{node.lineno}", node.exc.func.id, text))
    return sites


def test_every_message_pyjwt_writes_in_its_source_is_indexed() -> None:
    sites = raise_sites()
    assert len(sites) > 80
    missing = []
    for place, class_name, text in sites:
        entries = [e for e in MESSAGES if e.error.__name__ == class_name]
        if not any(e.identifying_piece in text or pattern(text).fullmatch(e.identifying_piece)
                   for e in entries):
            missing.append(f"{place} {class_name}: {text}")
    assert not missing, "messages without an entry in helpers.errors.MESSAGES:\n" + "\n".join(missing)


def test_the_messages_built_from_a_variable_are_indexed() -> None:
    assert str(jwt.MissingRequiredClaimError("exp")) == 'Token is missing the "exp" claim'
    assert find_message(jwt.MissingRequiredClaimError("exp")) is MESSAGES_BY_KEY["missing claim"]
    assert find_message(jwt.MissingRequiredClaimError("aud")) is MESSAGES_BY_KEY["missing aud"]


@pytest.mark.parametrize("entry", MESSAGES, ids=lambda entry: entry.key)
def test_each_entry_reads_as_one_line_with_a_cause_a_fix_and_a_place(entry) -> None:
    for text in (entry.cause, entry.fix):
        assert text and "\n" not in text and not text.endswith("."), text
    assert entry.taught, f"{entry.key}: name the notebook section that teaches it"
    assert entry.identifying_piece.strip(), entry.key


def test_code_that_tells_messages_apart_asks_the_index() -> None:
    """The course's code depends on these PyJWT words; each is produced above."""
    depended_on = set()
    for path in (ROOT / "helpers").rglob("*.py"):
        if path.name == "errors.py":
            continue
        depended_on |= set(re.findall(r"says\([^,]+, \"([^\"]+)\"\)", path.read_text(encoding="utf-8")))
    assert depended_on >= {"unknown kid", "jwks url scheme", "jwks not an object",
                           "no signing keys", "time claim not a number"}
    assert depended_on <= set(MESSAGES_BY_KEY)


def test_a_message_of_another_class_is_not_taken_for_an_indexed_one() -> None:
    assert find_message(ValueError("Signature verification failed")) is None
    assert find_message(jwt.InvalidTokenError("Invalid header padding")) is None
