"""The policy panel (05) and the key pair editor (06) in JupyterLab, typed into as a learner does.

Their notebooks are written into the served folder here, so the shared widget_notebooks.py
stays as it is.
"""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest
from playwright.sync_api import expect

from tests.browser.test_screenshots import CONTRASTS_JS, MINIMUM_CONTRAST, SCREENSHOTS
from tools.jupyter_driver.lab import DARK, LIGHT, LabPage, PageOpener, write_notebook
from tools.jupyter_driver.widget_notebooks import SECRET

POLICY_NOTEBOOK = "policy-panel.ipynb"
KEYS_NOTEBOOK = "key-pair-editor.ipynb"
POLICY_FIELDS = ("algorithms", "audience", "issuers", "leeway", "required")  # box order


@pytest.fixture(scope="module")
def notebooks(served_dir: Path) -> None:
    write_notebook(served_dir / POLICY_NOTEBOOK,
                   [f"from helpers.widgets.policy_panel import PolicyPanel\n\nPolicyPanel({SECRET!r})"])
    write_notebook(served_dir / KEYS_NOTEBOOK, [
        "from helpers.widgets.key_pair_editor import KeyPairEditor\n\n"
        "editor = KeyPairEditor({'sub': 'ada'}, algorithm='ES256')\neditor",
        "from helpers.widgets import TokenInspector\n\nTokenInspector()",
    ])


# --- policy panel ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def policy_lab(notebooks: None, open_module_page: PageOpener) -> LabPage:
    return open_module_page(POLICY_NOTEBOOK).run_all()


@pytest.fixture(scope="module")
def panel(policy_lab: LabPage) -> object:
    return policy_lab.page.locator(".jp-OutputArea-output .jwt-policy-panel").first


def box(panel: object, name: str) -> object:
    return panel.locator(".widget-text input").nth(POLICY_FIELDS.index(name))


def row(panel: object, label: str) -> object:
    return panel.locator(f'.jwt-policy-table tr[data-label="{label}"]')


@pytest.fixture(autouse=True)
def default_policy(request: pytest.FixtureRequest) -> None:
    if "panel" not in request.fixturenames:
        return
    panel = request.getfixturevalue("panel")
    for name, value in zip(POLICY_FIELDS, ("HS256", "orders-api", "https://auth.example.com",
                                            "0", "exp, iat, sub")):
        box(panel, name).fill(value)
    expect(panel.locator(".jwt-policy-table tr[data-label]")).to_have_count(10)


def test_each_token_gets_a_verdict_in_words(panel: object) -> None:
    expect(row(panel, "good")).to_have_attribute("data-verdict", "accepted")
    expect(row(panel, "good")).to_contain_text("accepted")
    expect(row(panel, "expired")).to_contain_text("refused: ExpiredSignatureError")
    expect(row(panel, "other aud")).to_contain_text("InvalidAudienceError")
    expect(row(panel, "forged")).to_contain_text("InvalidSignatureError")
    expect(panel.locator(".jwt-policy-code")).to_contain_text("audience='orders-api'")


def test_typing_a_leeway_lets_the_recently_expired_token_in(panel: object) -> None:
    box(panel, "leeway").fill("60")
    expect(row(panel, "expired")).to_have_attribute("data-verdict", "accepted")
    expect(row(panel, "not yet")).to_contain_text("ImmatureSignatureError")
    expect(panel.locator(".jwt-policy-code")).to_contain_text("leeway=60")


def test_bad_input_shows_one_line_and_fixing_it_brings_the_table_back(panel: object) -> None:
    box(panel, "leeway").fill("ten")
    expect(panel.locator(".jwt-message-view")).to_contain_text("not a number")
    expect(panel.locator(".jwt-policy-table tr[data-label]")).to_have_count(0)
    box(panel, "leeway").fill("0")
    expect(panel.locator(".jwt-policy-table tr[data-label]")).to_have_count(10)
    expect(panel.locator(".jwt-message-view")).not_to_contain_text("Problem")


# --- key pair editor and the inspector ---------------------------------------------------------

@pytest.fixture(scope="module")
def keys_lab(notebooks: None, open_module_page: PageOpener) -> LabPage:
    return open_module_page(KEYS_NOTEBOOK).run_all()


@pytest.fixture(scope="module")
def key_page(keys_lab: LabPage) -> object:
    return keys_lab.page


@pytest.mark.parametrize("algorithm", ["ES256", "RS256", "EdDSA"])
@pytest.mark.parametrize("form", ["pem", "jwk"])
def test_the_shown_public_key_verifies_the_token_in_the_inspector(key_page: object,
                                                                  algorithm: str,
                                                                  form: str) -> None:
    editor = key_page.locator(".jp-OutputArea-output .jwt-key-pair-editor").first
    inspector = key_page.locator(".jp-OutputArea-output .jwt-token-inspector").first
    editor.locator(".widget-dropdown select").select_option(label=algorithm)
    expect(editor.locator(".jwt-public-jwk")).to_contain_text(f'"alg": "{algorithm}"')
    token = editor.locator(".jwt-token").first.inner_text()
    assert jwt.get_unverified_header(token)["alg"] == algorithm
    key_text = editor.locator(f".jwt-public-{form}").inner_text()
    assert "PRIVATE" not in editor.inner_text()
    inspector.locator(".widget-textarea textarea").fill(token)
    inspector.locator(".widget-text input").fill(key_text)  # a one-line box: PEM loses its breaks
    expect(inspector.locator(".jwt-report-view")).to_contain_text(
        f"Signature verified with {algorithm}")


def test_new_key_pair_makes_the_old_public_key_fail(key_page: object) -> None:
    editor = key_page.locator(".jp-OutputArea-output .jwt-key-pair-editor").first
    inspector = key_page.locator(".jp-OutputArea-output .jwt-token-inspector").first
    editor.locator(".widget-dropdown select").select_option(label="ES256")
    expect(editor.locator(".jwt-public-jwk")).to_contain_text('"alg": "ES256"')  # redrawn
    old_key = editor.locator(".jwt-public-pem").inner_text()
    editor.get_by_role("button", name="New key pair").click()
    expect(editor.locator(".jwt-public-pem")).not_to_have_text(old_key)
    inspector.locator(".widget-textarea textarea").fill(editor.locator(".jwt-token").first.inner_text())
    inspector.locator(".widget-text input").fill(old_key)
    expect(inspector.locator(".jwt-report-view")).to_contain_text("InvalidSignatureError")


def test_bad_json_in_the_editor_shows_one_line(key_page: object) -> None:
    editor = key_page.locator(".jp-OutputArea-output .jwt-key-pair-editor").first
    payload = editor.locator(".widget-textarea textarea")
    payload.fill('{"sub": }')
    expect(editor.locator(".jwt-message-view")).to_contain_text("not valid JSON")
    expect(editor.locator(".jwt-token[data-state=stale]")).to_be_visible()
    payload.fill('{"sub": "ada"}')
    expect(editor.locator(".jwt-public-pem")).to_contain_text("BEGIN PUBLIC KEY")


# --- both themes: legible, and photographed ----------------------------------------------------

@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("fixture, css_class", [("policy_lab", "jwt-policy-panel"),
                                                ("keys_lab", "jwt-key-pair-editor")])
def test_widget_is_legible_in_both_themes(request: pytest.FixtureRequest, theme: str,
                                          fixture: str, css_class: str) -> None:
    lab_page = request.getfixturevalue(fixture)
    lab_page.set_theme(theme)
    try:
        widget = lab_page.page.locator(f".jp-OutputArea-output .{css_class}").first
        widget.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shade = "light" if theme == LIGHT else "dark"
        widget.locator("xpath=..").screenshot(path=str(SCREENSHOTS / f"{css_class}-{shade}.png"),
                                              animations="disabled", caret="hide")
        contrasts = widget.evaluate(CONTRASTS_JS)
        assert contrasts, "no text found in the widget"
        low = [item for item in contrasts if item["ratio"] < MINIMUM_CONTRAST]
        assert not low, f"hard to read in {theme}: {low[:5]}"
    finally:
        lab_page.set_theme(LIGHT)
