"""The token inspector in JupyterLab: it verifies good tokens and names what is wrong with bad ones."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers.tokens.inspection import inspect_token
from tools.jupyter_driver.lab import PageOpener
from tools.jupyter_driver.views import INSPECTOR, WidgetView
from tools.jupyter_driver.widget_notebooks import INSPECTOR as INSPECTOR_NOTEBOOK
from tools.jupyter_driver.widget_notebooks import SECRET, inspected_token

WRONG_SECRET = "not-the-secret-that-signed-it-0123456789abcdefghijklmnopqrstuvwx"


@pytest.fixture(scope="module")
def inspector(open_module_page: PageOpener) -> WidgetView:
    lab_page = open_module_page(INSPECTOR_NOTEBOOK).run_all()
    return WidgetView.find(lab_page.page, INSPECTOR)


@pytest.fixture(autouse=True)
def fresh_inspector(inspector: WidgetView) -> None:
    """Each test starts from the valid token and its secret."""
    inspector.enter("token", inspected_token())
    inspector.enter("secret", SECRET)
    expect(inspector.message).to_contain_text("Signature verified")


def tampered(token: str) -> str:
    """The token with the first signature character changed (all 6 of its bits carry data)."""
    head, signature = token.rsplit(".", 1)
    return f"{head}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"


def test_a_valid_token_verifies(inspector: WidgetView) -> None:
    expect(inspector.message).to_contain_text("Signature verified with HS256")
    expect(inspector.token).to_have_text(inspected_token())
    expect(inspector.message).to_contain_text('"user": "ada"')


def test_one_changed_signature_character_gives_invalid_signature(inspector: WidgetView) -> None:
    inspector.enter("token", tampered(inspected_token()))
    expect(inspector.message).to_contain_text("InvalidSignatureError")
    expect(inspector.message).not_to_contain_text("Signature verified")


def test_a_wrong_secret_shows_its_message(inspector: WidgetView) -> None:
    inspector.enter("secret", WRONG_SECRET)
    expected = inspect_token(inspected_token(), WRONG_SECRET).verdict
    expect(inspector.message).to_contain_text("InvalidSignatureError")
    expect(inspector.message).to_contain_text(expected)


@pytest.mark.parametrize("text", ["not-a-token", "abc.def.ghi"])
def test_a_malformed_token_shows_its_message(inspector: WidgetView, text: str) -> None:
    inspector.enter("token", text)
    problem = inspect_token(text, SECRET).problem
    assert problem
    expect(inspector.message).to_contain_text(problem)
