"""The lock files pin exactly what requirements.txt asks for (re-run `make lock` when not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = [ROOT / "requirements-lock.txt", ROOT / "classroom" / "requirements-hub-lock.txt",
         ROOT / "binder" / "requirements.txt"]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;]+)(?: ; (.*))?$")
STALE = "the lock is stale: run `make lock` and commit requirements-lock.txt and classroom/"


def ranges(path: Path) -> list[Requirement]:
    """The requirements of a requirements file (no options, no -e/-r lines)."""
    lines = [line.split("#", 1)[0].strip() for line in path.read_text().splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def pins(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Package -> [(version, marker)] of a lock file (universal locks may pin per Python)."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found.setdefault(canonicalize_name(match[1]), []).append((match[2], match[3]))
    return found


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_every_requirement_is_pinned_within_its_range(lock: Path):
    pinned = pins(lock)
    assert "-e ." in lock.read_text().splitlines(), "the lock must install the course's helpers"
    for requirement in ranges(ROOT / "requirements.txt"):
        versions = pinned.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in {lock.name}: {STALE}"
        for version, _marker in versions:
            assert requirement.specifier.contains(version, prereleases=True), \
                f"{lock.name} pins {requirement.name}=={version}, outside {requirement}: {STALE}"


@pytest.mark.parametrize(("lock", "extras"), [
    (LOCKS[1], {"jupyterhub", "nbgitpuller", "notebook", "jupyterhub-firstuseauthenticator",
                "jupyterhub-idle-culler"}),
    (LOCKS[2], {"notebook"}),  # Binder: the one package repo2docker's base would leave stale
], ids=lambda value: value.name if isinstance(value, Path) else "")
def test_the_hub_and_binder_locks_keep_the_course_lock_versions(lock: Path, extras: set[str]):
    course, other = pins(LOCKS[0]), pins(lock)
    for name, versions in course.items():
        assert other.get(name) == versions, f"{name}: {STALE}"
    assert extras <= set(other), f"{lock.name} lacks {extras - set(other)}"
    if lock == LOCKS[2]:
        assert set(other) - set(course) == extras, "Binder installs the course lock and notebook only"
