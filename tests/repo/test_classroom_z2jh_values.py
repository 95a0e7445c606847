"""classroom/z2jh-config.yaml is valid for the chart course.cfg names, checked as helm checks it:
merged into the chart's defaults, against the chart's own schema (vendored, classroom/z2jh-chart/;
the check itself, tools/z2jh_values.py, is tested in tests/tools/test_z2jh_values.py)."""

from __future__ import annotations

import re

import yaml

from tools import z2jh_values
from tools.course import ROOT

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
