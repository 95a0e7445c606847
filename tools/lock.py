"""Read requirements files and the locks `make lock` writes, with `packaging` (as pip does).

    python -m tools.lock jupyterlab-widgets jupyter-server   # prints name==version, one a line

One reader for the lock's tests (tests/repo/test_lock.py), the Binder and TLJH checks, the
JupyterLite build and the Makefile. A universal lock (uv's --universal) may pin a package once
per Python, each pin with its environment marker; `pinned_version` picks the pin for this
interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.course import ROOT

LOCK = ROOT / "requirements-lock.txt"
HUB_LOCK = ROOT / "classroom" / "requirements-hub-lock.txt"
BINDER_LOCK = ROOT / "binder" / "requirements.txt"  # the course lock's versions, plus `notebook`


@dataclass(frozen=True)
class Pin:
    """One `name==version` line of a lock, with its environment marker if it has one."""

    name: str  # canonical: lower case, runs of -_. as one -
    version: str
    marker: Marker | None = None

    def applies(self, environment: dict[str, str] | None = None) -> bool:
        """Whether this pin is for the given environment (default: this interpreter)."""
        return self.marker is None or self.marker.evaluate(environment)

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


def requirements_in(text: str) -> list[Requirement]:
    """The requirements of a requirements file's text: comments, blank lines and options
    (-e, -r, --index-url ...) left out."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements of a requirements file (requirements.txt, classroom/requirements-hub.in)."""
    return requirements_in(path.read_text(encoding="utf-8"))


def pins_in(text: str) -> dict[str, list[Pin]]:
    """Package (canonical name) -> its exact pins, from a lock's text or `pip freeze` output."""
    found: dict[str, list[Pin]] = {}
    for requirement in requirements_in(text):
        exact = [spec for spec in requirement.specifier if spec.operator in ("==", "===")]
        if len(exact) != 1 or len(requirement.specifier) != 1:
            raise ValueError(f"not an exact pin: {requirement}")
        name = canonicalize_name(requirement.name)
        found.setdefault(name, []).append(Pin(name, exact[0].version, requirement.marker))
    return found


def read_lock(path: Path = LOCK) -> dict[str, list[Pin]]:
    """Package (canonical name) -> its pins in a lock file (one per Python where they differ)."""
    return pins_in(path.read_text(encoding="utf-8"))


def pinned_version(name: str, path: Path = LOCK, environment: dict[str, str] | None = None) -> str:
    """The version a lock pins for `name` in the given environment (default: this interpreter).

    Raises LookupError, saying to run `make lock`, when the lock has no pin for it there.
    """
    for pin in read_lock(path).get(canonicalize_name(name), []):
        if pin.applies(environment):
            return pin.version
    raise LookupError(f"{name} is not pinned in {path.name} for this Python: run `make lock`")


def python_environment(python: Path | str) -> dict[str, str]:
    """The environment markers of another interpreter (to pick its pins from a universal lock)."""
    code = "import json, packaging.markers as m; print(json.dumps(m.default_environment()))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def installed_versions(python: Path | str) -> dict[str, str]:
    """Package (canonical name) -> version, of what another interpreter's environment holds."""
    done = subprocess.run([str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                          capture_output=True, text=True, check=True, timeout=300)
    return {canonicalize_name(package["name"]): package["version"] for package in json.loads(done.stdout)}


def main(names: list[str]) -> int:
    try:
        for name in names:
            print(f"{canonicalize_name(name)}=={pinned_version(name)}")
    except LookupError as missing:
        print(missing, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
