"""Each widget used with the keyboard only: Tab, typing, paste, arrow keys, Enter and Space.

Every step checks what the learner sees and where the focus is, and that no JupyterLab
notebook shortcut fired on the way (typing `a` or `b` in command mode would add cells; the
arrow keys would move to another cell).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import jwt
import pytest
from playwright.sync_api import expect

from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector
from helpers.widgets.base import DEMO_SECRET
from tests.browser import a11y_kit
from tests.browser.lab import LabPage, PageOpener

SELECT_ALL = "ControlOrMeta+A"


@pytest.fixture(scope="module")
def demos(open_module_page: PageOpener, demos_notebook: str) -> LabPage:
    lab_page = open_module_page(demos_notebook).run_all()
    lab_page.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return lab_page


class Keyboard:
    """The page's keyboard, plus checks that JupyterLab's notebook did not react to it."""

    def __init__(self, lab_page: LabPage, root: Any) -> None:
        self.page = lab_page.page
        self.root = root
        self.cells = self.page.evaluate(a11y_kit.CELL_COUNT_JS)
        a11y_kit.focus_cell_of(self.page, root)
        self.active_cell = self.page.evaluate(ACTIVE_CELL_JS)
        a11y_kit.tab_into(self.page, root)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def notebook_untouched(self) -> None:
        """No cell added, none removed, the same cell still active."""
        assert self.page.evaluate(a11y_kit.CELL_COUNT_JS) == self.cells
        assert self.page.evaluate(ACTIVE_CELL_JS) == self.active_cell


ACTIVE_CELL_JS = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"


def live_text(root: Any) -> Any:
    return root.locator("[aria-live=polite]")


def test_payload_editor_by_keyboard(demos: LabPage) -> None:
    root = demos.widgets(PayloadEditor.css_class).first
    keys = Keyboard(demos, root)
    payload_box = root.get_by_role("textbox", name="Payload")
    expect(payload_box).to_be_focused()

    # Type a new payload: letters such as a, b, d, m, y are notebook shortcuts in command mode.
    keys.press(SELECT_ALL)
    payload = {"name": "bob", "admin": True, "mode": "ya"}
    keys.type(json.dumps(payload))
    token = root.locator(".jwt-token").first
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS256"))
    expect(payload_box).to_be_focused()
    keys.notebook_untouched()

    keys.press("Tab")
    expect(root.get_by_role("textbox", name="Secret")).to_be_focused()
    keys.press("Tab")
    algorithm = root.get_by_role("combobox", name="Algorithm")
    expect(algorithm).to_be_focused()

    # Arrow keys pick the algorithm (they used to move to the next cell instead).
    keys.press("ArrowDown")
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS384"))
    expect(live_text(root)).to_have_text("Token signed with HS384.")
    expect(algorithm).to_be_focused()
    keys.press("End")
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS512"))
    expect(algorithm).to_be_focused()
    keys.notebook_untouched()


def test_token_inspector_by_keyboard(demos: LabPage) -> None:
    root = demos.widgets(TokenInspector.css_class).first
    keys = Keyboard(demos, root)
    token_box = root.get_by_role("textbox", name="Token")
    expect(token_box).to_be_focused()

    # Paste a token that expires in ten minutes (so the report says "expires in ... s").
    pasted = jwt.encode({"sub": "7", "exp": int(time.time()) + 600}, DEMO_SECRET, algorithm="HS256")
    demos.page.evaluate("(text) => navigator.clipboard.writeText(text)", pasted)
    keys.press(SELECT_ALL)
    keys.press("ControlOrMeta+V")
    expect(token_box).to_have_value(pasted)
    report = root.locator(".jwt-report-view")
    expect(report).to_contain_text("Signature verified with HS256")
    expect(live_text(root)).to_contain_text("Signature verified with HS256")
    expect(token_box).to_be_focused()
    keys.notebook_untouched()

    keys.press("Tab")
    expect(root.get_by_role("textbox", name="Secret")).to_be_focused()
    keys.press("Tab")
    button = root.get_by_role("button", name="Check again")
    expect(button).to_be_focused()
    # Enter, then Space, each verify again: the "expires in ... s" line moves on.
    for key in ("Enter", "Space"):
        before = report.inner_text()
        demos.page.wait_for_timeout(1100)  # let the clock pass a whole second
        keys.press(key)
        expect(report).not_to_have_text(before)
        expect(report).to_contain_text("Signature verified with HS256")
        expect(button).to_be_focused()
    keys.notebook_untouched()


def test_expiry_countdown_by_keyboard(demos: LabPage) -> None:
    root = demos.widgets(ExpiryCountdown.css_class).first
    keys = Keyboard(demos, root)
    lifetime = root.get_by_role("spinbutton", name="Lifetime (s)")
    expect(lifetime).to_be_focused()
    clock = root.locator(".jwt-clock-view")

    # A new lifetime, sent with Enter, starts a new token.
    keys.press(SELECT_ALL)
    keys.type("90")
    keys.press("Enter")
    expect(live_text(root)).to_have_text(re.compile(r"New token: PyJWT refuses it in (89|90) seconds"))
    expect(clock).to_contain_text("s left")
    expect(lifetime).to_be_focused()

    keys.press("Tab")
    new_token = root.get_by_role("button", name="New token")
    expect(new_token).to_be_focused()
    deadline = root.locator(".jwt-message-info").first
    before = deadline.inner_text()
    demos.page.wait_for_timeout(1100)  # a new token made a second later has another exp
    keys.press("Space")
    expect(deadline).not_to_have_text(before)
    expect(new_token).to_be_focused()

    keys.press("Tab")
    decode = root.get_by_role("button", name="Decode now")
    expect(decode).to_be_focused()
    keys.press("Enter")
    expect(root.locator(".jwt-result-view")).to_contain_text("jwt.decode accepted it")
    expect(live_text(root)).to_contain_text("jwt.decode accepted it")
    expect(decode).to_be_focused()

    # Back to the lifetime with Shift+Tab: a 2 s token, then its expiry, announced.
    keys.press("Shift+Tab")
    keys.press("Shift+Tab")
    expect(lifetime).to_be_focused()
    keys.press(SELECT_ALL)
    keys.type("2")
    keys.press("Enter")
    expect(clock).to_contain_text("expired", timeout=60_000)
    expect(live_text(root)).to_contain_text("Time is up")
    expect(live_text(root)).to_contain_text("ExpiredSignatureError")
    keys.press("Tab")
    keys.press("Tab")
    expect(decode).to_be_focused()
    keys.press("Space")
    expect(root.locator(".jwt-result-view")).to_contain_text("ExpiredSignatureError")
    expect(decode).to_be_focused()
    keys.notebook_untouched()
