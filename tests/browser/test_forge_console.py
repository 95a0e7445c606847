"""The forge console in JupyterLab: forge, press Send, read both servers' answers side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.test_screenshots import SCREENSHOTS, low_contrast_texts
from tools.jupyter_driver.lab import DARK, LIGHT, LabPage, PageOpener
from tools.jupyter_driver.views import FORGE, WidgetView
from tools.jupyter_driver.widget_notebooks import FORGE as FORGE_NOTEBOOK

# The lab's claims, fixed (exp in 2100): the vulnerable APIs check claims as the safe one does.
CLAIMS = ('"iss": "https://issuer.lab.test", "aud": "lab-api", "sub": "x", '
          '"iat": 1700000000, "exp": 4102444800')
ADMIN = '{' + CLAIMS + ', "role": "admin"}'
USER = '{' + CLAIMS + ', "role": "user"}'


@pytest.fixture(scope="module")
def forge_page(open_module_page: PageOpener) -> Iterator[LabPage]:
    lab_page = open_module_page(FORGE_NOTEBOOK).run_all()
    try:
        yield lab_page
    finally:
        lab_page.set_theme(LIGHT)  # the theme is a user setting: leave the server as it was


@pytest.fixture(scope="module")
def console(forge_page: LabPage) -> WidgetView:
    return WidgetView.find(forge_page.page, FORGE)


@pytest.fixture(autouse=True)
def fresh_console(console: WidgetView) -> None:
    console.enter("header", '{"typ": "JWT"}')
    console.enter("payload", ADMIN)
    console.enter("mode", "none (no signature)")
    expect(console.token).to_be_visible()


def answers(console: WidgetView):
    return console.root.locator(".jwt-answers-view")


def test_an_unsigned_admin_token_gets_the_flag_from_one_server_only(console: WidgetView) -> None:
    console.button("Send to both").click()
    vulnerable = answers(console).locator("td[data-server='vulnerable API']")
    safe = answers(console).locator("td[data-server='safe API']")
    expect(vulnerable).to_contain_text("flag captured")
    expect(vulnerable).to_have_attribute("data-status", "200")
    expect(safe).to_contain_text("refused")
    expect(safe).to_contain_text("InvalidAlgorithmError")
    expect(safe).to_have_attribute("data-status", "401")
    assert "FLAG{" not in answers(console).inner_text()


def test_a_user_token_is_refused_by_both(console: WidgetView) -> None:
    console.enter("payload", USER)
    console.button("Send to both").click()
    expect(answers(console).locator("td[data-server='vulnerable API']")).to_have_attribute(
        "data-status", "403")


def test_bad_json_shows_one_line_and_fixing_it_brings_the_token_back(console: WidgetView) -> None:
    console.enter("payload", '{"role": "admin",}')
    expect(console.message).to_contain_text("not valid JSON")
    expect(console.root.locator(".jwt-token[data-state=stale]")).to_be_visible()
    console.enter("payload", ADMIN)
    expect(console.message).not_to_contain_text("Problem")
    expect(console.segment("signature")).to_have_count(1)


def test_hmac_mode_without_a_secret_says_what_is_missing(console: WidgetView) -> None:
    console.enter("mode", "HMAC secret")
    expect(console.message).to_contain_text("secret is empty")
    # the signing mode sets alg, and the Header box says so
    expect(console.root.locator(".jwt-forge-header textarea")).to_have_value(
        re.compile('"alg": "HS256"'))
    console.enter("key", "a secret typed in the browser, 32+ bytes long")
    expect(console.message).not_to_contain_text("Problem")
    expect(console.segment("header")).to_be_visible()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_console_with_both_answers_is_legible_and_photographed(
        forge_page: LabPage, console: WidgetView, theme: str) -> None:
    forge_page.set_theme(theme)
    console.enter("header", '{"typ": "JWT", "alg": "none"}')  # as choosing "none" writes it
    console.button("Send to both").click()
    expect(answers(console).locator("td")).to_have_count(2)
    console.root.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shade = "light" if theme == LIGHT else "dark"
    console.root.locator("xpath=..").screenshot(path=str(SCREENSHOTS / f"forge-{shade}.png"),
                                                animations="disabled", caret="hide")
    assert not low_contrast_texts(console), f"hard to read in {theme}"
