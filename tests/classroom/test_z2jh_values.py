"""classroom/z2jh-config.yaml is valid for the chart course.cfg names, checked as helm checks it:
merged into the chart's defaults, against the chart's own schema (vendored, classroom/z2jh-chart/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tools import z2jh_values

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "classroom" / "z2jh-config.yaml"
# The peak of a learner's server + kernels over the whole course, with idle kernels stopped as the
# image does (make bench BENCH=P11, docs/benchmarks.md): what Kubernetes must guarantee, and more.
WHOLE_COURSE_MB = 575


def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def megabytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)", quantity).groups()
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}[unit]
    return float(number) * scale / 2**20


def test_helm_would_accept_the_values():
    assert z2jh_values.problems([values()]) == []


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


def test_each_learner_has_an_account_and_the_instructor_is_admin():
    config = values()["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "firstuseauthenticator.FirstUseAuthenticator"
    assert config["FirstUseAuthenticator"]["min_password_length"] >= 10
    assert config["FirstUseAuthenticator"]["dbm_path"].startswith("/srv/jupyterhub/")
    assert config["Authenticator"]["admin_users"] == ["instructor"]
    assert "SharedPasswordAuthenticator" not in config  # nothing secret in a committed file


def test_servers_have_the_time_and_memory_the_whole_course_needs():
    singleuser = values()["singleuser"]
    defaults = yaml.safe_load((z2jh_values.CHART / "values.yaml").read_text())
    assert singleuser["startTimeout"] >= defaults["singleuser"]["startTimeout"]
    assert megabytes(singleuser["memory"]["guarantee"]) >= 1.2 * WHOLE_COURSE_MB
    assert megabytes(singleuser["memory"]["limit"]) >= megabytes(singleuser["memory"]["guarantee"])
    assert values()["cull"]["timeout"] == 3600
    assert re.fullmatch(r"[a-z0-9./_-]+", singleuser["image"]["name"])  # image names are lower case
