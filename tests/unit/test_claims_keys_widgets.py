"""The policy panel and the key pair editor: set their inputs from Python, read what they show."""

import html
import json

import jwt
import pytest

from helpers.tokens.inspection import inspect_token
from helpers.widgets.key_pair_editor import KeyPairEditor
from helpers.widgets.policy_panel import PolicyPanel

SECRET = "a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-needs-64-bytes"


# --- policy panel ------------------------------------------------------------------------------

def test_the_panel_shows_one_row_per_token_with_the_exception_named():
    panel = PolicyPanel(SECRET)
    assert len(panel.rows) == 10
    assert panel.verdict("good").accepted
    assert panel.verdict("expired").error_name == "ExpiredSignatureError"
    table = panel.table_view.value
    assert table.count("<tr data-label=") == 10
    assert 'data-verdict="refused"' in table and "ExpiredSignatureError" in table
    assert "accepted" in table  # said in words, not only by an icon or colour
    assert "audience='orders-api'" in html.unescape(panel.code_view.value)


def test_changing_a_box_applies_the_new_policy_to_every_token():
    panel = PolicyPanel(SECRET)
    assert not panel.verdict("expired").accepted
    panel.boxes["leeway"].value = "60"
    assert panel.verdict("expired").accepted
    assert panel.policy is not None and panel.policy.leeway == 60
    panel.boxes["required"].value = ""
    assert panel.verdict("no exp").accepted
    panel.boxes["audience"].value = ""
    assert panel.verdict("good").error_name == "InvalidAudienceError"


def test_bad_input_shows_one_line_and_no_table_then_recovers():
    panel = PolicyPanel(SECRET)
    panel.boxes["leeway"].value = "ten"
    assert panel.rows == [] and "not a number" in panel.message
    assert "Problem" in panel.message_view.value and "\n" not in panel.message
    assert "no verdicts" in panel.table_view.value
    panel.boxes["leeway"].value = "10"
    assert panel.message == "" and len(panel.rows) == 10


def test_check_again_remakes_the_tokens():
    panel = PolicyPanel(SECRET)
    before = [sample.token for sample, _ in panel.rows]
    panel.recheck_button.click()
    after = [sample.token for sample, _ in panel.rows]
    assert before != after  # each draw makes fresh tokens (new secret for the forged one)


@pytest.mark.parametrize("arguments, piece", [
    ({"secret": None}, "secret must be"), ({"secret": SECRET, "leeway": True}, "leeway must be text"),
    ({"secret": SECRET, "required": ["exp"]}, "required must be text"),
])
def test_arguments_typed_in_code_are_explained_not_raised(arguments, piece):
    panel = PolicyPanel(**arguments)
    assert piece in panel.message and panel.rows == []


def test_the_placeholder_says_what_appears_when_run():
    bundle = PolicyPanel(SECRET)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("[Policy panel: run this cell")


# --- key pair editor ---------------------------------------------------------------------------

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


def test_a_numeric_leeway_typed_in_code_is_taken_as_seconds():  # review fix (beginner 18d)
    panel = PolicyPanel(SECRET, leeway=60)
    assert panel.boxes["leeway"].value == "60" and panel.rows


# --- inspector wording for pasted public keys (review fixes, beginner #6, #7) -----------------

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
