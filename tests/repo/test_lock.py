"""The lock files pin exactly what requirements.txt asks for (re-run `make lock` when not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tools.lock import BINDER_LOCK, HUB_LOCK, LOCK, ROOT, read_lock, read_requirements

STALE = "the lock is stale: run `make lock` and commit requirements-lock.txt, classroom/ and binder/"


@pytest.mark.parametrize("lock", [LOCK, HUB_LOCK, BINDER_LOCK], ids=lambda path: path.name)
def test_every_requirement_is_pinned_within_its_range(lock: Path):
    pinned = read_lock(lock)
    assert "-e ." in lock.read_text().splitlines(), "the lock must install the course's helpers"
    for requirement in read_requirements(ROOT / "requirements.txt"):
        pins = pinned.get(canonicalize_name(requirement.name))
        assert pins, f"{requirement.name} is not in {lock.name}: {STALE}"
        for pin in pins:
            assert requirement.specifier.contains(pin.version, prereleases=True), \
                f"{lock.name} pins {pin}, outside {requirement}: {STALE}"


@pytest.mark.parametrize(("lock", "extras"), [
    (HUB_LOCK, {"jupyterhub", "nbgitpuller", "notebook", "jupyterhub-firstuseauthenticator",
                "jupyterhub-idle-culler"}),
    (BINDER_LOCK, {"notebook"}),  # Binder: the one package repo2docker's base would leave stale
], ids=lambda value: value.name if isinstance(value, Path) else "")
def test_the_hub_and_binder_locks_keep_the_course_lock_versions(lock: Path, extras: set[str]):
    course, other = read_lock(LOCK), read_lock(lock)
    for name, pins in course.items():
        assert other.get(name) == pins, f"{name}: {STALE}"
    assert extras <= set(other), f"{lock.name} lacks {extras - set(other)}"
    if lock == BINDER_LOCK:
        assert set(other) - set(course) == extras, "Binder installs the course lock and notebook only"
