"""The lock files pin exactly what requirements.txt asks for (re-run `make lock` when not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tools.lock import HUB_LOCK, LOCK, ROOT, read_lock, read_requirements

STALE = "the lock is stale: run `make lock` and commit requirements-lock.txt and classroom/"


@pytest.mark.parametrize("lock", [LOCK, HUB_LOCK], ids=lambda path: path.name)
def test_every_requirement_is_pinned_within_its_range(lock: Path):
    pinned = read_lock(lock)
    assert "-e ." in lock.read_text().splitlines(), "the lock must install the course's helpers"
    for requirement in read_requirements(ROOT / "requirements.txt"):
        pins = pinned.get(canonicalize_name(requirement.name))
        assert pins, f"{requirement.name} is not in {lock.name}: {STALE}"
        for pin in pins:
            assert requirement.specifier.contains(pin.version, prereleases=True), \
                f"{lock.name} pins {pin}, outside {requirement}: {STALE}"


def test_the_hub_lock_keeps_the_course_lock_versions():
    course, hub = read_lock(LOCK), read_lock(HUB_LOCK)
    for name, pins in course.items():
        assert hub.get(name) == pins, f"{name}: {STALE}"
    for extra in ("jupyterhub", "nbgitpuller"):
        assert extra in hub


def test_binder_installs_the_lock():
    lines = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == ["-r ../requirements-lock.txt"]
