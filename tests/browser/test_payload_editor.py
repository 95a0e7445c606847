"""The payload editor in JupyterLab: what is typed becomes the token PyJWT would make."""

from __future__ import annotations

import json

import jwt
import pytest
from playwright.sync_api import expect

from tools.jupyter_driver.lab import PageOpener
from tools.jupyter_driver.views import EDITOR, WidgetView
from tools.jupyter_driver.widget_notebooks import EDITOR as EDITOR_NOTEBOOK
from tools.jupyter_driver.widget_notebooks import SECRET


@pytest.fixture(scope="module")
def editor(open_module_page: PageOpener) -> WidgetView:
    lab_page = open_module_page(EDITOR_NOTEBOOK).run_all()
    return WidgetView.find(lab_page.page, EDITOR)


@pytest.fixture(autouse=True)
def fresh_editor(editor: WidgetView) -> None:
    """Each test starts from the default payload, the known secret and HS256."""
    editor.enter("payload", '{"key": "value"}')
    editor.enter("secret", SECRET)
    editor.enter("algorithm", "HS256")
    expect(editor.token).to_have_text(jwt.encode({"key": "value"}, SECRET, algorithm="HS256"))


def test_typing_into_the_payload_redraws_the_token_pyjwt_makes(editor: WidgetView) -> None:
    before = editor.token.inner_text()
    payload = editor.field("payload")
    payload.fill("")
    payload.press_sequentially('{"user": "ada", "admin": false}')
    expected = jwt.encode({"user": "ada", "admin": False}, SECRET, algorithm="HS256")
    expect(editor.token).to_have_text(expected)
    assert expected != before


@pytest.mark.parametrize("payload", [{"sub": "42", "name": "Grace"}, {"n": 1, "list": [1, 2]}])
def test_token_shown_equals_jwt_encode(editor: WidgetView, payload: dict[str, object]) -> None:
    editor.enter("payload", json.dumps(payload, indent=2))
    expect(editor.token).to_have_text(jwt.encode(payload, SECRET, algorithm="HS256"))


def test_invalid_json_shows_its_message_and_fixing_it_brings_the_token_back(
        editor: WidgetView) -> None:
    editor.enter("payload", '{"key": "value",}')
    expect(editor.message).to_contain_text("not valid JSON")
    expect(editor.root.locator(".jwt-token[data-state=stale]")).to_be_visible()

    editor.enter("payload", '{"key": "value"}')
    expect(editor.token).to_have_text(jwt.encode({"key": "value"}, SECRET, algorithm="HS256"))
    expect(editor.message).not_to_contain_text("Problem")


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_changing_the_algorithm_changes_the_header_segment(editor: WidgetView,
                                                           algorithm: str) -> None:
    hs256_header = editor.segment("header").inner_text()
    editor.enter("algorithm", algorithm)
    expected = jwt.encode({"key": "value"}, SECRET, algorithm=algorithm)
    expect(editor.token).to_have_text(expected)
    expect(editor.segment("header")).to_have_text(expected.split(".")[0])
    assert expected.split(".")[0] != hs256_header
    assert jwt.get_unverified_header(expected)["alg"] == algorithm
