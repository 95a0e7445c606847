"""classroom/jupyterhub_config.py (and jwt_hub.py behind it): personal accounts by default, a
Unix account and a private home per learner on a root hub, the shared password only when chosen,
the course's server settings, the idle culler, and the class's progress page for instructors only.
The hub test (tests/hub/) runs it for real."""

from __future__ import annotations

import asyncio
import dbm
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bcrypt
import pytest
from traitlets.config import Config
from traitlets.config.loader import LazyConfigValue, PyFileConfigLoader

from course_server import SERVER_ARGUMENTS
from tools.course import ROOT

CLASSROOM = ROOT / "classroom"
sys.path.insert(0, str(CLASSROOM))
import jwt_hub  # noqa: E402
from jwt_hub_accounts import CourseAccounts, SystemCourseAccounts  # noqa: E402

ADMIN_PASSWORD = "instructor-password"


@pytest.fixture
def settings(tmp_path: Path) -> jwt_hub.Settings:
    return jwt_hub.Settings(homes=tmp_path / "homes", state=tmp_path / "state", runtime=tmp_path / "rt",
                            port=8123, admin_password=ADMIN_PASSWORD, as_root=False,
                            learner_env=Path("/opt/env"))


def configured(settings: jwt_hub.Settings) -> Config:
    c = Config()
    jwt_hub.configure(c, settings)
    return c


def listed(value):
    """A list setting as the hub will see it (appended to, or set)."""
    return value.get_value([]) if isinstance(value, LazyConfigValue) else list(value)


def service_names(c: Config) -> list[str]:
    return [service["name"] for service in listed(c.JupyterHub.services)]


@pytest.fixture
def system_settings(settings, monkeypatch: pytest.MonkeyPatch) -> jwt_hub.Settings:
    """A root hub's settings, without touching the system (no group made, no probe run)."""
    monkeypatch.setattr(jwt_hub, "ensure_group", lambda name: None)
    monkeypatch.setattr(jwt_hub, "check_learners_can_run", lambda environment: None)
    settings.as_root = True
    return settings


def test_the_hub_listens_on_loopback_and_keeps_its_state_private(settings):
    c = configured(settings)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert c.JupyterHub.hub_ip == "127.0.0.1"
    assert settings.state.stat().st_mode & 0o777 == 0o700
    assert c.JupyterHub.db_url == f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"


def test_by_default_each_learner_picks_a_password_and_the_instructor_is_admin(settings):
    c = configured(settings)
    assert c.JupyterHub.authenticator_class is CourseAccounts
    assert c.FirstUseAuthenticator.min_password_length == 10
    assert c.FirstUseAuthenticator.dbm_path == str(settings.state / "passwords.dbm")
    assert c.Authenticator.admin_users == {"instructor"}
    with dbm.open(str(settings.state / "passwords.dbm"), "r") as passwords:  # claimed before anyone
        assert bcrypt.checkpw(ADMIN_PASSWORD.encode(), passwords[b"instructor"])


def test_the_first_start_needs_the_instructors_password(settings):
    settings.admin_password = ""
    with pytest.raises(jwt_hub.HubSetupError, match="JWT_HUB_ADMIN_PASSWORD"):
        configured(settings)
    settings.admin_password = "short"
    with pytest.raises(jwt_hub.HubSetupError, match="10 characters"):
        configured(settings)


def test_later_starts_keep_the_stored_instructor_password(settings):
    configured(settings)
    settings.admin_password = ""
    configured(settings)  # no error: the password stored at the first start stays
    with dbm.open(str(settings.state / "passwords.dbm"), "r") as passwords:
        assert bcrypt.checkpw(ADMIN_PASSWORD.encode(), passwords[b"instructor"])


def test_a_root_hub_gives_each_learner_a_unix_account_with_a_private_home(system_settings):
    c = configured(system_settings)
    assert c.JupyterHub.authenticator_class is SystemCourseAccounts
    assert c.LocalAuthenticator.create_system_users is True
    command = " ".join(c.LocalAuthenticator.add_user_cmd)
    assert "-K HOME_MODE=0700" in command and "--groups jwt-learners" in command
    assert f"--home-dir {system_settings.homes}/USERNAME" in command
    assert c.JupyterHub.spawner_class == "localprocess"
    assert "--allow-root" not in c.Spawner.args  # servers run as the learners
    assert c.Spawner.cmd == ["/opt/env/bin/jupyterhub-singleuser"]
    assert system_settings.homes.stat().st_mode & 0o777 == 0o755


def test_the_shared_password_is_an_explicit_choice(settings):
    settings.auth = "shared-password"
    with pytest.raises(jwt_hub.HubSetupError, match="JWT_HUB_PASSWORD"):
        configured(settings)
    settings.shared_password = "a-class-password"
    c = configured(settings)
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-class-password"
    assert c.JupyterHub.spawner_class == "simple"
    settings.auth = "anyone"
    with pytest.raises(jwt_hub.HubSetupError, match="choose 'accounts'"):
        configured(settings)


def test_servers_run_with_the_course_settings_and_a_short_socket_folder(settings):
    spawner = configured(settings).Spawner
    assert spawner.ip == "127.0.0.1" and spawner.default_url == "/lab"
    assert "--KernelManager.transport=ipc" in spawner.args
    assert all(argument in spawner.args for argument in SERVER_ARGUMENTS)
    assert "--MappingKernelManager.cull_idle_timeout=1800" in spawner.args
    assert "--MappingKernelManager.cull_connected=True" in spawner.args

    class Learner:
        user = type("User", (), {"name": "ada"})()

    assert spawner.environment["JUPYTER_RUNTIME_DIR"](Learner()) == str(settings.runtime / "ada")
    assert spawner.environment["PATH"].startswith("/opt/env/bin:")
    assert spawner.environment["MALLOC_ARENA_MAX"] == "2"
    settings.malloc_arenas = 0
    assert "MALLOC_ARENA_MAX" not in configured(settings).Spawner.environment


def test_the_idle_culler_stops_servers_after_an_hour_with_only_the_scopes_it_needs(settings):
    hub = configured(settings).JupyterHub
    culler = next(s for s in hub.services if s["name"] == "idle-culler")
    assert "--timeout=3600" in culler["command"] and "--cull-every=300" in culler["command"]
    role = next(r for r in hub.load_roles if r["name"] == "idle-culler")
    assert sorted(role["scopes"]) == ["delete:servers", "list:users", "read:servers",
                                      "read:users:activity"]
    settings.cull_idle = 0
    assert service_names(configured(settings)) == ["class-progress"]


def test_the_service_account_exists_only_when_asked_for(settings):
    assert "class-admin" not in service_names(configured(settings))
    settings.api_token = "t" * 32
    assert service_names(configured(settings)) == ["idle-culler", "class-admin", "class-progress"]


def test_the_config_file_reads_its_settings_from_the_environment(tmp_path, monkeypatch):
    for name, value in {"AUTH": "shared-password", "PASSWORD": "a-class-password", "PORT": "8124",
                        "HOMES": tmp_path / "h", "STATE": tmp_path / "s", "RUNTIME": tmp_path / "r",
                        "CULL_IDLE": "0", "KERNEL_IDLE": "600"}.items():
        monkeypatch.setenv(f"JWT_HUB_{name}", str(value))
    monkeypatch.delenv("JWT_HUB_API_TOKEN", raising=False)
    monkeypatch.setenv("JWT_HUB_INSTRUCTORS", " ada, grace ")
    monkeypatch.setenv("JWT_HUB_PROGRESS_PORT", "8765")
    c = PyFileConfigLoader("jupyterhub_config.py", path=str(CLASSROOM)).load_config()
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8124"
    page, _ = class_progress_setup(c)
    assert page["url"] == "http://127.0.0.1:8765"
    assert page["environment"]["JWT_CLASS_INSTRUCTORS"] == "ada,grace"
    assert "--MappingKernelManager.cull_idle_timeout=600" in c.Spawner.args


def class_progress_setup(c: Config) -> tuple[dict, dict]:
    services = {service["name"]: service for service in listed(c.JupyterHub.services)}
    roles = {role["name"]: role for role in listed(c.JupyterHub.load_roles)}
    return services["class-progress"], roles


def test_only_instructors_may_open_the_class_progress_page(settings):
    settings.instructors, settings.progress_port = ("ada", "grace"), 8765
    c = configured(settings)
    page, roles = class_progress_setup(c)
    assert page["url"] == "http://127.0.0.1:8765"
    assert page["command"] == [sys.executable, str(CLASSROOM / "class_progress.py")]
    # The admin (the instructor's own account) first; none of them is listed as a learner.
    assert page["environment"] == {"JWT_CLASS_HOMES": str(settings.homes / "{username}"),
                                   "JWT_CLASS_INSTRUCTORS": "instructor,ada,grace"}
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["instructor", "ada", "grace"]}}
    assert roles["class-progress-viewers"] == {
        "name": "class-progress-viewers", "groups": ["instructors"],
        "scopes": ["access:services!service=class-progress"]}
    assert roles["class-progress-reader"]["scopes"] == ["list:users"]  # names only, nothing else
    assert "idle-culler" in roles  # the other roles are still there


def test_with_private_homes_the_progress_page_finds_each_home_from_its_account(system_settings):
    page, _ = class_progress_setup(configured(system_settings))
    assert page["environment"]["JWT_CLASS_HOMES"] == "~{username}"


def test_with_the_shared_password_only_the_named_instructors_see_the_class(settings):
    settings.auth, settings.shared_password = "shared-password", "a-class-password"
    settings.instructors = ("ada",)
    c = configured(settings)
    page, _ = class_progress_setup(c)
    assert page["environment"]["JWT_CLASS_INSTRUCTORS"] == "ada"
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["ada"]}}


def test_an_instructor_who_has_not_claimed_their_name_is_warned_about(settings, capsys):
    settings.instructors = ("ada",)
    configured(settings)
    assert "instructors ada have no password yet" in capsys.readouterr().err
    with dbm.open(str(settings.passwords_file), "c") as passwords:
        passwords["ada"] = bcrypt.hashpw(b"adas-own-password", bcrypt.gensalt())
    configured(settings)
    assert "no password yet" not in capsys.readouterr().err


def test_learners_cannot_run_an_environment_under_root():
    if not Path(sys.executable).resolve().is_relative_to("/root") or jwt_hub.os.geteuid() != 0:
        pytest.skip("needs root, and this environment's Python under /root")
    with pytest.raises(jwt_hub.HubSetupError, match="cannot run the environment"):
        jwt_hub.check_learners_can_run(Path(sys.prefix))


# --- the accounts' rules -------------------------------------------------------------------------

def authenticate(authenticator, name: str, password: str) -> str | None:
    """The hub's answer to a login. In a thread of its own: in the whole suite, Playwright's sync
    API keeps an event loop running in this thread, where asyncio.run() refuses to start."""
    login = authenticator.authenticate(None, {"username": name, "password": password})
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, login).result()


@pytest.fixture
def system_accounts(tmp_path: Path) -> SystemCourseAccounts:
    return SystemCourseAccounts(dbm_path=str(tmp_path / "passwords.dbm"), create_users=True,
                                min_password_length=10, learner_group="no-such-group-here",
                                username_pattern=jwt_hub.USERNAME_PATTERN)


@pytest.mark.parametrize("name", ["root", "nobody", "daemon"])
def test_an_existing_system_account_cannot_be_claimed(system_accounts, name, tmp_path):
    assert authenticate(system_accounts, name, "a-long-password") is None
    with dbm.open(str(tmp_path / "passwords.dbm"), "c") as passwords:
        assert name.encode() not in passwords  # refused before any password was stored


def test_a_new_name_is_claimed_by_its_first_password_only(system_accounts):
    assert authenticate(system_accounts, "zq-newcomer", "first-password") == "zq-newcomer"
    assert authenticate(system_accounts, "zq-newcomer", "another-password") is None
    assert authenticate(system_accounts, "zq-newcomer", "first-password") == "zq-newcomer"


@pytest.mark.parametrize("name", ["Ada Lovelace", "1ada", "a", "ada/../x", "x" * 40])
def test_names_that_cannot_be_unix_accounts_are_refused(system_accounts, name):
    assert not system_accounts.validate_username(name)


def test_an_account_the_hub_made_may_log_in_again(system_accounts, monkeypatch):
    import jwt_hub_accounts

    member = type("Group", (), {"gr_mem": ["root"]})()
    monkeypatch.setattr(jwt_hub_accounts.grp, "getgrnam", lambda name: member)
    assert system_accounts.validate_username("root")  # (only because the fake group lists it)
