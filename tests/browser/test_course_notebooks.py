"""Every course notebook, run top to bottom in JupyterLab: no surprise errors, every widget drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.lab import (
    PageOpener,
    course_notebook_names,
    error_outputs,
    widget_output_count,
    widget_placeholders,
)

RENDERED_WIDGET = ".jp-OutputArea-output > .jupyter-widgets"


@pytest.mark.parametrize("name", course_notebook_names())
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
