"""The key rotation lab in JupyterLab: each button changes the key set, and the table says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_screenshots import SCREENSHOTS, low_contrast_texts
from tools.jupyter_driver.lab import DARK, LIGHT, PageOpener, write_notebook
from tools.jupyter_driver.views import WidgetView

NOTEBOOK = "key-rotation.ipynb"
LAB_CELL = "from helpers.widgets.key_rotation import KeyRotationLab\n\nKeyRotationLab(name='browser-lab')"


@pytest.fixture(scope="module")
def rotation_lab(served_dir: Path, open_module_page: PageOpener):
    write_notebook(served_dir / NOTEBOOK, [LAB_CELL])
    lab_page = open_module_page(NOTEBOOK).run_all()
    root = lab_page.page.locator(".jp-OutputArea-output .jwt-key-rotation").first
    expect(root.locator(".jwt-checks-view")).to_contain_text("token 1")
    try:
        yield lab_page, root
    finally:
        lab_page.set_theme(LIGHT)  # the theme is a user setting: leave the server as it was


def row(root, label: str):
    return root.locator(".jwt-checks-view tr", has_text=label)


def test_a_rotation_step_by_step(rotation_lab) -> None:
    _, root = rotation_lab
    expect(root.locator(".jwt-state-view")).to_contain_text("Published now: key-1")
    expect(root.locator(".jwt-state-view")).to_contain_text("a cooldown of 0 s")  # the settings, in words
    expect(root.locator(".jwt-checks-view")).to_contain_text("0: the verifier's cached copy answered")
    expect(row(root, "token 1")).to_contain_text("accepted")

    root.get_by_role("button", name="Publish a new key").click()
    expect(root.locator(".jwt-message-view")).to_contain_text("Published key-2 and signed token 2")
    expect(row(root, "token 2")).to_contain_text("✅ accepted")
    expect(row(root, "token 2").locator("td").nth(3)).to_have_text("1")  # the unknown kid: one fetch

    root.get_by_role("button", name="Remove the oldest key").click()
    expect(root.locator(".jwt-state-view")).to_contain_text("Published now: key-2")
    expect(row(root, "token 1")).to_contain_text("✅ accepted")  # the verifier's cached set

    root.get_by_role("button", name="New verifier").click()
    expect(row(root, "token 1")).to_contain_text("❌ PyJWKClientError")
    expect(row(root, "token 1")).to_have_attribute("data-accepted", "false")
    expect(row(root, "token 2")).to_contain_text("✅ accepted")
    assert "Traceback" not in root.inner_text()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_lab_is_legible_and_photographed(rotation_lab, theme: str) -> None:
    lab_page, root = rotation_lab
    lab_page.set_theme(theme)
    root.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shade = "light" if theme == LIGHT else "dark"
    root.locator("xpath=..").screenshot(path=str(SCREENSHOTS / f"key-rotation-{shade}.png"),
                                        animations="disabled", caret="hide")
    assert not low_contrast_texts(WidgetView("key-rotation", root)), f"hard to read in {theme}"
