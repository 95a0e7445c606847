"""JupyterHub for one server running the course: `jupyterhub -f classroom/jupyterhub_config.py`.

Learners log in with a name of their choice and the class's shared password, get a home folder
each, and the course arrives in it through the nbgitpuller link (`make link HUB=...`). Settings
come from the environment, so the same file serves a class and the tests:

  JWT_HUB_PASSWORD      the shared password (required, 8+ characters): say it in the room
  JWT_HUB_PORT          the public port (default 8000); the hub listens on 127.0.0.1 only:
                        put a TLS reverse proxy (or The Littlest JupyterHub) in front of it
  JWT_HUB_HOMES         the folder holding one home per learner (default /srv/jwt-course/homes)
  JWT_HUB_STATE         database, cookie secret, proxy pid (default /srv/jwt-course/state)
  JWT_HUB_RUNTIME       short folder for each learner's kernel sockets (default /tmp/jwt-hub)
  JWT_HUB_API_TOKEN     optional: a token for the `class-admin` service (creates learners,
                        starts their servers: what the tests and the class benchmark use)
  JWT_HUB_INTERNAL_PORT, JWT_HUB_PROXY_API_PORT   the hub's and the proxy's internal ports
  JWT_HUB_PROXY         the configurable-http-proxy command (default: classroom/node_modules)
  JWT_HUB_INSTRUCTORS   who may open the class's progress at /services/class-progress/
                        (comma-separated hub user names; they log in like learners)
  JWT_HUB_PROGRESS_PORT the port of that page's service on 127.0.0.1 (default 8002)

Every learner's server runs as the same system user (SimpleLocalProcessSpawner): the homes are
separate, but a learner's code could read another's files. Fine for a workshop of people who
trust each other; for anything else use The Littlest JupyterHub (one system user per learner)
or Zero to JupyterHub (classroom/z2jh-config.yaml).
"""

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the course's helpers, when not installed
from course_server import SERVER_ARGUMENTS  # noqa: E402 - the kernel-websocket setting

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file


def setting(name: str, default: str) -> str:
    return os.environ.get(f"JWT_HUB_{name}", default)


HOMES = Path(setting("HOMES", "/srv/jwt-course/homes"))
STATE = Path(setting("STATE", "/srv/jwt-course/state"))
RUNTIME = Path(setting("RUNTIME", "/tmp/jwt-hub"))  # noqa: S108 - sockets need a short path
PASSWORD = os.environ.get("JWT_HUB_PASSWORD", "")
if len(PASSWORD) < 8:
    raise SystemExit("Set JWT_HUB_PASSWORD to the class's shared password (8 characters or more).")
for folder in (HOMES, STATE, RUNTIME):
    folder.mkdir(parents=True, exist_ok=True)

# --- the hub: loopback only ---------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{setting('PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("INTERNAL_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
local_proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [setting("PROXY", str(local_proxy) if local_proxy.exists()
                                           else shutil.which("configurable-http-proxy") or
                                           "configurable-http-proxy")]

# --- who may log in: anyone with the shared password ---------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allow_all = True

# --- one single-user server per learner, in its own home -----------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # 40 learners spawning at once took up to 60 s on 2 cores
c.Spawner.http_timeout = 120
c.Spawner.args = [
    # Kernels talk over Unix sockets: with TCP, 40 servers picking ports at once clashed.
    "--KernelManager.transport=ipc",
    # Widget updates without Nagle's 40 ms stall, as in `make lab` (course_server/).
    *SERVER_ARGUMENTS,
    *(["--allow-root"] if os.geteuid() == 0 else []),
]
c.Spawner.environment = {
    # Kernel sockets live here; a Unix socket path must stay under about 107 bytes.
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(RUNTIME / spawner.user.name),
    # Lets whoever started the hub find every process of this run (tests stop them all).
    "JWT_HUB_RUN": os.environ.get("JWT_HUB_RUN", ""),
}

# --- an optional service account for scripts (tests, class benchmark) ----------------------------
API_TOKEN = os.environ.get("JWT_HUB_API_TOKEN")
if API_TOKEN:
    c.JupyterHub.services = [{"name": "class-admin", "api_token": API_TOKEN}]
    c.JupyterHub.load_roles = [{
        "name": "class-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:users"],
        "services": ["class-admin"],
    }]


# --- the instructor's view: learners x exercises at /services/class-progress/ ----------------------
def class_progress_service(config, homes_template: str, instructors: list[str], port: int) -> None:
    """A hub service that reads every learner's progress file (classroom/class_progress.py).

    Only the `instructors` group (and hub admins) may open it: the hub refuses anyone else before
    the service sees a request, so no learner sees another's progress through it. The service
    runs as the hub's user and reads the homes itself. `homes_template` locates a home from a
    user name: HOMES/{username} here, where every learner runs as one system user; "~{username}"
    where each learner is a system user with a private home (the hub, and so this service, runs
    as root there).
    """
    config.JupyterHub.services.append({
        "name": "class-progress",
        "url": f"http://127.0.0.1:{port}",
        "command": [sys.executable, str(HERE / "class_progress.py")],
        "environment": {"JWT_CLASS_HOMES": homes_template, "JWT_CLASS_INSTRUCTORS": ",".join(instructors)},
        "display": True,  # listed in the hub's Services menu for those who may open it
        "oauth_no_confirm": True,
    })
    config.JupyterHub.load_groups = {"instructors": {"users": instructors}}
    config.JupyterHub.load_roles.extend([
        {"name": "class-progress-viewers", "groups": ["instructors"],
         "scopes": ["access:services!service=class-progress"]},
        {"name": "class-progress-reader", "services": ["class-progress"], "scopes": ["list:users"]},
    ])


class_progress_service(c, str(HOMES / "{username}"),
                       [name.strip() for name in setting("INSTRUCTORS", "").split(",") if name.strip()],
                       int(setting("PROGRESS_PORT", "8002")))
