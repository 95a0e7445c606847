"""Every solution, loaded where its `# %load` cell stands, passes its own checker."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools.course import NOTEBOOKS, course_notebooks

LOAD = re.compile(r"^# %load (solutions/[\w.-]+\.py)\s*$")


def load_cells(notebook: nbformat.NotebookNode) -> dict[int, str]:
    """Index of each `# %load solutions/...` cell -> the solution file it names."""
    found = {}
    for index, cell in enumerate(notebook.cells):
        match = LOAD.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            found[index] = match.group(1)
    return found


def notebooks_with_solutions() -> list[Path]:
    return [p for p in course_notebooks()
            if load_cells(nbformat.read(p, as_version=4))]


def test_every_solution_file_is_loaded_by_exactly_one_cell():
    loaded = [name for p in course_notebooks()
              for name in load_cells(nbformat.read(p, as_version=4)).values()]
    files = sorted(f"solutions/{p.name}" for p in (NOTEBOOKS / "solutions").glob("*.py"))
    assert sorted(loaded) == files


@pytest.mark.parametrize("path", notebooks_with_solutions(), ids=lambda p: p.stem)
def test_solutions_pass_their_checkers(path: Path):
    notebook = nbformat.read(path, as_version=4)
    cells = load_cells(notebook)
    for index, name in cells.items():
        notebook.cells[index].source = (NOTEBOOKS / name).read_text(encoding="utf-8")
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}},
                   store_widget_state=False).execute()
    for index, name in cells.items():
        texts = [out.get("data", {}).get("text/plain", "") for out in notebook.cells[index].outputs]
        assert any(text.startswith("✅ Correct") for text in texts), (name, texts)
        assert not any(out.output_type == "stream" and out.name == "stderr"
                       for out in notebook.cells[index].outputs), (name, "wrote to stderr")
