"""The package's shape: notebooks import only the public facade, and imports only run downwards.

Layers, bottom to top: `errors` and the private `_cells`/`_lazy`; `setup` and `course` (the course
map, questions, glossary and progress file: data, no PyJWT); `keys`; `tokens`; `web`; `key_sets`,
`services` and `providers`; `lab`; `exercises`; `widgets`; and the `progress` command on top. A
module may import from its own package or from a lower layer, never from a higher one or a
sibling at its own layer, so a WSGI server never pulls in ipywidgets and a checker never pulls in
a widget.
"""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

from tools.course import ROOT, course_notebooks

HELPERS = ROOT / "helpers"
FACADES = {"helpers", "helpers.widgets", "helpers.exercises"}
ON_PURPOSE = {"helpers.lab.vulnerable"}  # its path tells the learner what it is
LAYERS = {
    "helpers.errors": 0, "helpers._cells": 0, "helpers._lazy": 0,
    "helpers.setup": 1, "helpers.course": 1,
    "helpers.keys": 2,
    "helpers.tokens": 3,
    "helpers.web": 4,
    "helpers.key_sets": 5, "helpers.services": 5, "helpers.providers": 5,
    "helpers.lab": 6,
    "helpers.exercises": 7,
    "helpers.widgets": 8,
    "helpers.progress": 9,  # `python -m helpers.progress`: a command over everything below
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def home_of(module: str) -> str | None:
    """The layer key a module belongs to: its package (helpers.keys) or itself (helpers.errors)."""
    parts = module.split(".")
    for size in (2,):
        key = ".".join(parts[:size])
        if key in LAYERS:
            return key
    return None


def helpers_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every helpers module a piece of code imports, at any depth (function-level imports too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "helpers":
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "helpers"]
    return found


def package_modules() -> list[Path]:
    return sorted(path for path in HELPERS.rglob("*.py") if "__pycache__" not in path.parts)


def layering_problems(path: Path, tree: ast.AST) -> list[str]:
    """Imports in one helpers module that run up a layer or sideways into a sibling package."""
    own = home_of(module_name(path))
    if own is None:  # helpers/__init__.py: the facade, checked below
        return []
    problems = []
    for line, imported in helpers_imports(tree):
        if imported == "helpers":  # the facade itself: nothing behind it may use it
            problems.append(f"{path.relative_to(ROOT)}:{line} imports the facade; import the module")
            continue
        target = home_of(imported)
        if target is None:
            problems.append(f"{path.relative_to(ROOT)}:{line} imports {imported}, outside every layer")
        elif target != own and LAYERS[target] >= LAYERS[own]:
            problems.append(f"{path.relative_to(ROOT)}:{line} imports {imported} "
                            f"(layer {LAYERS[target]}) from layer {LAYERS[own]}")
    return problems


def test_every_module_sits_in_a_layer():
    strays = [str(p.relative_to(ROOT)) for p in package_modules()
              if p != HELPERS / "__init__.py" and home_of(module_name(p)) is None]
    assert strays == []


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: str(p.relative_to(HELPERS)))
def test_imports_run_only_downwards(path):
    assert layering_problems(path, ast.parse(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("code, expect", [
    ("from helpers.widgets.base import CourseWidget", "(layer 8) from layer 4"),
    ("def f():\n    from helpers.services.db import connect",
     "imports helpers.services.db (layer 5) from layer 4"),
    ("from helpers.key_sets.server import JwksApp", "(layer 5) from layer 4"),
    ("import helpers.lab.api", "imports helpers.lab.api (layer 6) from layer 4"),
], ids=["widget", "inside-a-function", "up-one", "plain-import"])
def test_the_layering_check_catches_an_import_that_runs_up(code, expect):
    problems = layering_problems(HELPERS / "web" / "server.py", ast.parse(code))
    assert len(problems) == 1 and expect in problems[0]


def test_a_sibling_at_the_same_layer_is_refused_too():
    code = ast.parse("from helpers.key_sets import server")
    problems = layering_problems(HELPERS / "services" / "db.py", code)
    assert problems and "(layer 5) from layer 5" in problems[0]


@pytest.mark.parametrize("facade", sorted(FACADES))
def test_facades_import_nothing_eagerly_and_every_name_resolves(facade):
    module = importlib.import_module(facade)
    path = Path(module.__file__)
    eager = [node for node in ast.parse(path.read_text(encoding="utf-8")).body
             if isinstance(node, (ast.Import, ast.ImportFrom))
             and node.module not in ("__future__", "helpers._lazy")]
    assert eager == []
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        module.no_such_name  # noqa: B018


def notebook_code() -> list[tuple[str, str]]:
    """(where, code) for every code cell of every notebook and every solution file."""
    found = []
    for notebook in course_notebooks():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        found += [(f"{notebook.name} cell {i}", "".join(cell["source"])) for i, cell in enumerate(cells)
                  if cell["cell_type"] == "code"]
    found += [(path.name, path.read_text(encoding="utf-8"))
              for path in sorted((ROOT / "notebooks" / "solutions").glob("*.py"))]
    return found


def past_the_facade(code: str) -> list[str]:
    """The helpers modules some code imports that are not the facade (nor the lab's vulnerable API)."""
    runnable = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
    allowed = FACADES | ON_PURPOSE
    return [name for _, name in helpers_imports(ast.parse(runnable)) if name not in allowed]


def test_notebooks_and_solutions_import_only_the_facade():
    deep = [f"{where}: {name}" for where, code in notebook_code() for name in past_the_facade(code)]
    assert deep == []


@pytest.mark.parametrize("code", [
    "from helpers.tokens.parts import split_token",
    "import helpers.keys.jwk",
    "from helpers.widgets.countdown import ExpiryCountdown",
    "from helpers.exercises.claims import check_policy_verifier",
    "from helpers.lab.safe import make_safe_api",
])
def test_the_facade_check_catches_a_deep_import(code):
    assert past_the_facade(code) != []


@pytest.mark.parametrize("code", [
    "from helpers import split_token",
    "from helpers.widgets import PolicyPanel",
    "from helpers.exercises import check_attack",
    "from helpers.lab.vulnerable import make_vulnerable_api",
    "%load solutions/02-encode-ex1.py",
])
def test_the_facade_check_lets_the_public_names_through(code):
    assert past_the_facade(code) == []
