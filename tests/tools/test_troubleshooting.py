"""docs/troubleshooting.md is written from helpers/errors.py, and every place it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.errors import MESSAGES, VARIES
from tests.notebooks.test_hygiene import anchors
from tests.notebooks.test_hygiene import heading_anchor as jupyterlab_anchor
from tools import troubleshooting
from tools.course import ROOT

PLACES = sorted({place for message in MESSAGES for place in message.taught})


def test_the_committed_page_is_the_one_the_table_writes() -> None:
    assert troubleshooting.PAGE.read_text(encoding="utf-8") == troubleshooting.render(), (
        "docs/troubleshooting.md differs from helpers/errors.py: "
        "run python -m tools.troubleshooting --write")


def test_check_fails_on_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "troubleshooting.md"
    stale.write_text("# an old page\n", encoding="utf-8")
    monkeypatch.setattr(troubleshooting, "PAGE", stale)
    monkeypatch.setattr(troubleshooting, "ROOT", tmp_path)
    assert troubleshooting.main(["--check"]) == 1
    assert troubleshooting.main(["--write"]) == 0
    assert troubleshooting.main(["--check"]) == 0


def test_every_message_is_on_the_page_once() -> None:
    page = troubleshooting.render()
    for message in MESSAGES:
        shown = f"{troubleshooting.display_name(message.error)}: {message.text}"
        heading = f"### {troubleshooting.code(shown)}"
        assert page.count(heading + "\n") == 1, heading


@pytest.mark.parametrize("place", PLACES, ids=lambda place: f"{place[0]}#{place[1]}")
def test_every_place_that_teaches_a_message_is_a_heading_of_that_notebook(place) -> None:
    notebook, heading = place
    path = ROOT / "notebooks" / f"{notebook}.ipynb"
    assert path.is_file(), f"no notebook {path.name}"
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells
                     if cell.cell_type == "markdown")
    assert re.search(rf"^#+ {re.escape(heading)}\s*$", text, re.MULTILINE), (
        f"{path.name} has no heading {heading!r}")
    assert troubleshooting.heading_anchor(heading) == jupyterlab_anchor(heading)
    assert jupyterlab_anchor(heading) in anchors(nbformat.read(path, as_version=4))


def test_the_page_is_linked_from_the_readme_and_from_the_first_notebook() -> None:
    assert "docs/troubleshooting.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    first = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    assert any("../docs/troubleshooting.md" in cell.source for cell in first.cells
               if cell.cell_type == "markdown")


def test_markdown_shows_a_fix_as_typed() -> None:
    assert troubleshooting.sentence("pem.replace('\\\\n', '\\n') for RS*") == (
        "pem.replace('\\\\\\\\n', '\\\\n') for RS\\*.")
    assert VARIES == "…"
