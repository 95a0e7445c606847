"""One constant decides the hub's version: the Zero to JupyterHub chart named in course.cfg.

Its hub runs the jupyterhub of the chart's appVersion; a single-user server with another major
version can fail to log in (redirect loops). So the hub lock (the image and the one-server hub),
the test environment, the vendored schema and the values file's helm command all follow it.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from tools.course import ROOT
from tools.lock import HUB_LOCK, read_lock, read_requirements

CLASSROOM = ROOT / "classroom"


def chart_version() -> str:
    parser = configparser.ConfigParser(inline_comment_prefixes=("#",))
    parser.read(ROOT / "course.cfg", encoding="utf-8")
    return parser["hub"]["chart"]


def hub_version() -> Version:
    """The jupyterhub the chart's hub runs (the vendored Chart.yaml's appVersion)."""
    return Version(yaml.safe_load((CLASSROOM / "z2jh-chart" / "Chart.yaml").read_text())["appVersion"])


def jupyterhub_range(path: Path) -> SpecifierSet:
    ranges = [r.specifier for r in read_requirements(path) if canonicalize_name(r.name) == "jupyterhub"]
    assert len(ranges) == 1, f"{path.name} names jupyterhub {len(ranges)} times"
    return ranges[0]


def only_major(specifier: SpecifierSet, major: int) -> list[str]:
    """Why a range is not 'the chart's major version only' (empty when it is)."""
    problems = []
    if not specifier.contains(f"{major}.99", prereleases=False):
        problems.append(f"{specifier} refuses late {major}.x releases")
    if specifier.contains(f"{major + 1}.0") or specifier.contains(f"{major + 1}.5"):
        problems.append(f"{specifier} lets jupyterhub {major + 1} in")
    if specifier.contains(f"{major - 1}.99"):
        problems.append(f"{specifier} lets jupyterhub {major - 1} in")
    return problems


def test_the_vendored_chart_is_the_one_course_cfg_names():
    chart = chart_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", chart)
    readme = (CLASSROOM / "z2jh-chart" / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[0] == f"# Zero to JupyterHub chart {chart}: schema and defaults (vendored)"
    assert f"tag `{chart}`" in readme


def test_the_values_file_installs_that_chart_version():
    values = (CLASSROOM / "z2jh-config.yaml").read_text(encoding="utf-8")
    assert re.findall(r"--version=(\S+)", values) == [chart_version()]


@pytest.mark.parametrize("path", [CLASSROOM / "requirements-hub.in", ROOT / "requirements-dev.txt"],
                         ids=lambda path: path.name)
def test_every_hub_environment_asks_for_the_charts_major_version(path: Path):
    assert only_major(jupyterhub_range(path), hub_version().major) == []


def test_the_hub_lock_pins_the_charts_major_version():
    pins = read_lock(HUB_LOCK)["jupyterhub"]
    assert len(pins) == 1 and Version(pins[0].version).major == hub_version().major, pins


def test_the_image_installs_the_hub_lock():
    dockerfile = (CLASSROOM / "Dockerfile").read_text(encoding="utf-8")
    assert "classroom/requirements-hub-lock.txt" in dockerfile


@pytest.mark.parametrize(("specifier", "why"), [
    (">=5.3", "lets jupyterhub 6 in"),
    (">=5.5,<7", "lets jupyterhub 6 in"),
    (">=4", "lets jupyterhub 4 in"),
    ("<5.5", "refuses late 5.x releases"),
])
def test_the_range_check_catches_another_major_version(specifier: str, why: str):
    assert why in " ".join(only_major(SpecifierSet(specifier), 5))
