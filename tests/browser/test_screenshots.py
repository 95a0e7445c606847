"""The three widgets in JupyterLab Light and Dark: text contrast checked, screenshots saved.

The screenshots go to test-artifacts/screenshots/ (not committed); the best are copied by hand
into docs/img/ for the docs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tools.course import ROOT
from tools.jupyter_driver.lab import DARK, LIGHT, LabPage, PageOpener
from tools.jupyter_driver.views import COUNTDOWN, EDITOR, INSPECTOR, WidgetView
from tools.jupyter_driver.widget_notebooks import COUNTDOWN_LIFETIME, GALLERY

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
MINIMUM_CONTRAST = 4.5  # WCAG AA for normal text

# Every visible text in the element: its colour against the first opaque background behind it.
CONTRASTS_JS = """(root) => {
  const rgba = (text) => { const [r, g, b, a = 1] = (text.match(/[\\d.]+/g) || []).map(Number);
                           return [r, g, b, a]; };
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0.5) return colour;
    }
    return [255, 255, 255, 1];
  };
  const blend = ([r, g, b, a], under) => [r, g, b].map((c, i) => a * c + (1 - a) * under[i]);
  const results = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const text = Array.from(element.childNodes).filter((n) => n.nodeType === 3)
      .map((n) => n.textContent).join('').trim();
    const style = getComputedStyle(element);
    if (!text || element.getClientRects().length === 0 || style.visibility === 'hidden') continue;
    const under = background(element);
    const [a, b] = [luminance(blend(rgba(style.color), under)), luminance(under)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    results.push({text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100,
                  className: String(element.className)});
  }
  return results;
}"""


@pytest.fixture(scope="module")
def gallery(open_module_page: PageOpener) -> Iterator[LabPage]:
    """All three widgets, the countdown already expired (a still, telling picture)."""
    lab_page = open_module_page(GALLERY).run_all()
    lab_page.collapse_left_area()
    clock = WidgetView.find(lab_page.page, COUNTDOWN).clock
    expect(clock).to_contain_text("expired", timeout=(COUNTDOWN_LIFETIME + 60) * 1000)
    try:
        yield lab_page
    finally:
        lab_page.set_theme(LIGHT)  # the theme is a user setting: leave the server as it was


def low_contrast_texts(view: WidgetView) -> list[dict[str, object]]:
    """Texts in the widget whose contrast with their background is below MINIMUM_CONTRAST."""
    contrasts = view.root.evaluate(CONTRASTS_JS)
    assert contrasts, "no text found in the widget"
    return [item for item in contrasts if item["ratio"] < MINIMUM_CONTRAST]


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("kind", [EDITOR, INSPECTOR, COUNTDOWN])
def test_widget_is_legible_and_photographed(gallery: LabPage, theme: str, kind: str) -> None:
    gallery.set_theme(theme)
    view = WidgetView.find(gallery.page, kind)
    view.root.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shade = "light" if theme == LIGHT else "dark"
    output = view.root.locator("xpath=..")  # the output area: the widget and its edges
    output.screenshot(path=str(SCREENSHOTS / f"{kind}-{shade}.png"), animations="disabled",
                      caret="hide")
    assert not low_contrast_texts(view), f"hard to read in {theme}"
