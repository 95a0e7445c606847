"""The key pair editor: the shown public key verifies its token, in PEM and JWK."""

from __future__ import annotations

import json

import jwt
import pytest

from helpers.tokens.inspection import inspect_token
from helpers.widgets.key_pair_editor import KeyPairEditor


@pytest.mark.parametrize("algorithm", ["RS256", "PS256", "ES256", "EdDSA"])
def test_the_editor_signs_and_the_inspector_verifies_with_the_shown_public_key(algorithm):
    editor = KeyPairEditor({"sub": "ada"}, algorithm=algorithm)
    assert jwt.get_unverified_header(editor.token)["alg"] == algorithm
    assert jwt.decode(editor.token, editor.public_pem_text.encode(),
                      algorithms=[algorithm]) == {"sub": "ada"}
    for key_text in (editor.public_pem_text, editor.public_jwk_text):
        assert inspect_token(editor.token, key_text).verified is True
    assert "PRIVATE" not in editor.public_view.value
    assert "BEGIN PUBLIC KEY" in editor.public_view.value


def test_rs256_and_ps256_share_a_key_and_new_key_pair_replaces_it():
    editor = KeyPairEditor(algorithm="RS256")
    pem = editor.public_pem_text
    editor.algorithm_box.value = "PS256"
    assert editor.public_pem_text == pem
    editor.new_keys_button.click()
    assert editor.public_pem_text != pem
    assert inspect_token(editor.token, pem).verified is False  # the old public key no longer fits


def test_payload_edits_redraw_the_token_and_bad_json_says_one_line():
    editor = KeyPairEditor()
    editor.payload_box.value = '{"sub": "grace"}'
    assert jwt.decode(editor.token, editor.public_pem_text.encode(),
                      algorithms=["ES256"]) == {"sub": "grace"}
    editor.payload_box.value = '{"sub": }'
    assert editor.token is None and "not valid JSON" in editor.message
    assert editor.public_pem_text == ""
    editor.payload_box.value = '{"sub": "grace"}'
    assert editor.token is not None and editor.message == ""


def test_an_hmac_algorithm_passed_in_code_is_explained_then_fixed_by_picking_another():
    editor = KeyPairEditor(algorithm="HS256")
    assert editor.token is None and "shared secret" in editor.message
    editor.algorithm_box.value = "EdDSA"
    assert editor.token is not None


def test_a_past_exp_is_signed_with_a_note():
    editor = KeyPairEditor({"sub": "ada", "exp": 1})
    assert editor.token is not None and "exp is in the past" in editor.message


def test_the_legend_says_the_private_key_signs():
    editor = KeyPairEditor()
    legend = next(child.value for child in editor.children
                  if "made with" in str(getattr(child, "value", "")) and "<style>" not in child.value)
    assert "made with the private key" in legend and "the secret" not in legend


def test_the_jwk_is_json_with_the_algorithm():
    editor = KeyPairEditor(algorithm="ES256")
    jwk = json.loads(editor.public_jwk_text)
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("EC", "P-256", "ES256")


def test_the_key_pair_editor_says_a_new_key_pair():
    from helpers.widgets.key_pair_editor import KeyPairEditor

    editor = KeyPairEditor.demo()
    assert editor.announced == ("Token signed with ES256; the public key that verifies it is "
                                "shown as PEM and JWK.")
    editor.new_keys_button.click()
    assert editor.announced == ("New key pair made: token signed with ES256; the public key that "
                                "verifies it is shown as PEM and JWK.")
    editor.algorithm_box.value = "EdDSA"
    assert editor.announced == ("Token signed with EdDSA; the public key that verifies it is "
                                "shown as PEM and JWK.")
