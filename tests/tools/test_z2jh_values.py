"""tools/z2jh_values.py checks Zero to JupyterHub values as helm does: merged into the vendored
chart's defaults, then validated against its schema (the course's own values: tests/repo/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools import z2jh_values
from tools.course import ROOT

VALUES = ROOT / "classroom" / "z2jh-config.yaml"


def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "expect"), [
    ({"cull": {"timout": 3600}}, "'timout' was unexpected"),
    ({"singleuser": {"startTimeout": "300"}}, "is not of type 'integer'"),
    ({"singleuser": {"lifecycleHook": {}}}, "'lifecycleHook' was unexpected"),
    ({"hub": {"config": {"jupyterhub": {}}}}, "does not match any of the regexes"),
])
def test_the_check_refuses_what_helm_refuses(change: dict, expect: str):
    found = z2jh_values.problems([values(), change])
    assert any(expect in line for line in found), found


def test_the_merge_is_helms():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    assert z2jh_values.merged(base, {"a": {"c": [3]}, "d": None}) == {"a": {"b": 1, "c": [3]}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 1}  # the defaults are not changed


def test_the_command_names_each_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert z2jh_values.main([str(VALUES)]) == 0
    assert "valid for Zero to JupyterHub chart" in capsys.readouterr().out
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("cull:\n  timout: 3600\n")
    assert z2jh_values.main([str(VALUES), str(wrong)]) == 1
    out = capsys.readouterr().out
    assert "cull: Additional properties are not allowed ('timout' was unexpected)" in out
    assert "1 problem(s) against Zero to JupyterHub chart" in out
    assert z2jh_values.main([]) == 2  # no file: it says how to call it
