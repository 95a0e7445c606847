"""The course notebooks in JupyterLab: opened, each widget cell says what will appear; run top to
bottom, no surprise error and every widget drawn.

Run All covers the notebooks that draw widgets (WIDGET_NOTEBOOKS), which is what a browser adds.
A notebook without widgets would be left out: strict nbval already runs its every cell in the
same kind of kernel and compares each output, and tests/notebooks/test_hygiene.py checks that
errors appear only in cells tagged raises-exception. Since every notebook ends with its concept
check (a widget), that is every notebook today. A test below keeps the split honest: a notebook
left out of Run All must not import a widget.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from playwright.sync_api import expect

from tools.course import NOTEBOOKS, course_notebook_names
from tools.jupyter_driver.lab import PageOpener, error_outputs, widget_output_count, widget_placeholders

RENDERED_WIDGET = ".jp-OutputArea-output > .jupyter-widgets"
WIDGET_CODE = re.compile(r"\bhelpers\.widgets\b|\bipywidgets\b")


def committed_placeholder_count(name: str) -> int:
    """How many committed outputs of a course notebook are a widget's "run this cell" line."""
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    texts = ["".join(output.get("data", {}).get("text/plain", ""))  # a str or a list of lines
             for cell in notebook["cells"] for output in cell.get("outputs", [])]
    return sum(text in widget_placeholders() for text in texts)


WIDGET_NOTEBOOKS = [name for name in course_notebook_names() if committed_placeholder_count(name)]


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_run_all_gives_no_unexpected_error_and_draws_every_widget(
        name: str, open_page: PageOpener) -> None:
    lab_page = open_page(name).run_all()
    notebook = lab_page.notebook_json()

    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(cell["execution_count"] for cell in code_cells), "Run All skipped some cells"

    errors = error_outputs(notebook)
    unexpected = [(index, error) for index, tags, error in errors if "raises-exception" not in tags]
    assert not unexpected, f"errors in cells not tagged raises-exception: {unexpected}"
    tagged = {index for index, cell in enumerate(notebook["cells"])
              if "raises-exception" in cell.get("metadata", {}).get("tags", [])}
    assert tagged == {index for index, _, _ in errors}, "a raises-exception cell did not raise"

    expected_widgets = widget_output_count(notebook)
    expect(lab_page.page.locator(RENDERED_WIDGET)).to_have_count(expected_widgets)
    outputs = "\n".join(lab_page.page.locator(".jp-OutputArea").all_inner_texts())
    assert "Error displaying widget" not in outputs
    assert "VBox(" not in outputs
    left = [text for text in widget_placeholders() if text in outputs]
    assert not left, f"placeholders still shown instead of widgets: {left}"


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_opened_before_running_every_widget_cell_says_what_will_appear(
        name: str, open_page: PageOpener) -> None:
    lab_page = open_page(name)
    first = lab_page.page.locator(".jp-OutputArea-output", has_text="run this cell").first
    expect(first).to_be_visible()
    texts = "\n".join(lab_page.page.locator(".jp-OutputArea").all_text_contents())
    shown = sum(texts.count(text) for text in widget_placeholders())
    assert shown == committed_placeholder_count(name) > 0
    assert "Error displaying widget" not in texts
    assert "VBox(" not in texts


def test_the_notebooks_left_out_of_run_all_draw_no_widget() -> None:
    left_out = [name for name in course_notebook_names() if name not in WIDGET_NOTEBOOKS]
    assert len(WIDGET_NOTEBOOKS) >= 8 and "04-expiry.ipynb" in WIDGET_NOTEBOOKS
    drawing = [name for name in left_out
               if any(cell.cell_type == "code" and WIDGET_CODE.search(cell.source)
                      for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells)]
    assert not drawing, f"{drawing} import a widget but show no placeholder: re-run `make notebooks`"
