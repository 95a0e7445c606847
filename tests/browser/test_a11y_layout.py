"""Zoom, narrow panels, reduced motion and a quiet countdown, for every course widget kind.

- 200% zoom: Chromium's zoom is a CSS viewport half as wide with twice the device pixels, so a
  1280 x 900 window at 200% is emulated as a 640 x 450 viewport with device_scale_factor=2.
- A 320 px notebook panel: side panels closed and the window sized so the panel is 320 px.
In both, nothing of a widget may stick out or scroll sideways (the token wraps). A screenshot
at 200% goes to test-artifacts/screenshots/ (docs/img/ holds a copy).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from helpers.widgets import ExpiryCountdown
from helpers.widgets.base import CourseWidget
from tests.browser import a11y_kit
from tools.course import ROOT
from tools.jupyter_driver.lab import LabPage, LabServer

KINDS = a11y_kit.course_widget_kinds()
KIND_IDS = [kind.__name__ for kind in KINDS]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PANEL_WIDTH = 320
ZOOMED_NOTEBOOK = "a11y-demos-zoomed.ipynb"

PANEL_WIDTH_JS = "() => document.querySelector('.jp-NotebookPanel').getBoundingClientRect().width"
CLOSE_SIDE_PANELS_JS = """() => {
  const shell = window.jupyterapp.shell;
  if (!shell.leftCollapsed) window.jupyterapp.commands.execute('application:toggle-left-area');
  if (!shell.rightCollapsed) window.jupyterapp.commands.execute('application:toggle-right-area');
}"""
NOTEBOOK_SCROLLS_SIDEWAYS_JS = """() => {
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  return scroller.scrollWidth > scroller.clientWidth + 1;
}"""


def open_demos(browser: Any, lab: LabServer, name: str, **context: Any) -> LabPage:
    page = browser.new_context(**context).new_page()
    lab_page = LabPage(page, lab)
    lab_page.open(name).run_all()
    page.evaluate(CLOSE_SIDE_PANELS_JS)
    page.wait_for_function("() => window.jupyterapp.shell.leftCollapsed")
    return lab_page


@pytest.fixture(scope="module")
def zoomed(browser: Any, lab: LabServer, demos_notebook: str, served_dir: Path) -> Iterator[LabPage]:
    """The demos at 200% zoom of a 1280 x 900 window (in a copy: a kernel of its own)."""
    shutil.copy(served_dir / demos_notebook, served_dir / ZOOMED_NOTEBOOK)
    lab_page = open_demos(browser, lab, ZOOMED_NOTEBOOK, viewport={"width": 640, "height": 450},
                          device_scale_factor=2)
    try:
        yield lab_page
    finally:
        lab_page.close()


@pytest.fixture(scope="module")
def narrow(browser: Any, lab: LabServer, demos_notebook: str) -> Iterator[LabPage]:
    """The demos in a notebook panel 320 px wide."""
    lab_page = open_demos(browser, lab, demos_notebook, viewport={"width": 900, "height": 900})
    page = lab_page.page
    around = page.viewport_size["width"] - page.evaluate(PANEL_WIDTH_JS)
    page.set_viewport_size({"width": int(around + PANEL_WIDTH), "height": 900})
    page.wait_for_function(f"() => ({PANEL_WIDTH_JS})() <= {PANEL_WIDTH}")
    try:
        yield lab_page
    finally:
        lab_page.close()


def assert_reflows(lab_page: LabPage, kind: type[CourseWidget]) -> None:
    root = lab_page.widgets(kind.css_class).first
    root.scroll_into_view_if_needed()
    expect(root).to_be_visible()
    problems = root.evaluate(a11y_kit.OVERFLOW_JS)
    assert not problems, problems
    assert not lab_page.page.evaluate(NOTEBOOK_SCROLLS_SIDEWAYS_JS)
    token = root.locator(".jwt-token")
    if token.count():  # the token wraps onto several lines instead of running off
        assert token.first.evaluate("(e) => e.getClientRects().length > 0 && e.offsetHeight > 30")


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_nothing_clipped_or_scrolling_at_200_percent_zoom(zoomed: LabPage,
                                                          kind: type[CourseWidget]) -> None:
    assert zoomed.page.evaluate("() => window.devicePixelRatio") == 2
    assert_reflows(zoomed, kind)
    # The window as a learner sees it (docs/img/payload-editor-zoom-200.png is a copy of one).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    zoomed.page.screenshot(path=str(SCREENSHOTS / f"zoom-200-{kind.__name__}.png"),
                           animations="disabled", caret="hide")


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_nothing_clipped_or_scrolling_in_a_320_px_panel(narrow: LabPage,
                                                        kind: type[CourseWidget]) -> None:
    assert PANEL_WIDTH - 20 <= narrow.page.evaluate(PANEL_WIDTH_JS) <= PANEL_WIDTH
    assert_reflows(narrow, kind)


def test_reduced_motion_stops_the_progress_bar_while_the_numbers_go_on(narrow: LabPage) -> None:
    page = narrow.page
    root = narrow.widgets(ExpiryCountdown.css_class).first
    clock = root.locator(".jwt-clock-view")
    bar = root.locator(".jwt-progress")
    narrow.run_new_cell(f"{a11y_kit.variable(ExpiryCountdown)}.start(120)")
    expect(clock).to_contain_text("s left")
    try:
        page.emulate_media(reduced_motion="no-preference")
        expect(bar).to_be_visible()  # the bar moves by default...
        width = bar.locator(".progress-bar").evaluate("(e) => e.style.width")
        expect(bar.locator(".progress-bar")).not_to_have_attribute("style", re.compile(
            rf"width: {re.escape(width)}"))
        page.emulate_media(reduced_motion="reduce")
        expect(bar).to_be_hidden()  # ...and not with reduced motion,
        ticking = clock.inner_text()
        expect(clock).not_to_have_text(ticking)  # while the clock still counts
    finally:
        page.emulate_media(reduced_motion=None)


def test_the_countdown_speaks_at_a_few_moments_while_its_clock_ticks(narrow: LabPage) -> None:
    """A 7 s countdown: the clock redraws many times; the live region speaks only at the start,
    at each of the last 5 s, and at the expiry with its exception."""
    page = narrow.page
    root = narrow.widgets(ExpiryCountdown.css_class).first
    region = root.locator("[aria-live=polite]")
    root.evaluate("""(root) => {
      const region = root.querySelector('[aria-live=polite]');
      const clock = root.querySelector('.jwt-clock-view .widget-html-content');
      window.__said = []; window.__ticks = 0;
      new MutationObserver(() => window.__said.push(region.textContent)).observe(
        region, {childList: true, subtree: true, characterData: true});
      new MutationObserver(() => { window.__ticks += 1; }).observe(
        clock, {childList: true, subtree: true, characterData: true});
    }""")
    narrow.run_new_cell(f"{a11y_kit.variable(ExpiryCountdown)}.start(7)")
    expect(region).to_contain_text("ExpiredSignatureError", timeout=60_000)
    said = page.evaluate("() => window.__said")
    ticks = page.evaluate("() => window.__ticks")
    allowed = re.compile(r"New token: PyJWT refuses it in [67] seconds\..*|[1-5] seconds? left"
                         r"|Time is up: the token has expired\. jwt\.decode raised "
                         r"ExpiredSignatureError.*")
    assert said and all(allowed.fullmatch(text) for text in said), said
    assert said[0].startswith("New token") and said[-1].startswith("Time is up"), said
    assert len(said) <= 7, said  # start + 5 + expiry, whatever the machine's speed
    assert ticks > len(said), (ticks, said)  # the visual clock kept ticking
