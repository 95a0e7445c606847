"""JupyterHub for one server running the course: `jupyterhub -f classroom/jupyterhub_config.py`.

Each learner logs in with a name and a password they choose at their first login; nobody can
log in under that name afterwards without it. When the hub runs as root (as it should for a
class), each learner gets their own Unix account, made at that first login, with a home of mode
0700: one learner's code cannot read another's files. The course arrives in each home through
the nbgitpuller link (`make link HUB=...`). The concerns live in classroom/jwt_hub.py, one
function each. Settings come from the environment:

  JWT_HUB_ADMIN_PASSWORD  the instructor's password (10+ characters; required at the first
                        start, later it replaces the stored one); the account is an admin
  JWT_HUB_ADMIN         the instructor's account name (default instructor)
  JWT_HUB_LEARNER_ENV   the Python environment learners' servers run from (default: the hub's
                        own); every account must be able to read it (`make hub-env`)
  JWT_HUB_PORT          the public port (default 8000); the hub listens on 127.0.0.1 only:
                        put a TLS reverse proxy in front of it
  JWT_HUB_HOMES         the folder holding one home per learner (default /srv/jwt-course/homes)
  JWT_HUB_STATE         database, passwords, cookie secret, proxy pid (default /srv/jwt-course/state)
  JWT_HUB_RUNTIME       short folder for each learner's kernel sockets (default /tmp/jwt-hub)
  JWT_HUB_GROUP         the Unix group of the learners' accounts (default jwt-learners)
  JWT_HUB_CULL_IDLE     seconds without activity before a server stops (default 3600; 0: never)
  JWT_HUB_KERNEL_IDLE   seconds a kernel may run nothing before it stops (default 1800; 0: never)
  JWT_HUB_MALLOC_ARENAS glibc memory arenas per server and kernel (default 2; 0: glibc's default)
  JWT_HUB_AUTH          `accounts` (the default) or `shared-password`: one class password,
                        JWT_HUB_PASSWORD, with which anyone can log in under any name and read
                        every learner's files; only for a room of people who trust each other
  JWT_HUB_API_TOKEN     optional: a token for the `class-admin` service (creates learners,
                        starts their servers: what the tests and the class benchmark use)
  JWT_HUB_INTERNAL_PORT, JWT_HUB_PROXY_API_PORT   the hub's and the proxy's internal ports
  JWT_HUB_PROXY         the configurable-http-proxy command (default: classroom/node_modules)
  JWT_HUB_INSTRUCTORS   besides the instructor's admin account, who may open the class's progress
                        at /services/class-progress/ (comma-separated hub user names; they log in
                        like learners, and with personal accounts should do so before the class)
  JWT_HUB_PROGRESS_PORT the port of that page's service on 127.0.0.1 (default 8002)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jwt_hub import Settings, configure  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
configure(c, Settings.from_environment())
