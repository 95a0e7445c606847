"""The token inspector: verifies or explains, names an expired token, speaks of keys for key pairs."""

from __future__ import annotations

import jwt

from helpers.widgets import TokenInspector

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"


def test_inspector_verifies_a_good_token_and_explains_a_tampered_one():
    token = jwt.encode({"sub": "42", "exp": 4_102_444_800}, SECRET, algorithm="HS256")
    inspector = TokenInspector(token, SECRET)
    assert inspector.inspection.verified is True
    assert [c.name for c in inspector.inspection.claims] == ["sub", "exp"]
    assert "2100-01-01 00:00:00 UTC" in inspector.report_view.value
    last = token[-1]
    inspector.token_box.value = token[:-1] + ("A" if last != "A" else "B")
    assert inspector.inspection.verified is False
    assert inspector.inspection.error_name == "InvalidSignatureError"


def test_inspector_without_a_secret_reads_but_does_not_judge():
    inspector = TokenInspector(jwt.encode({"a": 1}, SECRET, algorithm="HS256"))
    assert inspector.inspection.verified is None
    assert "type the secret" in inspector.message


def test_an_expired_token_is_named_as_such():
    token = jwt.encode({"exp": 1_000_000_000}, SECRET, algorithm="HS256")
    inspector = TokenInspector(token, SECRET)
    assert inspector.inspection.error_name == "ExpiredSignatureError"
    assert "expired" in inspector.report_view.value


def test_the_inspector_says_its_verdict_and_its_problems():
    inspector = TokenInspector.demo()
    assert inspector.announced == inspector.message
    assert "Signature verified" in inspector.announced
    inspector.token_box.value = "not-a-token"
    assert inspector.message and inspector.announced == f"Problem: {inspector.message}"
    inspector.token_box.value = ""  # an empty box is an invitation, not a problem
    assert inspector.message and inspector.announced == inspector.message


def test_the_inspector_speaks_of_keys_not_secrets_for_a_key_pair_token():
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from helpers.keys.pairs import public_pem
    from helpers.widgets import TokenInspector

    signer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"sub": "ada"}, signer, algorithm="RS256")
    inspector = TokenInspector(token, public_pem(other).decode())
    assert inspector.secret_box.description == "Secret or key"
    assert "did not sign this token" in inspector.message and "same key pair" in inspector.message
    assert "secret" not in inspector.message
    assert "made with the private key" in inspector.report_view.value
    es256 = jwt.encode({"sub": "ada"}, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
    inspector.token_box.value = es256
    assert "not ES256" in inspector.message and "algorithms=" not in inspector.message
    hs256 = TokenInspector(jwt.encode({"sub": "ada"}, SECRET, algorithm="HS256"), SECRET)
    assert "made with the secret" in hs256.report_view.value
