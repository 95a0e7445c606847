"""Every character the widgets can show outside ASCII is drawn by a font, not as an empty box.

A browser draws a character that no installed font has as the font's .notdef glyph (an empty
box, "tofu"). That is what a learner would see in place of a mark, and what screenshots taken
on a machine without an emoji font showed for 🚩 and ⛔. Here each character is drawn on a
canvas in every font the widgets use, and compared with code points no font has: the same
pixels mean a missing glyph.
"""

from __future__ import annotations

import io
import tokenize
import unicodedata

import pytest

from tests.browser import a11y_kit
from tools.course import ROOT
from tools.jupyter_driver.lab import LabPage, PageOpener

KINDS = a11y_kit.course_widget_kinds()
NO_GLYPH_ANYWHERE = ["\u0378", "\u0380"]  # unassigned code points: every font lacks them
NOT_DRAWN = {"Mn", "Me", "Cf", "Cc", "Zs", "Zl", "Zp"}  # marks, selectors, controls, spaces

# The characters drawn as the code points no font has, in each font the widgets' text uses.
MISSING_GLYPHS_JS = """([characters, unassigned]) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (text, font) => {
    context.clearRect(0, 0, 64, 64);
    context.font = font;
    context.textBaseline = 'top';
    context.fillStyle = '#000';
    context.fillText(text, 8, 8);
    return context.getImageData(0, 0, 64, 64).data.join(',');
  };
  const fonts = new Set([...document.querySelectorAll('.jwt-widget, .jwt-widget *')].map((element) => {
    const style = getComputedStyle(element);
    return `${style.fontStyle} ${style.fontWeight} 24px ${style.fontFamily}`;
  }));
  const missing = {};
  for (const font of fonts) {
    const boxes = unassigned.map((character) => draw(character, font));
    const boxed = characters.filter((character) => boxes.includes(draw(character, font)));
    if (boxed.length) missing[font] = boxed;
  }
  return missing;
}"""


def drawn_characters(text: str) -> set[str]:
    """The characters outside ASCII in `text` that a font must draw (no marks or spaces)."""
    return {c for c in text if ord(c) > 127 and unicodedata.category(c) not in NOT_DRAWN}


def characters_in_helpers() -> set[str]:
    """Every character outside ASCII in a string of the helpers package: all a widget, a
    checker or a message can put on screen comes from these strings."""
    found: set[str] = set()
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type == tokenize.STRING or tokenize.tok_name[token.type] == "FSTRING_MIDDLE":
                found |= drawn_characters(token.string)
    return found


def describe(missing: dict[str, list[str]]) -> str:
    """'⛔ (NO ENTRY), 🚩 (TRIANGULAR FLAG ON POST), in 3 of the widgets' fonts, e.g. ...'"""
    boxed = sorted({character for characters in missing.values() for character in characters})
    names = ", ".join(f"{c} ({unicodedata.name(c, f'U+{ord(c):04X}')})" for c in boxed)
    return f"{names}, in {len(missing)} of the widgets' fonts, e.g. {next(iter(missing))}"


def test_the_helpers_show_marks_outside_ascii() -> None:
    """The scan finds the marks the widgets are known to use (so it cannot pass on nothing)."""
    assert {"🚩", "⛔", "✅", "❌", "·"} <= characters_in_helpers()


@pytest.fixture(scope="module")
def demos(open_module_page: PageOpener, demos_notebook: str) -> LabPage:
    """Every course widget's demo, drawn in JupyterLab."""
    lab_page = open_module_page(demos_notebook).run_all()
    for kind in KINDS:
        lab_page.widgets(kind.css_class).first.wait_for()
    return lab_page


def test_every_character_the_widgets_can_show_has_a_glyph(demos: LabPage) -> None:
    shown = drawn_characters(" ".join(demos.page.locator(".jwt-widget").all_text_contents()))
    characters = sorted(characters_in_helpers() | shown | {"A"})  # "A" checks the check itself
    missing = demos.page.evaluate(MISSING_GLYPHS_JS, [characters, NO_GLYPH_ANYWHERE])
    assert not missing, (f"drawn as an empty box: {describe(missing)}. Install an emoji font "
                         "(Debian: fonts-noto-color-emoji) where the browser runs.")


def test_the_check_sees_an_empty_box(demos: LabPage) -> None:
    """A character no font has is reported, so a pass above means every glyph was found."""
    missing = demos.page.evaluate(MISSING_GLYPHS_JS, [["\u0379", "A"], NO_GLYPH_ANYWHERE])
    assert missing and all(boxed == ["\u0379"] for boxed in missing.values())
