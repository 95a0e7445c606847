"""Accessibility of every course widget in JupyterLab, measured: axe-core, names, focus, live regions.

The widget kinds come from the CourseWidget registry (tests/browser/a11y_kit.py), each built by
its `demo()`, so widgets added later are checked too. axe-core runs on each widget's output
area only: JupyterLab's own chrome is out of scope (not the course's DOM).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from helpers.widgets.base import CourseWidget
from tests.browser import a11y_kit
from tools.course import ROOT
from tools.jupyter_driver.lab import DARK, LIGHT, LabPage, PageOpener

KINDS = a11y_kit.course_widget_kinds()
KIND_IDS = [kind.__name__ for kind in KINDS]
CONTROL_ROLES = ("textbox", "combobox", "button", "spinbutton", "checkbox", "radio", "slider",
                 "listbox", "switch")
# The widgets whose demo shows a signed token (the others show none: checked below).
SHOWS_A_TOKEN = {"PayloadEditor", "TokenInspector", "KeyPairEditor", "ForgeConsole"}
AXE_RESULTS = ROOT / "test-artifacts" / "axe"  # all violations found, any impact
MINIMUM_FOCUS_CONTRAST = 3.0  # WCAG 1.4.11 non-text contrast, for the focus ring

# The contrast of the focused element's outline against the first opaque background behind it.
OUTLINE_CONTRAST_JS = """() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let element = document.activeElement.parentElement;
  let under = [255, 255, 255];
  for (; element; element = element.parentElement) {
    const colour = rgb(getComputedStyle(element).backgroundColor);
    if (colour.length === 3 || colour[3] > 0.5) { under = colour.slice(0, 3); break; }
  }
  const [a, b] = [luminance(rgb(getComputedStyle(document.activeElement).outlineColor)), luminance(under)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture(scope="module")
def demos(open_module_page: PageOpener, demos_notebook: str, axe_installed: Any) -> Iterator[LabPage]:
    lab_page = open_module_page(demos_notebook).run_all()
    lab_page.collapse_left_area()
    try:
        yield lab_page
    finally:
        lab_page.set_theme(LIGHT)  # the theme is a user setting: leave the server as it was


def widget(lab_page: LabPage, kind: type[CourseWidget]) -> Any:
    root = lab_page.widgets(kind.css_class).first
    expect(root).to_be_visible()
    return root


def controls(root: Any) -> Any:
    """The widget's keyboard-reachable controls, in DOM order."""
    return root.locator("input, textarea, select, button").filter(visible=True)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_axe_finds_no_serious_or_critical_violation(demos: LabPage, kind: type[CourseWidget],
                                                    theme: str) -> None:
    demos.set_theme(theme)
    root = widget(demos, kind)
    output_area = root.locator("xpath=..")  # the widget's output area: the course's own DOM
    expect(root.locator(".jwt-live > .widget-html-content[aria-live]")).to_have_count(1)
    violations = a11y_kit.axe_violations(demos.page, output_area)
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)  # every impact, for the record
    shade = "light" if theme == LIGHT else "dark"
    (AXE_RESULTS / f"{kind.__name__}-{shade}.json").write_text(json.dumps(violations, indent=2))
    serious = [v for v in violations if v["impact"] in a11y_kit.SERIOUS]
    assert not serious, f"axe-core in {theme}: {serious}"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_every_control_has_a_name_and_is_reached_by_tab_with_a_visible_focus_ring(
        demos: LabPage, kind: type[CourseWidget], theme: str) -> None:
    demos.set_theme(theme)
    root = widget(demos, kind)
    snapshot = root.aria_snapshot()
    unnamed = [line.strip() for line in snapshot.splitlines()
               if re.match(rf"\s*- ({'|'.join(CONTROL_ROLES)})\b(?! \")", line)]
    assert not unnamed, f"controls without an accessible name: {unnamed}\n{snapshot}"

    expected = controls(root)
    count = expected.count()
    assert count, "a widget with nothing to operate by keyboard"
    a11y_kit.focus_cell_of(demos.page, root)
    a11y_kit.tab_into(demos.page, root)
    for index in range(count):
        element = expected.nth(index)
        expect(element).to_be_focused()  # tab order = reading order, nothing skipped
        focus = demos.page.evaluate(a11y_kit.FOCUS_JS)
        assert focus["focusVisible"] and focus["outlineStyle"] != "none", focus
        assert focus["outlineWidth"] >= 2, focus
        contrast = demos.page.evaluate(OUTLINE_CONTRAST_JS)
        assert contrast >= MINIMUM_FOCUS_CONTRAST, (focus, contrast)
        demos.page.keyboard.press("Tab")


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_one_polite_live_region_that_stays_the_same_node_across_updates(
        demos: LabPage, kind: type[CourseWidget]) -> None:
    root = widget(demos, kind)
    regions = root.locator("[aria-live]")
    expect(regions).to_have_count(1)
    region = regions.first
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("role", "status")
    expect(region).not_to_be_empty()
    assert "- status" in root.aria_snapshot()
    # Screen readers announce changes inside a live region they know, not a new region: the
    # same element must carry each new announcement.
    region.evaluate("(element) => { element.dataset.sameNode = 'yes'; }")
    for text in ("First test announcement.", "Second test announcement."):
        demos.run_new_cell(f"{a11y_kit.variable(kind)}.announce({text!r})")
        expect(region).to_have_text(text)
        expect(region).to_have_attribute("data-same-node", "yes")
    # The visible clock of a countdown, and everything else, is not live.
    expect(root.locator("[role=timer][aria-live=polite], [role=timer][aria-live=assertive]")
           ).to_have_count(0)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_tokens_three_parts_are_named_header_payload_signature(
        demos: LabPage, kind: type[CourseWidget]) -> None:
    root = widget(demos, kind)
    if kind.__name__ not in SHOWS_A_TOKEN:
        # Nothing to name; a token view added to this widget later fails here until it is listed.
        expect(root.locator(".jwt-token")).to_have_count(0)
        return
    snapshot = root.locator(".jwt-token").first.aria_snapshot()
    for part in ("header", "payload", "signature"):
        assert re.search(rf'- group "{part}": [A-Za-z0-9_-]+', snapshot), snapshot
