"""The Littlest JupyterHub's path (docs/instructor-notes.md), as far as it runs here: TLJH's
installer needs the internet and systemd, so its user environment is rebuilt from TLJH's own
requirement files, and the course's hub config stands in for TLJH's hub (both give each learner
a password at first login and a Unix account).

- The course's lock installs into that environment (jupyterhub < 6, as TLJH forces there) the
  way the notes say, `pip install -r requirements-lock.txt` from a checkout, with no broken
  requirements, and PyJWT and JupyterLab end at the lock's versions.
- A learner whose server runs from it opens the nbgitpuller link `make link` prints: the hub
  starts the server, the course is pulled into the home, the link lands on notebook 00, and its
  first cells run in that environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import hub_driver, links
from tools.course import ROOT
from tools.hub_driver import COURSE_FOLDER, GitServer, Hub, Learner
from tools.lock import LOCK, installed_versions, pinned_version, python_environment

pytestmark = pytest.mark.hub
# the-littlest-jupyterhub, commit 84ed38fd (2026-04-01): tljh/requirements-hub-env.txt (the
# installer forces the user environment's jupyterhub to the hub's range, tljh/installer.py) and
# tljh/requirements-user-env-extras.txt (what a fresh install adds to the user environment).
TLJH_USER_ENVIRONMENT = ["jupyterhub>=5.2.0,<6", "notebook>=7.2.2,<8", "jupyterlab>=4.2.5,<5",
                         "nbgitpuller>=1.2.1,<2", "jupyter-resource-usage>=1.1.0,<2",
                         "ipywidgets>=8.1.5,<9"]


def required(message: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=1200, **options)


@pytest.fixture(scope="module")
def tljh() -> Iterator[Path]:
    """/opt/tljh/user and /opt/jwt-course, in a folder every account can read."""
    missing = hub_driver.missing_tools()
    if missing:
        required("the TLJH check needs " + ", ".join(missing))
    if not Path("/usr/bin/python3").exists():
        required("the TLJH check needs /usr/bin/python3 (TLJH's user environment is not under /root)")
    folder = Path("/tmp") / f"jwthub-tljh-{uuid.uuid4().hex[:8]}"  # noqa: S108 - readable by all
    folder.mkdir(mode=0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def user_environment(tljh: Path) -> Path:
    """TLJH's user environment with the course installed as the instructor notes say."""
    checkout = tljh / "jwt-course"  # the notes: a checkout of the class branch in /opt/jwt-course
    tracked = run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, checkout / name)
    environment = tljh / "user"
    assert run(["/usr/bin/python3", "-m", "venv", str(environment)]).returncode == 0
    python = str(environment / "bin" / "python")
    uv = str(Path(sys.executable).with_name("uv"))
    tljh_made = run([uv, "pip", "install", "--quiet", "--python", python, *TLJH_USER_ENVIRONMENT])
    assert tljh_made.returncode == 0, tljh_made.stderr[-3000:]
    # The instructor's step (as `sudo -E pip install ...` from an admin's terminal on TLJH):
    course = run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  "-r", "requirements-lock.txt"], cwd=checkout)
    assert course.returncode == 0, course.stderr[-3000:]
    assert run([python, "-m", "course_server"], cwd="/").returncode == 0
    run(["chmod", "-R", "a+rX", str(tljh)])
    return environment


def test_the_course_lock_installs_into_a_tljh_user_environment(user_environment: Path):
    python = str(user_environment / "bin" / "python")
    checked = run([python, "-m", "pip", "check"])
    assert checked.returncode == 0, checked.stdout
    installed = installed_versions(python)
    assert installed["jupyterhub"].startswith("5."), installed["jupyterhub"]  # TLJH's hub is 5
    environment = python_environment(python)
    for name in ("pyjwt", "cryptography", "jupyterlab", "ipywidgets"):
        pinned = pinned_version(name, LOCK, environment)
        assert installed.get(name) == pinned, f"{name}=={pinned} not installed from the lock"


def test_the_nbgitpuller_link_opens_the_course_there(user_environment: Path,
                                                     tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("origin")
    hub_driver.course_clone(base / COURSE_FOLDER)
    with GitServer(base) as git:
        hub = Hub(tmp_path_factory.mktemp("tljh-hub"), learner_env=user_environment)
        try:
            hub.start()
            learner = Learner(hub, f"tl{hub.run_id[:6]}")
            learner.log_in()
            link = links.nbgitpuller_url(hub.url, links.read_course(), repository=git.url(COURSE_FOLDER))
            events, landed = learner.follow_link(link)
            assert landed.status_code == 200 and landed.url.endswith(
                f"/lab/tree/{COURSE_FOLDER}/notebooks/00-start-here.ipynb"), landed.url
            assert any("Cloning into" in event for event in events), events
            run_00 = learner.run_notebook(f"{COURSE_FOLDER}/notebooks/00-start-here.ipynb")
            assert run_00.unexpected_errors() == []
            setup = next(cell for cell in run_00.cells if "check_environment()" in cell.source)
            assert "Ready" in "".join(setup.texts)  # the setup check, in TLJH's environment
            pid = hub.server_pid(learner.name)
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
            assert str(user_environment) in command
        finally:
            hub.stop()
            assert hub_driver.accounts_in(hub.group) == []
