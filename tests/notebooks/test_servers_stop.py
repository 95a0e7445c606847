"""Every notebook that starts servers stops them in its last code cell (issue 17: 10 left five
lab servers and their threads running after its last cell, while 07, 08, 09 and 11 stopped theirs)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.course import course_notebooks

STARTS = ("start_server(", "start_uvicorn(", "start_werkzeug(", "serve(", "KeyRotationLab(",
          "start_provider(")


def starts_servers(notebook: nbformat.NotebookNode) -> bool:
    return any(cell.cell_type == "code" and any(call in cell.source for call in STARTS)
               for cell in notebook.cells)


SERVING = [path for path in course_notebooks()
           if starts_servers(nbformat.read(path, as_version=4))]


def test_the_notebooks_that_serve_are_found():
    assert {path.name[:2] for path in SERVING} >= {"07", "08", "09", "10", "11", "12", "13"}


@pytest.mark.parametrize("path", SERVING, ids=lambda p: p.stem)
def test_the_last_code_cell_stops_every_server_and_says_how_many(path: Path):
    notebook = nbformat.read(path, as_version=4)
    last = [cell for cell in notebook.cells if cell.cell_type == "code"][-1]
    assert "stop_all_servers()" in last.source
    shown = "".join(output.get("text", "") or output.get("data", {}).get("text/plain", "")
                    for output in last.outputs)
    assert shown.strip()[:1].isdigit() and int(shown.split()[0]) >= 1, shown
