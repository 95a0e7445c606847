"""Binder check: install the way repo2docker does, then run every notebook under nbval.

repo2docker reads binder/runtime.txt for the Python version, runs
`pip install -r binder/requirements.txt` from the repository root (the course lock's exact
versions, and `notebook`) into its own environment, which already holds Jupyter packages of its
own (notebook 7.4.7, jupyterlab 4.4.9, ...), then binder/postBuild.
This test does the same in a fresh virtual environment made with that Python (pyenv provides
3.10 to 3.13 here): repo2docker's base packages first (tests/binder/repo2docker-base.txt), then
the lock alone (what binder/ used to install: pip check must fail, notebook 7.4.7 refuses the
lock's jupyterlab), then binder/requirements.txt (pip check must pass), in a copy of the tracked
files; then it runs the strict nbval suite with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.course import ROOT
from tools.lock import installed_versions, pinned_version, python_environment

pytestmark = pytest.mark.binder


def runtime_python() -> Path | None:
    """The interpreter matching binder/runtime.txt ('python-3.12'), from pyenv or PATH."""
    wanted = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for candidate in sorted(pyenv_root.glob(f"versions/{wanted}.*/bin/python3"), reverse=True):
        return candidate
    found = shutil.which(f"python{wanted}")
    return Path(found) if found else None


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1200)


def assert_lock_installed(python: Path, checkout: Path) -> None:
    """The environment holds exactly the versions requirements-lock.txt pins for that Python
    (for the libraries the course is about), and the `notebook` binder/requirements.txt pins."""
    environment = python_environment(python)
    installed = installed_versions(python)
    for name in ("jupyterlab", "ipywidgets", "pyjwt", "cryptography"):
        pinned = pinned_version(name, checkout / "requirements-lock.txt", environment)
        assert installed.get(name) == pinned, f"{name}=={pinned} not installed from the lock"
    notebook = pinned_version("notebook", checkout / "binder" / "requirements.txt", environment)
    assert installed.get("notebook") == notebook, f"notebook=={notebook} not installed for Binder"


def test_notebooks_run_in_a_binder_style_environment(tmp_path: Path):
    python = runtime_python()
    if python is None:
        message = "no Python matching binder/runtime.txt (install it with pyenv)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    checkout = tmp_path / "repo"
    tracked = run(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        target = checkout / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    venv = tmp_path / "binder-env"
    assert run([str(python), "-m", "venv", str(venv)], tmp_path).returncode == 0
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    check = [str(venv / "bin" / "python"), "-m", "pip", "check"]
    base = run([*pip, "-r", "tests/binder/repo2docker-base.txt"], checkout)
    assert base.returncode == 0, base.stderr[-3000:]
    assert run(check, checkout).returncode == 0  # repo2docker's own environment is consistent
    # (repo2docker passes --no-cache-dir; pip's cache changes what is downloaded, not what is
    # installed, and keeps this test from downloading the lock twice.)
    lock_only = run([*pip, "-r", "requirements-lock.txt"], checkout)
    assert lock_only.returncode == 0, lock_only.stderr[-3000:]
    broken = run(check, checkout)  # the lock alone leaves repo2docker's notebook behind:
    assert broken.returncode != 0 and "notebook 7.4.7" in broken.stdout, broken.stdout
    installed = run([*pip, "-r", "binder/requirements.txt"], checkout)
    assert installed.returncode == 0, installed.stderr[-3000:]
    checked = run(check, checkout)
    assert checked.returncode == 0, checked.stdout  # binder/requirements.txt resolves it
    assert_lock_installed(venv / "bin" / "python", checkout)
    environment = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    post_build = subprocess.run(["bash", "binder/postBuild"], cwd=checkout, env=environment,
                                capture_output=True, text=True, timeout=120)
    assert post_build.returncode == 0, post_build.stderr
    shown = subprocess.run([str(venv / "bin" / "jupyter"), "server", "--show-config"],
                           cwd=tmp_path, env=environment, capture_output=True, text=True,
                           timeout=120)
    assert "course_server.PromptWebsocketConnection" in shown.stdout + shown.stderr
    tools = run([*pip, "pytest", "nbval"], checkout)
    assert tools.returncode == 0, tools.stderr[-3000:]
    result = run([str(venv / "bin" / "python"), "-m", "pytest", "-o", "addopts=", "-p",
                  "no:cacheprovider", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                  "tests/notebooks/sanitize.cfg", "notebooks"], checkout)
    assert result.returncode == 0, result.stdout[-5000:]
    assert " passed" in result.stdout.splitlines()[-1]
