"""No committed output shows a path of the machine that executed the notebook.

Warnings are shown as `Class: message` (helpers.print_warnings) and tools/execute_notebooks.py
cuts tracebacks down to `site-packages/...`. Checked on every course notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools import execute_notebooks
from tools.course import NOTEBOOKS, course_notebook_names

# Absolute paths that name this machine's folders: the checkout, the home, the interpreter.
MACHINE = re.compile(r"(?:/(?:home|root|work|tmp|usr|opt|Users|var)/[^\s\"'\x1b]+|[A-Z]:\\\\[^\s\"']+)")


def output_texts(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts += ["".join(output.get("text", "")), *output.get("traceback", []),
                      *("".join(value) if isinstance(value, list) else str(value)
                        for value in output.get("data", {}).values())]
    return texts


@pytest.mark.parametrize("name", course_notebook_names())
def test_committed_outputs_show_no_machine_path(name: str) -> None:
    found = [m for text in output_texts(NOTEBOOKS / name) for m in MACHINE.findall(text)]
    assert not found, f"{name} shows paths of the machine that ran it: {sorted(set(found))[:5]}"


def test_the_path_check_finds_a_traceback_path_and_the_tool_removes_it() -> None:
    line = "\x1b[32m/work/main/.venv/lib/python3.11/site-packages/jwt/api_jwt.py:370\x1b[39m"
    assert MACHINE.findall(line)
    assert not MACHINE.findall(execute_notebooks.MACHINE_PATH.sub("site-packages/", line))
    assert MACHINE.findall("/home/ada/.venv/lib/python3.11/site-packages/jwt/api_jwt.py:149: Insecure")
