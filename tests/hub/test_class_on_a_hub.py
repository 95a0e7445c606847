"""A real JupyterHub on 127.0.0.1 with a small class, as classroom/jupyterhub_config.py gives it:
each learner claims a name with their own password, gets their own Unix account and a 0700 home
(the tests run as root, as a class's hub does), pulls the course with nbgitpuller from a git
server, and runs the core notebooks in their own kernels, all at the same time.

It proves what one account per learner must guarantee: nobody logs in under a taken name
without its password; learner B's kernel can neither list nor read A's home; B's token cannot
open A's server; the course still pulls and runs for everyone; the instructor is an admin who
can reset a password; the instructors, and no learner, see the class's progress page. The
accounts, homes and group are unique to the run and deleted at the end, even after a failure
(the hub fixture's finalizer). `make bench BENCH=P8` / `P11` measure whole classes.
"""

from __future__ import annotations

import os
import pwd
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import hub_driver
from tools.hub_driver import (
    CORE_NOTEBOOKS,
    COURSE_FOLDER,
    GitServer,
    Hub,
    Learner,
    login_status,
    run_in_threads,
)

pytestmark = pytest.mark.hub
CLASS_SIZE = int(os.environ.get("HUB_TEST_LEARNERS", "3"))


def required(message: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def learner_env() -> Iterator[Path | None]:
    """On a root hub, the learners' environment must be readable by every account (this one is
    under /root): build one as `make hub-env` does. Otherwise the servers run from this one."""
    missing = hub_driver.missing_tools()
    if missing:
        required("the hub test needs " + ", ".join(missing))
    if os.geteuid() != 0:
        yield None
        return
    if not Path("/usr/bin/python3").exists():
        required("the hub test needs /usr/bin/python3 for the learners' environment")
    folder = Path("/tmp") / f"jwthub-env-{uuid.uuid4().hex[:8]}"  # noqa: S108 - readable by all
    try:
        yield hub_driver.learner_environment(folder / "env")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, learner_env: Path | None) -> Iterator[Hub]:
    server = Hub(tmp_path_factory.mktemp("hub"), learner_env=learner_env)
    try:
        yield server.start()
    finally:
        server.stop()
        assert hub_driver.processes_of_run(server.run_id) == [], "the hub left processes behind"
        assert hub_driver.accounts_in(server.group) == [], "the hub left Unix accounts behind"


@pytest.fixture(scope="module")
def course_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The course served by `git daemon` on 127.0.0.1, as GitHub serves it to a class."""
    base = tmp_path_factory.mktemp("origin")
    hub_driver.course_clone(base / COURSE_FOLDER)
    with GitServer(base) as server:
        yield server.url(COURSE_FOLDER)


@pytest.fixture(scope="module")
def learners(hub: Hub, course_url: str) -> list[Learner]:
    """The class: each claims a name with a password, their servers start at once, each pulls."""
    class_list = [Learner(hub, f"{letter}{hub.run_id[:6]}") for letter in ("ada", "bob", "cyd", "dan",
                                                                          "eve", "fay")[:CLASS_SIZE]]
    for learner in class_list:
        learner.log_in()  # the first login sets the password and (as root) makes the account
    spawned = run_in_threads(hub.start_server, [learner.name for learner in class_list])
    assert not [s for s in spawned if isinstance(s, Exception)], f"{spawned}\n{hub.log_tail()}"
    pulled = run_in_threads(lambda learner: learner.pull(course_url), class_list)
    assert not [p for p in pulled if isinstance(p, Exception)], pulled
    return class_list


def home_of(hub: Hub, learner: Learner) -> Path:
    return hub.homes / learner.name


def needs_system_accounts(hub: Hub) -> None:
    if not hub.system_accounts:
        required("one Unix account per learner needs a hub run as root")


def test_every_learner_gets_the_course_in_their_own_home(hub: Hub, learners: list[Learner]):
    for learner in learners:
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    for pid in hub_driver.processes_of_run(hub.run_id, learner.name)]
        server = [command for command in commands if "jupyterhub-singleuser" in command]
        assert len(server) == 1  # one server per learner, started with the course's settings:
        assert "--KernelManager.transport=ipc" in server[0]
        assert "course_server.PromptWebsocketConnection" in server[0]
        assert "--allow-root" not in server[0] or not hub.system_accounts
        listing = learner.home_listing()
        for notebook in CORE_NOTEBOOKS:
            assert f"{COURSE_FOLDER}/notebooks/{notebook}" in listing
        assert (home_of(hub, learner) / COURSE_FOLDER / ".git").is_dir()


def test_each_learner_has_their_own_account_and_a_private_home(hub: Hub, learners: list[Learner]):
    needs_system_accounts(hub)
    uids = set()
    for learner in learners:
        account = pwd.getpwnam(learner.name)
        home = home_of(hub, learner)
        assert account.pw_dir == str(home) and account.pw_uid != 0
        assert home.stat().st_mode & 0o777 == 0o700 and home.stat().st_uid == account.pw_uid
        assert (home / COURSE_FOLDER / "notebooks").stat().st_uid == account.pw_uid  # pulled as them
        server_pid = hub.server_pid(learner.name)
        assert Path(f"/proc/{server_pid}").stat().st_uid == account.pw_uid  # runs as them
        uids.add(account.pw_uid)
    assert len(uids) == len(learners)


def test_nobody_logs_in_under_a_taken_name_without_its_password(hub: Hub, learners: list[Learner]):
    ada, bob = learners[0], learners[1]
    assert login_status(hub, ada.name, bob.password) == 403
    assert login_status(hub, ada.name, "a-guess-at-adas-password") == 403
    assert login_status(hub, ada.name.upper(), bob.password) == 403  # names are normalised
    assert login_status(hub, hub.admin, ada.password) == 403  # the instructor's name is taken too
    assert login_status(hub, ada.name, ada.password) == 302
    if hub.system_accounts:
        assert login_status(hub, "root", "a-long-enough-password") == 403  # nor a system account
        assert "root" not in [user["name"] for user in hub.api("GET", "/users")]


KERNEL_PROBE = """
import os
found = []
for action, target in (("list", {home!r}), ("read", {secret!r})):
    try:
        os.listdir(target) if action == "list" else open(target).read()
        found.append(f"{{action}}: allowed")
    except PermissionError:
        found.append(f"{{action}}: PermissionError")
print(os.getuid(), *found, sep="|")
"""


def test_a_learners_kernel_can_neither_list_nor_read_another_learners_home(
        hub: Hub, learners: list[Learner]):
    needs_system_accounts(hub)
    ada, bob = learners[0], learners[1]
    ada.server_api("PUT", "/contents/only-ada.txt", {"type": "file", "format": "text",
                                                     "content": "ada's notes"})
    secret = home_of(hub, ada) / "only-ada.txt"
    assert secret.read_text() == "ada's notes"
    kernel = bob.open_kernel(f"{COURSE_FOLDER}/notebooks/00-start-here.ipynb")
    try:
        texts, error = kernel.execute(KERNEL_PROBE.format(home=str(home_of(hub, ada)), secret=str(secret)))
        state, _ = kernel.execute(f"import os; print(os.access({str(hub.folder / 'state')!r}, os.R_OK))")
    finally:
        kernel.shutdown()
    assert error is None, error
    uid, listed, read = "".join(texts).strip().split("|")
    assert int(uid) == pwd.getpwnam(bob.name).pw_uid != pwd.getpwnam(ada.name).pw_uid
    assert (listed, read) == ("list: PermissionError", "read: PermissionError")
    assert "".join(state).strip() == "False"  # nor the hub's state (passwords, cookie secret)


def test_a_learners_token_and_cookies_cannot_open_another_learners_server(learners: list[Learner]):
    ada, bob = learners[0], learners[1]
    assert ada.server_api("GET", "/contents/")  # ada's own token opens ada's server
    with pytest.raises(hub_driver.HubError, match="403"):
        ada.server_api("GET", "/contents/", token=bob.token)
    with pytest.raises(hub_driver.HubError, match="403"):
        ada.server_api("POST", "/kernels", {"name": "python3"}, token=bob.token)
    stolen = bob.cookies.get(f"{ada.server_url}/api/contents/", allow_redirects=False, timeout=30)
    assert stolen.status_code in {302, 403}
    lab = bob.cookies.get(f"{ada.server_url}/lab", allow_redirects=True, timeout=30)
    assert lab.status_code == 403  # the hub refuses to hand bob a login to ada's server


def test_the_core_notebooks_run_green_for_every_learner_at_once(learners: list[Learner]):
    def run_course(learner: Learner) -> list[hub_driver.NotebookRun]:
        return [learner.run_notebook(f"{COURSE_FOLDER}/notebooks/{name}") for name in CORE_NOTEBOOKS]

    results = run_in_threads(run_course, learners)
    for learner, runs in zip(learners, results):
        assert not isinstance(runs, Exception), f"{learner.name}: {runs!r}"
        assert [run.name for run in runs] == CORE_NOTEBOOKS
        for run in runs:
            assert run.unexpected_errors() == [], learner.name
            exercises = [cell for cell in run.cells if "Your turn" in cell.stored]
            assert exercises, f"{run.name} has no exercise"
            for cell in exercises:  # every checker answers (politely: not answered yet)
                assert cell.error is None and "Your turn" in "".join(cell.texts), (learner.name, cell)
        expiry = runs[-1]
        raised = [cell.error for cell in expiry.cells if "raises-exception" in cell.tags]
        assert any(error and error.startswith("ExpiredSignatureError") for error in raised)
        assert any("ExpiredSignatureError" in text for text in expiry.widget_texts), \
            f"{learner.name}'s countdown never showed ExpiredSignatureError"


# --- the instructor's view: /services/class-progress/ -----------------------------------------------

def answer_in_own_kernel(learner: Learner, code: str) -> list[str]:
    """Run code in a new kernel of the learner's 00 notebook (cwd: their course's notebooks/)."""
    kernel = learner.open_kernel(f"{COURSE_FOLDER}/notebooks/00-start-here.ipynb")
    try:
        texts, error = kernel.execute(code)
    finally:
        kernel.shutdown()
    assert error is None, error
    return texts


def exercise_states(instructor: Learner, hub: Hub) -> dict[str, str]:
    reply = instructor.cookies.get(f"{hub.url}/services/class-progress/data", timeout=60)
    assert reply.status_code == 200, reply.text[:300]
    return {row["name"]: row["exercises"]["00-start-here/ex1"] for row in reply.json()["learners"]}


def test_the_instructor_sees_the_class_as_it_works_and_no_learner_can(hub: Hub, learners: list[Learner]):
    first, second, third = learners[:3]
    check = "from helpers.exercises import check_part_count\nprint(check_part_count({}))"
    assert "Correct" in "".join(answer_in_own_kernel(first, check.format(3)))
    assert "Not yet" in "".join(answer_in_own_kernel(second, check.format(2)))

    # An instructor named in JWT_HUB_INSTRUCTORS claims the name at first login, like a learner.
    instructor = Learner(hub, hub.instructor)
    instructor.log_in()
    page = instructor.cookies.get(f"{hub.url}/services/class-progress/", timeout=60)
    assert page.status_code == 200 and "<h1>Class progress</h1>" in page.text
    assert f'data-learner="{first.name}"' in page.text
    for staff in (hub.instructor, hub.admin):  # neither is listed as a learner
        assert f'data-learner="{staff}"' not in page.text
    states = exercise_states(instructor, hub)
    assert {name: states[name] for name in (first.name, second.name, third.name)} == {
        first.name: "done", second.name: "tried", third.name: "not started"}

    # The class goes on working: what the page fetches next shows it.
    answer_in_own_kernel(third, check.format(3))
    rows = instructor.cookies.get(f"{hub.url}/services/class-progress/rows", timeout=60).json()
    row = rows["rows"].split(f'data-learner="{third.name}"', 1)[1].split("</tr>", 1)[0]
    assert '<td data-state="done">' in row
    assert exercise_states(instructor, hub)[third.name] == "done"
    # The instructor's admin account sees the same page.
    teacher = Learner(hub, hub.admin, password=hub.admin_password)
    teacher.log_in()
    assert exercise_states(teacher, hub)[third.name] == "done"

    for learner in learners:  # the hub refuses every learner before the service sees them
        for path in ("", "data", "rows"):
            refused = learner.cookies.get(f"{hub.url}/services/class-progress/{path}", timeout=60)
            assert refused.status_code == 403, (learner.name, path, refused.status_code)
            assert first.name not in refused.text or learner is first
    # Nor does a learner's own server reach another's home, where the progress file is.
    for path in (f"/contents/../{first.name}/{COURSE_FOLDER}/notebooks",
                 f"/contents/%2E%2E/{first.name}/{COURSE_FOLDER}/notebooks"):
        with pytest.raises(hub_driver.HubError):
            second.server_api("GET", path)


def test_the_instructor_is_an_admin_who_can_reset_a_learners_password(hub: Hub, learners: list[Learner]):
    teacher = hub_driver.Learner(hub, hub.admin, password=hub.admin_password)
    assert login_status(hub, hub.admin, hub.admin_password, teacher.cookies) == 302
    assert teacher.cookies.get(f"{hub.url}/hub/admin", timeout=30).status_code == 200
    assert login_status(hub, learners[0].name, learners[0].password, teacher.cookies) == 302
    # The reset: delete the user on the admin page (the API call it makes); the home stays, and
    # the learner's next login sets a new password.
    forgetful = learners[-1]
    hub.stop_servers([forgetful.name])
    hub.api("DELETE", f"/users/{forgetful.name}")
    assert login_status(hub, forgetful.name, "a-brand-new-password") == 302
    assert login_status(hub, forgetful.name, forgetful.password) == 403
    assert (home_of(hub, forgetful) / COURSE_FOLDER / "notebooks").is_dir()
