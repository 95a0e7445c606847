"""The expiry countdown in JupyterLab: it ticks, reaches zero, and PyJWT's refusal shows up in it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools.jupyter_driver.lab import LabPage, PageOpener
from tools.jupyter_driver.views import COUNTDOWN, WidgetView
from tools.jupyter_driver.widget_notebooks import COUNTDOWN as COUNTDOWN_NOTEBOOK
from tools.jupyter_driver.widget_notebooks import COUNTDOWN_LIFETIME

LONG_LIFETIME = 120  # seconds: far longer than any of these tests takes
EXPIRED = "0.0 s left: expired"
# Generous waits for the browser; nothing here asserts on a duration.
EXPIRY_WAIT_MS = (COUNTDOWN_LIFETIME + 60) * 1000


@pytest.fixture(scope="module")
def lab_page(open_module_page: PageOpener) -> LabPage:
    return open_module_page(COUNTDOWN_NOTEBOOK).run_all()


@pytest.fixture
def countdown(lab_page: LabPage) -> WidgetView:
    return WidgetView.find(lab_page.page, COUNTDOWN)


def restart(countdown: WidgetView, lifetime: int) -> None:
    """Start a fresh token with this lifetime and wait until the clock counts it down."""
    if countdown.value_of("lifetime") == str(lifetime):
        countdown.button("New token").click()
    else:
        countdown.enter("lifetime", str(lifetime))
    expect(countdown.message).to_contain_text("Counting down")
    expect(countdown.clock).to_contain_text("s left")
    expect(countdown.clock).not_to_contain_text("expired")


def clock_text(countdown: WidgetView) -> str:
    return countdown.clock.inner_text()


def test_it_ticks_reaches_zero_and_shows_expired_signature_error(countdown: WidgetView) -> None:
    restart(countdown, COUNTDOWN_LIFETIME)
    first = clock_text(countdown)
    expect(countdown.clock).not_to_have_text(first)  # it ticked
    expect(countdown.clock).not_to_contain_text("expired")
    expect(countdown.clock).to_contain_text(EXPIRED, timeout=EXPIRY_WAIT_MS)
    expect(countdown.message).to_contain_text("ExpiredSignatureError")


def test_decode_now_before_zero_shows_the_payload(countdown: WidgetView) -> None:
    restart(countdown, LONG_LIFETIME)
    countdown.button("Decode now").click()
    expect(countdown.message).to_contain_text("jwt.decode accepted it")
    expect(countdown.message).to_contain_text("'key': 'value'")
    expect(countdown.clock).not_to_contain_text("expired")


def test_a_cell_run_while_it_counts_down_completes(lab_page: LabPage,
                                                  countdown: WidgetView) -> None:
    restart(countdown, LONG_LIFETIME)
    outputs = lab_page.run_new_cell("6 * 7")
    assert outputs and outputs[0]["data"]["text/plain"] == "42"
    # The cell came back while the clock still counted, and the clock goes on ticking after it.
    expect(countdown.clock).not_to_contain_text("expired")
    ticking = clock_text(countdown)
    expect(countdown.clock).not_to_have_text(ticking)
