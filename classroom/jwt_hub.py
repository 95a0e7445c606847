"""The course's one-server JupyterHub, one concern per function (classroom/jupyterhub_config.py
calls them in order; a new concern is a new function added to STEPS).

Settings come from the environment (`Settings.from_environment`), so the same code serves a
class, the tests and the benchmark. See jupyterhub_config.py for the list.
"""

from __future__ import annotations

import dbm
import grp
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # course_server, when the hub's environment lacks the course
from course_server import SERVER_ARGUMENTS, kernel_culling_arguments  # noqa: E402

ACCOUNTS = "accounts"
SHARED_PASSWORD = "shared-password"
MIN_PASSWORD = 10  # characters, for every learner's own password and the instructor's
# Hub names that can become Unix accounts: lower case, starting with a letter, at most 32.
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{1,31}$"


class HubSetupError(SystemExit):
    """A setting the hub cannot start with; the message says what to do."""


@dataclass
class Settings:
    """What an instructor (or a test) chooses, with the defaults of a class on one server."""

    auth: str = ACCOUNTS
    port: int = 8000
    homes: Path = Path("/srv/jwt-course/homes")
    state: Path = Path("/srv/jwt-course/state")
    runtime: Path = Path("/tmp/jwt-hub")  # noqa: S108 - kernel sockets need a short path
    learner_env: Path = Path(sys.prefix)
    group: str = "jwt-learners"
    admin: str = "instructor"
    admin_password: str = ""
    shared_password: str = ""
    cull_idle: int = 3600
    kernel_idle: int = 1800
    malloc_arenas: int = 2
    internal_port: int = 8081
    proxy_api_port: int = 8001
    proxy: str = ""
    api_token: str = ""
    instructors: tuple[str, ...] = ()  # besides the admin: who may open the class's progress
    progress_port: int = 8002
    run: str = ""
    as_root: bool = field(default_factory=lambda: os.geteuid() == 0)

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str, default: Any) -> str:
            return env.get(f"JWT_HUB_{name}", str(default))

        base = cls()
        return cls(
            auth=get("AUTH", base.auth), port=int(get("PORT", base.port)),
            homes=Path(get("HOMES", base.homes)), state=Path(get("STATE", base.state)),
            runtime=Path(get("RUNTIME", base.runtime)),
            learner_env=Path(get("LEARNER_ENV", base.learner_env)),
            group=get("GROUP", base.group), admin=get("ADMIN", base.admin),
            admin_password=get("ADMIN_PASSWORD", ""), shared_password=get("PASSWORD", ""),
            cull_idle=int(get("CULL_IDLE", base.cull_idle)),
            kernel_idle=int(get("KERNEL_IDLE", base.kernel_idle)),
            malloc_arenas=int(get("MALLOC_ARENAS", base.malloc_arenas)),
            internal_port=int(get("INTERNAL_PORT", base.internal_port)),
            proxy_api_port=int(get("PROXY_API_PORT", base.proxy_api_port)),
            proxy=get("PROXY", default_proxy()), api_token=get("API_TOKEN", ""),
            instructors=tuple(name.strip() for name in get("INSTRUCTORS", "").split(",") if name.strip()),
            progress_port=int(get("PROGRESS_PORT", base.progress_port)), run=get("RUN", ""))

    @property
    def system_accounts(self) -> bool:
        """One Unix account per learner: only with personal accounts, and only a root hub can."""
        return self.auth == ACCOUNTS and self.as_root

    @property
    def passwords_file(self) -> Path:
        return self.state / "passwords.dbm"

    @property
    def viewers(self) -> list[str]:
        """Who may open the class's progress: the instructor's admin account (with personal
        accounts), then the names in JWT_HUB_INSTRUCTORS."""
        first = [self.admin] if self.auth == ACCOUNTS else []
        return list(dict.fromkeys([*first, *self.instructors]))


def default_proxy() -> str:
    local = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy") or \
        "configurable-http-proxy"


# --- the hub itself: loopback only, its state in one private folder --------------------------------

def network(c: Any, settings: Settings) -> None:
    """The hub listens on 127.0.0.1 only: put a TLS reverse proxy in front of it."""
    c.JupyterHub.bind_url = f"http://127.0.0.1:{settings.port}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.internal_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [settings.proxy]


def state(c: Any, settings: Settings) -> None:
    """Database, cookie secret, passwords and the proxy's pid, readable by root (the hub) only."""
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o700)
    c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")


# --- who logs in ------------------------------------------------------------------------------------

def accounts(c: Any, settings: Settings) -> None:
    """Personal accounts (the default), or one shared password if the instructor chose it."""
    if settings.auth == SHARED_PASSWORD:
        shared_password(c, settings)
    elif settings.auth == ACCOUNTS:
        personal_accounts(c, settings)
    else:
        raise HubSetupError(f"JWT_HUB_AUTH={settings.auth!r}: choose {ACCOUNTS!r} (the default) "
                            f"or {SHARED_PASSWORD!r}.")


def shared_password(c: Any, settings: Settings) -> None:
    """Anyone with the class password logs in under any name, a classmate's too: only for a
    room of people who trust each other."""
    if len(settings.shared_password) < 8:
        raise HubSetupError("Set JWT_HUB_PASSWORD to the class's shared password "
                            "(8 characters or more).")
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.shared_password
    c.Authenticator.allow_all = True


def personal_accounts(c: Any, settings: Settings) -> None:
    """Each learner picks a password at first login; nobody else can log in under that name.
    The instructor's account is an admin whose password is set before anyone can claim it."""
    from jwt_hub_accounts import CourseAccounts, SystemCourseAccounts

    if settings.system_accounts:
        ensure_group(settings.group)
        c.JupyterHub.authenticator_class = SystemCourseAccounts
        c.SystemCourseAccounts.learner_group = settings.group
        c.LocalAuthenticator.create_system_users = True
        # A home each, mode 0700 whatever the system's defaults (pre_spawn checks it again).
        c.LocalAuthenticator.add_user_cmd = [
            "useradd", "--create-home", "-K", "HOME_MODE=0700", "--groups", settings.group,
            "--shell", "/bin/bash", "--home-dir", str(settings.homes / "USERNAME")]
    else:
        c.JupyterHub.authenticator_class = CourseAccounts
    c.FirstUseAuthenticator.create_users = True
    c.FirstUseAuthenticator.min_password_length = MIN_PASSWORD
    c.FirstUseAuthenticator.dbm_path = str(settings.passwords_file)  # default: the hub's cwd
    c.Authenticator.username_pattern = USERNAME_PATTERN
    c.Authenticator.allow_all = True
    c.Authenticator.admin_users = {settings.admin}
    seed_admin_password(settings)


def seed_admin_password(settings: Settings) -> None:
    """Store the instructor's password (bcrypt, as FirstUseAuthenticator does) before the hub
    starts, so that no learner can claim the instructor's name first."""
    import bcrypt

    with dbm.open(str(settings.passwords_file), "c", 0o600) as passwords:
        known = settings.admin.encode() in passwords
        if settings.admin_password:
            if len(settings.admin_password) < MIN_PASSWORD:
                raise HubSetupError(f"JWT_HUB_ADMIN_PASSWORD must have {MIN_PASSWORD} characters "
                                    "or more.")
            passwords[settings.admin] = bcrypt.hashpw(settings.admin_password.encode(),
                                                       bcrypt.gensalt())
        elif not known:
            raise HubSetupError(f"Set JWT_HUB_ADMIN_PASSWORD ({MIN_PASSWORD}+ characters) for the "
                                f"instructor's account {settings.admin!r} (needed at the first "
                                "start; later it replaces the stored password).")


def ensure_group(name: str) -> None:
    """The Unix group that marks the accounts this hub created (and may therefore log in to)."""
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True)


# --- each learner's server -----------------------------------------------------------------------

def servers(c: Any, settings: Settings) -> None:
    """One single-user server per learner, in their own home, started from the learners'
    environment: as the learner's own Unix account when the hub can make them, else as the
    hub's user (homes apart, but not protected from one another)."""
    for folder in (settings.homes, settings.runtime):
        folder.mkdir(parents=True, exist_ok=True)
    binaries = settings.learner_env / "bin"
    c.Spawner.cmd = [str(binaries / "jupyterhub-singleuser")]
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = 180  # 40 learners spawning at once took up to 75 s on 2 cores
    c.Spawner.http_timeout = 120
    c.Spawner.args = server_arguments(settings)
    c.Spawner.environment = {
        # Kernel sockets live here; a Unix socket path must stay under about 107 bytes.
        "JUPYTER_RUNTIME_DIR": lambda spawner: str(settings.runtime / spawner.user.name),
        "PATH": f"{binaries}:/usr/local/bin:/usr/bin:/bin",
        # Lets whoever started the hub find every process of this run (tests stop them all).
        "JWT_HUB_RUN": settings.run,
    }
    if settings.malloc_arenas:
        # glibc gives each thread that allocates its own memory arena and rarely hands freed
        # memory back: after 08's and 09's bursts of threads, a kernel kept 17-33 MB more
        # (tools/kernel_memory.py). Two arenas are plenty for a kernel and its server.
        c.Spawner.environment["MALLOC_ARENA_MAX"] = str(settings.malloc_arenas)
    if settings.system_accounts:
        check_learners_can_run(settings.learner_env)
        settings.homes.chmod(0o755)  # each home inside is 0700: others may pass, not look
        settings.runtime.chmod(0o755)
        c.JupyterHub.spawner_class = "localprocess"
        c.Spawner.pre_spawn_hook = lambda spawner: prepare_learner(settings, spawner.user.name)
    else:
        c.JupyterHub.spawner_class = "simple"
        c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes / "{username}")


def server_arguments(settings: Settings) -> list[str]:
    """The single-user server's command-line settings."""
    arguments = [
        # Kernels talk over Unix sockets: with TCP, 40 servers picking ports at once clashed.
        "--KernelManager.transport=ipc",
        # Widget updates without Nagle's 40 ms stall, as in `make lab` (course_server/).
        *SERVER_ARGUMENTS,
    ]
    if settings.kernel_idle:
        # A kernel that ran nothing for this long is stopped, even with its tab open: JupyterLab
        # keeps every notebook's kernel, and a learner who opened all twelve would hold them all.
        arguments += kernel_culling_arguments(settings.kernel_idle)
    if settings.as_root and not settings.system_accounts:
        arguments.append("--allow-root")  # shared-password mode on a root hub: servers run as root
    return arguments


def prepare_learner(settings: Settings, name: str) -> None:
    """Before a server starts: its home is the learner's alone, and so is its socket folder."""
    entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    if home.parent == settings.homes and home.is_dir():
        home.chmod(0o700)
    sockets = settings.runtime / name
    sockets.mkdir(mode=0o700, exist_ok=True)
    os.chown(sockets, entry.pw_uid, entry.pw_gid)
    sockets.chmod(0o700)


def check_learners_can_run(environment: Path) -> None:
    """Refuse to start when a learner's account could not run the learners' environment (a
    virtual environment under /root, say): every server would fail at its first spawn."""
    python = environment / "bin" / "python"
    probe = [str(python), "-c", "import jupyterhub, nbgitpuller, jwt, helpers"]
    try:
        done = subprocess.run(probe, user=nobody_uid(), capture_output=True, text=True, timeout=120,
                              cwd="/")
        failed = done.returncode != 0
        why = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
    except OSError as error:
        failed, why = True, str(error)
    if failed:
        raise HubSetupError(
            f"Learners' accounts cannot run the environment {environment}: {why}\n"
            "It must be readable by every user (not under /root, for instance). Build one with\n"
            "  make hub-env HUB_ENV=/opt/jwt-course/env\n"
            "and start the hub with JWT_HUB_LEARNER_ENV=/opt/jwt-course/env.")


def nobody_uid() -> int:
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return 65534


# --- idle servers ----------------------------------------------------------------------------------

def idle_culler(c: Any, settings: Settings) -> None:
    """Stop a server after JWT_HUB_CULL_IDLE seconds without activity (default an hour; 0: never).
    The home and the work in it stay; the kernels and the notebooks' own servers stop."""
    if not settings.cull_idle:
        return
    every = max(10, min(300, settings.cull_idle // 4))
    add_service(c, {"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={settings.cull_idle}",
        f"--cull-every={every}"]})
    add_role(c, {"name": "idle-culler", "services": ["idle-culler"],
                 "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})


# --- the instructor's view: learners x exercises at /services/class-progress/ ----------------------

def class_progress(c: Any, settings: Settings) -> None:
    """A hub service that reads every learner's progress file (classroom/class_progress.py).

    Only the `instructors` group (the admin and JWT_HUB_INSTRUCTORS) and hub admins may open it:
    the hub refuses anyone else before the service sees a request, so no learner sees another's
    progress through it. The service runs as the hub's user and reads the homes itself: with one
    Unix account per learner (private homes) the hub, and so the service, is root, and a home is
    found from the account ("~{username}"); otherwise it is HOMES/{username}.
    """
    homes = "~{username}" if settings.system_accounts else str(settings.homes / "{username}")
    add_service(c, {
        "name": "class-progress",
        "url": f"http://127.0.0.1:{settings.progress_port}",
        "command": [sys.executable, str(HERE / "class_progress.py")],
        "environment": {"JWT_CLASS_HOMES": homes, "JWT_CLASS_INSTRUCTORS": ",".join(settings.viewers)},
        "display": True,  # listed in the hub's Services menu for those who may open it
        "oauth_no_confirm": True,
    })
    c.JupyterHub.load_groups = {"instructors": {"users": settings.viewers}}
    add_role(c, {"name": "class-progress-viewers", "groups": ["instructors"],
                 "scopes": ["access:services!service=class-progress"]})
    add_role(c, {"name": "class-progress-reader", "services": ["class-progress"],
                 "scopes": ["list:users"]})
    if settings.auth == ACCOUNTS:
        warn_about_unclaimed_instructors(settings)


def warn_about_unclaimed_instructors(settings: Settings) -> None:
    """With personal accounts the first password given claims a name: an instructor named in
    JWT_HUB_INSTRUCTORS who has not logged in yet should do so before the learners arrive."""
    with dbm.open(str(settings.passwords_file), "c", 0o600) as passwords:
        unclaimed = [name for name in settings.instructors if name.encode() not in passwords]
    if unclaimed:
        print(f"JWT hub: instructors {', '.join(unclaimed)} have no password yet: each should log in "
              "once before the class arrives (the first password given claims a name).",
              file=sys.stderr)


# --- an optional service account for scripts (tests, class benchmark) ------------------------------

def service_account(c: Any, settings: Settings) -> None:
    if not settings.api_token:
        return
    add_service(c, {"name": "class-admin", "api_token": settings.api_token})
    add_role(c, {"name": "class-admin", "services": ["class-admin"],
                 "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:users"]})


def add_service(c: Any, service: dict[str, Any]) -> None:
    c.JupyterHub.services = [*configured(c.JupyterHub, "services"), service]


def add_role(c: Any, role: dict[str, Any]) -> None:
    c.JupyterHub.load_roles = [*configured(c.JupyterHub, "load_roles"), role]


def configured(section: Any, name: str) -> list[Any]:
    """A list already set in a config section, or [] (reading an unset one would create it)."""
    return list(section[name]) if name in section else []


STEPS: list[Callable[[Any, Settings], None]] = [
    network, state, accounts, servers, idle_culler, service_account, class_progress]


def configure(c: Any, settings: Settings) -> Settings:
    """Apply every step to JupyterHub's config object."""
    for step in STEPS:
        step(c, settings)
    return settings
