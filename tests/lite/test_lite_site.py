"""The JupyterLite site (`make lite`) in Chromium, served from 127.0.0.1 with every other host
blocked: notebooks 02 and 04 run in the browser's Pyodide kernel, their tokens are PyJWT's, and
the countdown ends in ExpiredSignatureError. Nothing may be fetched from anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from tools import lite_driver
from tools.jupyter_driver import lab as labkit

pytestmark = [pytest.mark.lite,
              pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")]  # 9-byte lesson
SECRET = "lite-test-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


def unavailable(reason: str) -> None:
    if labkit.browser_required():
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    if not (lite_driver.SITE / "static" / "pyodide" / "pyodide.mjs").exists():
        unavailable("no JupyterLite site in build/lite: run `make lite`")
    with lite_driver.served() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed")
    executable = labkit.find_chromium()
    if executable is None:
        unavailable("no Chromium (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = labkit.launch_chromium(playwright, executable)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_lite(browser: Any, site_url: str) -> Iterator[Any]:
    pages: list[lite_driver.LitePage] = []

    def opener(name: str) -> lite_driver.LitePage:
        page = lite_driver.LitePage(browser, site_url)
        pages.append(page)
        return page.open(name)

    yield opener
    for page in pages:
        assert page.refused == [], f"the page tried to leave 127.0.0.1: {page.refused}"
        page.close()


def outputs_text(cell: dict[str, Any]) -> str:
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or ""
        parts.append(text if isinstance(text, str) else "".join(text))
        if output.get("output_type") == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


def test_02_runs_in_the_browser_and_its_tokens_are_pyjwts(open_lite: Any):
    page = open_lite("02-encode.ipynb").run_cell_by_cell()
    notebook = page.notebook_json()
    errors = labkit.error_outputs(notebook)
    assert [e for e in errors if "raises-exception" not in e[1]] == []
    assert labkit.widget_output_count(notebook) >= 1
    # The tutorial's token, made in the browser, is byte for byte the one PyJWT makes here.
    tutorial = jwt.encode({"key": "value"}, "my-secret", algorithm="HS256")
    assert any(tutorial in outputs_text(cell) for cell in notebook["cells"])
    made = page.run_new_cell(f"import jwt\nprint(jwt.encode({{'user': 'ada'}}, {SECRET!r}, "
                             "algorithm='HS256'))")
    assert outputs_text({"outputs": made}).strip() == \
        jwt.encode({"user": "ada"}, SECRET, algorithm="HS256")
    note = page.run_new_cell("from helpers.browser import browser_note\nprint(browser_note())")
    assert "Browser version (JupyterLite)" in outputs_text({"outputs": note})


def test_04_countdown_ends_in_expired_signature_error_in_the_browser(open_lite: Any):
    page = open_lite("04-expiry.ipynb").run_cell_by_cell()
    notebook = page.notebook_json()
    errors = labkit.error_outputs(notebook)
    assert [e for e in errors if "raises-exception" not in e[1]] == []
    # (The Pyodide kernel names errors by their class: "<class 'jwt...ExpiredSignatureError'>".)
    assert any("ExpiredSignatureError" in e[2] for e in errors)
    result = page.page.locator(".jwt-expiry-countdown .jwt-result-view").first
    result.filter(has_text="ExpiredSignatureError").wait_for(timeout=60_000)
    assert "0.0 s left" in page.page.locator(".jwt-expiry-countdown .jwt-clock-view").first.inner_text()
    assert json.dumps(notebook).count("Your turn") >= 2  # the exercises answered, politely
