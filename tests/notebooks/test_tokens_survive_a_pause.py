"""05 and 06 at a reader's pace: a token decoded in one cell is made in that cell, or lives hours.

A learner may pause minutes between cells. So a cell that decodes `token` must make `token`
itself, unless the cell that made it gave it hours to live (or no exp at all); and a "not valid
yet" demo must put nbf hours ahead, so no pause can make it valid.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tools.course import NOTEBOOKS

TRACK_NOTEBOOKS = ["05-claims.ipynb", "06-keys.ipynb"]
FUTURE_NBF = re.compile(r"nbf['\"]?\s*[=:]\s*([^,}\n]*\+[^,}\n]*)")  # nbf=... + ... or 'nbf': ... + ...


def assigned_names(tree: ast.Module) -> set[str]:
    return {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def decoded_names(tree: ast.Module) -> set[str]:
    """Names passed as the token to jwt.decode(...) in this code."""
    return {node.args[0].id for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("decode", "decode_complete") and node.args
            and isinstance(node.args[0], ast.Name)}


def lives_for_hours(source: str) -> bool:
    """The cell that made the token gave it hours (or no exp at all)."""
    return "exp" not in source or "hours=" in source


def pace_problems(notebook: nbformat.NotebookNode) -> list[str]:
    problems, made_in = [], {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or cell.source.lstrip().startswith("%"):
            continue
        tree = ast.parse(cell.source)
        for name in decoded_names(tree) - assigned_names(tree):
            source = made_in.get(name)
            if source is not None and not lives_for_hours(source):
                problems.append(f"cell {index}: decodes {name}, made in an earlier cell with a "
                                "lifetime of minutes: make it in this cell")
        for value in FUTURE_NBF.findall(cell.source):
            if "hours=" not in value:
                problems.append(f"cell {index}: an nbf in the future must be hours ahead")
        for name in assigned_names(tree):
            made_in[name] = cell.source
    return problems


@pytest.mark.parametrize("name", TRACK_NOTEBOOKS)
def test_every_decoded_token_survives_a_pause(name: str) -> None:
    assert pace_problems(nbformat.read(NOTEBOOKS / name, as_version=4)) == []


def test_the_check_finds_a_ten_minute_token_decoded_in_a_later_cell() -> None:
    notebook = new_notebook(cells=[
        new_code_cell("token = jwt.encode({'exp': now + timedelta(minutes=10)}, K)"),
        new_code_cell("jwt.decode(token, K, algorithms=['HS256'])"),
        new_code_cell("late = jwt.encode({'nbf': now + timedelta(seconds=30)}, K)"),
    ])
    assert len(pace_problems(notebook)) == 2
    notebook.cells[0].source = "token = jwt.encode({'exp': now + timedelta(hours=1)}, K)"
    notebook.cells[2].source = "late = jwt.encode({'nbf': now + timedelta(hours=2)}, K)"
    assert pace_problems(notebook) == []
