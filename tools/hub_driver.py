"""Drive a real JupyterHub on 127.0.0.1 with simulated learners: shared by tests/hub and the bench.

The hub runs classroom/jupyterhub_config.py as a class gets it (personal accounts: each learner
claims a name with a password at first login; as root, one Unix account and a 0700 home each;
kernels over Unix sockets) with configurable-http-proxy from classroom/node_modules, or in its
shared-password mode when asked. A learner here is what a browser would be: it logs in with its
own password (cookies), pulls the course with the nbgitpuller API its link page calls, and runs
notebooks in its own kernel over the Jupyter server's REST and websocket API, through the
hub's proxy.

Every process the hub starts carries JWT_HUB_RUN=<this run's id> in its environment, so stop()
can find and end all of them (servers, kernels, proxy) even after a failure; and every Unix
account it made is in this run's own group, so stop() deletes them all, with their homes.
"""

from __future__ import annotations

import grp
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tools.course import CORE, course_notebook_names
from tools.waiting import free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
PROXY = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "course-password-for-tests"  # noqa: S105 - a throwaway hub on loopback
COURSE_FOLDER = "jwt-course"
CORE_NOTEBOOKS = list(CORE)  # what the class runs: the tutorial, 00-04
ALL_NOTEBOOKS = course_notebook_names()  # the whole course, in order (P11)
# What a notebook's widgets must show before its run counts as done: 04's countdown lives
# LIFETIME = 30 s from the cell that starts it, so after 04's last cell a learner keeps listening
# until it shows ExpiredSignatureError, at most AFTER_COUNTDOWN_LISTEN_S. The ONE setting for
# the hub test and the benchmarks (P8, P11); listening stops as soon as the text is seen.
WIDGET_SHOWS = {"04-expiry.ipynb": "ExpiredSignatureError"}
AFTER_COUNTDOWN_LISTEN_S = 45.0


def missing_tools() -> list[str]:
    """What a hub run needs and is not installed (empty when everything is there)."""
    missing = []
    for module in ("jupyterhub", "nbgitpuller", "requests", "websocket"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python package {module} (pip install -r requirements-dev.txt)")
    if not PROXY.exists():
        missing.append("configurable-http-proxy (make hub-proxy)")
    return missing


def _environments_of_other_processes() -> Iterator[tuple[int, list[bytes]]]:
    """(pid, its environment as NAME=value byte strings) of every process but this one whose
    environment we may read; the others (gone meanwhile, or another user's) are passed over."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            variables = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        yield int(entry.name), variables


def processes_of_run(run_id: str, user: str | None = None) -> list[int]:
    """Pids whose environment carries JWT_HUB_RUN=run_id (and JUPYTERHUB_USER=user if given):
    the hub's proxy, and every learner's server and kernels."""
    markers = [f"JWT_HUB_RUN={run_id}".encode()]
    if user is not None:
        markers.append(f"JUPYTERHUB_USER={user}".encode())
    return [pid for pid, variables in _environments_of_other_processes()
            if all(marker in variables for marker in markers)]


def processes_by_learner(run_id: str) -> dict[str, list[int]]:
    """Learner name -> pids of their server and kernels, for one hub run, in one pass over /proc
    (processes of the run without a learner, such as the proxy, under "")."""
    marker = f"JWT_HUB_RUN={run_id}".encode()
    found: dict[str, list[int]] = {}
    for pid, variables in _environments_of_other_processes():
        if marker in variables:
            user = next((v[len(b"JUPYTERHUB_USER="):].decode() for v in variables
                         if v.startswith(b"JUPYTERHUB_USER=")), "")
            found.setdefault(user, []).append(pid)
    return found


def memory_of(pids: Iterable[int]) -> dict[str, int]:
    """Summed RSS and USS (bytes) of some processes (those gone meanwhile count 0)."""
    total = {"rss": 0, "uss": 0}
    for pid in pids:
        try:
            rss, uss = rss_and_uss_bytes(pid)
        except (OSError, KeyError):
            continue
        total["rss"] += rss
        total["uss"] += uss
    return total


def available_memory_bytes() -> int:
    """MemAvailable of the machine."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def rss_and_uss_bytes(pid: int) -> tuple[int, int]:
    """Resident and unique (private) memory of one process, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        values[key] = int(rest.split()[0]) * 1024
    return values["Rss"], values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)


@dataclass
class Hub:
    """A JupyterHub with its private state under `folder`; start() then stop().

    auth: "accounts" (the course's default: personal passwords, and on a root hub one Unix
    account per learner) or "shared-password". learner_env: the environment learners' servers
    run from (default this one; a root hub with accounts needs one every account can read, see
    learner_environment()).
    """

    folder: Path
    auth: str = "accounts"
    learner_env: Path | None = None
    password: str = PASSWORD  # the shared password, in that mode
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    extra_environment: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def system_accounts(self) -> bool:
        """Whether the hub makes a Unix account per learner (personal accounts on a root hub)."""
        return self.auth == "accounts" and os.geteuid() == 0

    @property
    def public(self) -> Path:
        """Where the learners' homes live: a folder every account may pass through (pytest's
        temporary folders are private to root)."""
        if self.system_accounts:
            return Path(tempfile.gettempdir()) / f"jwthub-{self.run_id[:8]}"
        return self.folder

    @property
    def homes(self) -> Path:
        return self.public / "homes"

    @property
    def runtime(self) -> Path:
        """The learners' kernel-socket folders: short, since a socket path must stay short."""
        return Path("/tmp") / f"jh{self.run_id[:6]}"  # noqa: S108

    @property
    def group(self) -> str:
        """This run's Unix group: every account the hub makes joins it (and stop() deletes them)."""
        return f"jwt{self.run_id[:8]}"

    @property
    def admin(self) -> str:
        return f"teacher{self.run_id[:6]}"

    @property
    def instructor(self) -> str:
        """A second instructor (JWT_HUB_INSTRUCTORS, not an admin): may open the class's progress."""
        return f"helper{self.run_id[:6]}"

    def environment(self) -> dict[str, str]:
        learner_env = self.learner_env or Path(sys.prefix)
        return {**os.environ, "JWT_HUB_AUTH": self.auth, "JWT_HUB_PASSWORD": self.password,
                "JWT_HUB_ADMIN": self.admin, "JWT_HUB_ADMIN_PASSWORD": self.admin_password,
                "JWT_HUB_GROUP": self.group, "JWT_HUB_LEARNER_ENV": str(learner_env),
                "JWT_HUB_PORT": str(self.port),
                "JWT_HUB_INTERNAL_PORT": str(free_port()), "JWT_HUB_PROXY_API_PORT": str(free_port()),
                "JWT_HUB_HOMES": str(self.homes), "JWT_HUB_STATE": str(self.folder / "state"),
                "JWT_HUB_RUNTIME": str(self.runtime), "JWT_HUB_API_TOKEN": self.token,
                "JWT_HUB_PROXY": str(PROXY), "JWT_HUB_RUN": self.run_id,
                "JWT_HUB_INSTRUCTORS": self.instructor, "JWT_HUB_PROGRESS_PORT": str(free_port()),
                "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
                **self.extra_environment}

    def start(self, timeout: float = 90) -> Hub:
        """Launch the hub (its own process group) and wait until its API answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.system_accounts:
            self.public.mkdir(mode=0o755, exist_ok=True)
            self.public.chmod(0o755)
        self.port = free_port()
        self.log_path = self.folder / "hub.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.folder,
                env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_until(self._answers, timeout, every=0.2):
            raise RuntimeError(f"the hub did not answer within {timeout} s:\n{self.log_tail()}")
        return self

    def _answers(self) -> bool:
        """True once the hub's API answers; raises if the hub has exited."""
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"the hub exited at start:\n{self.log_tail()}")
        try:
            self.api("GET", "")
            return True
        except (OSError, HubError):
            return False

    def log_tail(self, characters: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-characters:] if self.log_path else ""

    def api(self, method: str, path: str, body: Any = None, timeout: float = 30) -> Any:
        """Call the hub's REST API (/hub/api...) as the class-admin service."""
        import requests

        reply = requests.request(method, f"{self.url}/hub/api{path}", json=body, timeout=timeout,
                                 headers={"Authorization": f"token {self.token}"})
        if reply.status_code >= 400:
            raise HubError(f"{method} {path}: {reply.status_code} {reply.text[:300]}")
        return reply.json() if reply.content else None

    def add_learners(self, names: Iterable[str]) -> None:
        """Create hub users through the API (with accounts, their names stay claimable by the
        first password that logs in: learners should log in at the start of class)."""
        self.api("POST", "/users", {"usernames": list(names)})

    def start_server(self, name: str, timeout: float = 240) -> float:
        """Ask for a learner's server and wait until it is ready; return the seconds it took."""
        started = time.monotonic()
        self.api("POST", f"/users/{name}/server")
        def ready() -> bool:
            return bool(self.api("GET", f"/users/{name}").get("servers", {}).get("", {}).get("ready"))

        if not wait_until(ready, timeout, every=0.25):
            raise HubError(f"{name}'s server was not ready after {timeout} s")
        return time.monotonic() - started

    def server_pid(self, name: str) -> int | None:
        """The pid of a learner's single-user server (from the hub's view of its state)."""
        state = self.api("GET", f"/users/{name}?include_stopped_servers=false")
        server = state.get("servers", {}).get("", {})
        return (server.get("state") or {}).get("pid")

    def stop_servers(self, names: Iterable[str], timeout: float = 120) -> None:
        """Stop the learners' servers and wait until the hub says they are gone."""
        names = list(names)
        for name in names:
            try:
                self.api("DELETE", f"/users/{name}/server")
            except HubError:
                pass
        wait_until(lambda: not any(self.api("GET", f"/users/{n}").get("servers") for n in names),
                   timeout, every=0.5)

    def stop(self) -> None:
        """SIGTERM the hub (it stops its servers and proxy), kill whatever this run left, and
        delete the Unix accounts it made, with their homes."""
        process, self.process = self.process, None
        try:
            if process is not None and process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=60)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
            for _ in range(3):
                left = processes_of_run(self.run_id)
                if not left:
                    break
                for pid in left:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.5)
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        finally:
            if self.system_accounts:
                remove_accounts(self.group)
                shutil.rmtree(self.public, ignore_errors=True)
            shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def accounts_in(group: str) -> list[str]:
    """The Unix accounts in a group (none when the group does not exist)."""
    try:
        return list(grp.getgrnam(group).gr_mem)
    except KeyError:
        return []


def remove_accounts(group: str) -> list[str]:
    """Delete every account of a group made by a test hub (home included), then the group;
    return what is left (empty when all went)."""
    for name in accounts_in(group):
        subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
    subprocess.run(["groupdel", group], capture_output=True, check=False)
    return accounts_in(group)


def learner_environment(target: Path, python: str = "/usr/bin/python3") -> Path:
    """An environment every Unix account can run, with what a class's hub installs
    (`make hub-env`), for a root hub with accounts: the course's .venv sits under /root here.
    Built with uv (seconds when its cache is warm); returns target."""
    from tools import hub_env

    target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    hub_env.build(target, python=python, installer="uv")
    return target


class HubError(RuntimeError):
    """The hub or a learner's server answered with an error."""


def login_status(hub: Hub, name: str, password: str, session: Any = None) -> int:
    """POST the hub's login form as a browser does (it needs the _xsrf cookie of GET /hub/login);
    return the status: 302 logged in, 403 refused."""
    import requests

    session = session or requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=30)
    reply = session.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False,
                         data={"username": name, "password": password,
                               "_xsrf": session.cookies.get("_xsrf", "")})
    return reply.status_code


@dataclass
class CellRun:
    """What one code cell printed or raised when a learner ran it."""

    index: int
    source: str
    tags: list[str]
    texts: list[str]
    error: str | None
    seconds: float
    stored: str = ""  # the text of the outputs committed with the notebook


@dataclass
class NotebookRun:
    """A notebook run in a learner's kernel: its cells, and what its widgets said meanwhile."""

    name: str
    cells: list[CellRun]
    widget_texts: list[str]

    def unexpected_errors(self) -> list[str]:
        return [f"{self.name} cell {c.index}: {c.error}" for c in self.cells
                if c.error and "raises-exception" not in c.tags]


class Learner:
    """One simulated learner: browser-like cookies for the hub, a token for its server's API,
    and the password it claims its name with (personal accounts) or the class's (shared)."""

    def __init__(self, hub: Hub, name: str, password: str | None = None) -> None:
        import requests

        self.hub = hub
        self.name = name
        self.password = password or (hub.password if hub.auth == "shared-password"
                                     else secrets.token_urlsafe(12))
        self.cookies = requests.Session()
        self.token = ""

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def log_in(self) -> None:
        """Log in from the hub's login page as a browser does (the first login under a name
        sets its password); then get a token for this learner's server API."""
        status = login_status(self.hub, self.name, self.password, self.cookies)
        if status != 302:
            raise HubError(f"{self.name} could not log in: {status}")
        made = self.hub.api("POST", f"/users/{self.name}/tokens",
                            {"note": "course test", "expires_in": 3600 * 4})
        self.token = made["token"]

    def pull(self, repo: str, branch: str = "main", folder: str = COURSE_FOLDER,
             timeout: float = 180) -> list[str]:
        """Clone (or merge) the course into the home, as the nbgitpuller link's page does.

        The link's page (/git-pull) only renders; its script then calls /git-pull/api, a stream
        of events ending in 'finished', with the page's _xsrf token.
        """
        params = {"repo": repo, "branch": branch, "targetpath": folder}
        page = self.cookies.get(f"{self.server_url}/git-pull", params=params, timeout=timeout)
        found = re.search(r'data-xsrf="([^"]+)"', page.text)
        if page.status_code != 200 or not found:
            raise HubError(f"{self.name}'s nbgitpuller page: {page.status_code}")
        return self._pull_events(params, found[1], timeout)

    def _pull_events(self, params: dict[str, str], xsrf: str, timeout: float) -> list[str]:
        """Call /git-pull/api with the page's _xsrf token and read its stream of events up to
        'finished' (what the link page's script does); raise HubError on 'error' or a cut stream."""
        reply = self.cookies.get(f"{self.server_url}/git-pull/api", stream=True, timeout=timeout,
                                 params={**params, "_xsrf": unquote(html.unescape(xsrf))})
        events = []
        for line in reply.iter_lines(decode_unicode=True):
            if line and line.startswith("data:"):
                event = json.loads(line[5:])
                events.append(event.get("output") or event.get("message") or "")
                if event.get("phase") == "finished":
                    return events
                if event.get("phase") == "error":
                    raise HubError(f"{self.name}'s pull failed: {event.get('message')}")
        raise HubError(f"{self.name}'s pull ended without 'finished' ({reply.status_code})")

    def follow_link(self, link: str, timeout: float = 240) -> tuple[list[str], Any]:
        """Open an nbgitpuller link as a logged-in browser does: the hub starts the server if
        needed (its spawn page waits meanwhile), the link's page pulls the course (the same
        stream its script calls), then opens the link's urlpath. Returns the pull's events and
        the reply of the page it ends on."""
        started = time.monotonic()
        page = self.cookies.get(link, timeout=timeout)
        while "/git-pull" not in urlsplit(page.url).path and time.monotonic() - started < timeout:
            time.sleep(1)  # the spawn page: it moves on once the server is ready
            page = self.cookies.get(link, timeout=timeout)
        found = re.search(r'data-xsrf="([^"]+)"', page.text)
        if page.status_code != 200 or not found:
            raise HubError(f"{self.name}'s link page: {page.status_code} {page.url}")
        query = dict(parse_qsl(urlsplit(page.url).query))
        events = self._pull_events(query, found[1], timeout)
        landed = self.cookies.get(f"{self.server_url}/{query['urlpath'].lstrip('/')}", timeout=timeout)
        return events, landed

    def server_api(self, method: str, path: str, body: Any = None, token: str | None = None,
                   timeout: float = 60) -> Any:
        """Call this learner's Jupyter server REST API (/api...) with its token (or another)."""
        import requests

        reply = requests.request(method, f"{self.server_url}/api{path}", json=body, timeout=timeout,
                                 headers={"Authorization": f"token {token or self.token}"},
                                 allow_redirects=False)
        if reply.status_code >= 300:
            raise HubError(f"{method} {path}: {reply.status_code}")
        return reply.json() if reply.content else None

    def home_listing(self, path: str = "") -> list[str]:
        """Every file path in the learner's home as its server shows it (recursively)."""
        found = []
        for item in self.server_api("GET", f"/contents/{path}")["content"]:
            found.append(item["path"])
            if item["type"] == "directory" and not item["name"].startswith("."):
                found += self.home_listing(item["path"])
        return found

    def open_kernel(self, relative_path: str, timeout: float = 180) -> Kernel:
        """A new kernel session for a notebook path (the kernel starts in its folder)."""
        import websocket

        session = self.server_api("POST", "/sessions", {
            "path": relative_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        url = (f"{self.server_url.replace('http', 'ws', 1)}/api/kernels/"
               f"{session['kernel']['id']}/channels")
        channel = websocket.create_connection(
            url, timeout=timeout, header=[f"Authorization: token {self.token}"],
            sockopt=((socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),))
        return Kernel(self, session["id"], channel)

    def run_notebook(self, relative_path: str, keep_kernel: bool = False,
                     pauses: list[float] | None = None,
                     pause: Callable[[Kernel, float], None] | None = None,
                     before_leaving: Callable[[Kernel], None] | None = None) -> NotebookRun:
        """Run every code cell of a notebook in a new kernel of this learner's server, in order.

        pauses: seconds before each code cell (a reader's pace; none: back to back), spent in
        pause(kernel, seconds) (default: listening to the kernel, so widget updates arrive).
        After the last cell, a notebook in WIDGET_SHOWS is listened to until its widgets show
        that text (at most AFTER_COUNTDOWN_LISTEN_S). The kernel is shut down at the end unless
        keep_kernel (a learner who moves on in JupyterLab leaves it running); before_leaving(kernel)
        runs just before that (the benchmark asks the kernel what it cost).
        """
        notebook = self.server_api("GET", f"/contents/{relative_path}?content=1")["content"]
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        waits = pauses or [0.0] * len(code)
        pause = pause or (lambda kernel, seconds: kernel.listen(seconds))
        name = relative_path.rsplit("/", 1)[-1]
        kernel = self.open_kernel(relative_path)
        try:
            cells = []
            for index, (cell, wait) in enumerate(zip(code, waits)):
                if wait > 0:
                    pause(kernel, wait)
                cells.append(kernel.run_cell(cell, index))
            if name in WIDGET_SHOWS:
                kernel.listen_until(WIDGET_SHOWS[name], AFTER_COUNTDOWN_LISTEN_S)
            if before_leaving is not None:
                before_leaving(kernel)
        finally:
            if not keep_kernel:
                kernel.shutdown()
            else:
                kernel.close()
        return NotebookRun(name, cells, kernel.widget_texts)


class Kernel:
    """A kernel of a learner's server, reached through the hub's proxy over its websocket."""

    def __init__(self, learner: Learner, session_id: str, channel: Any) -> None:
        self.learner = learner
        self.session_id = session_id
        self.channel = channel
        self.client_session = uuid.uuid4().hex
        self.widget_texts: list[str] = []

    def _note_widgets(self, message: dict[str, Any]) -> None:
        if message.get("msg_type") in {"comm_msg", "comm_open"}:
            state = message.get("content", {}).get("data", {}).get("state", {})
            value = state.get("value")
            if isinstance(value, str) and value:
                self.widget_texts.append(value)

    def listen(self, seconds: float) -> None:
        """Keep reading messages (widget updates) for a while."""
        self.listen_until(None, seconds)

    def listen_until(self, text: str | None, seconds: float) -> bool:
        """Read messages until a widget shows `text` (never, if None) or `seconds` have passed;
        return whether it was shown."""
        import websocket

        deadline = time.monotonic() + seconds
        seen = lambda: text is not None and any(text in shown for shown in self.widget_texts)  # noqa: E731
        try:
            while not seen() and time.monotonic() < deadline:
                self.channel.settimeout(max(0.1, deadline - time.monotonic()))
                try:
                    self._note_widgets(json.loads(self.channel.recv()))
                except websocket.WebSocketTimeoutException:
                    break
        finally:
            self.channel.settimeout(180)
        return seen()

    def execute(self, source: str, cell_id: str = "") -> tuple[list[str], str | None]:
        """Run code; return what it printed or displayed, and its error ('Name: value') if any."""
        msg_id = uuid.uuid4().hex
        self.channel.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request",
                       "username": self.learner.name, "session": self.client_session,
                       "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {"cellId": cell_id} if cell_id else {},
            "content": {"code": source, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": False},
            "channel": "shell"}))
        texts: list[str] = []
        error = None
        replied = idle = False
        while not (replied and idle):
            message = json.loads(self.channel.recv())
            self._note_widgets(message)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message.get("msg_type"), message.get("content", {})
            if kind == "stream":
                texts.append(content["text"])
            elif kind in {"execute_result", "display_data"}:
                texts.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        return texts, error

    def run_cell(self, cell: dict[str, Any], index: int) -> CellRun:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        started = time.monotonic()
        texts, error = self.execute(source, cell.get("id", str(index)))
        return CellRun(index, source, cell.get("metadata", {}).get("tags", []), texts, error,
                       time.monotonic() - started, stored_text(cell))

    def round_trip_ms(self, source: str = "1 + 1") -> float:
        """Milliseconds from sending a trivial cell to its reply and idle status."""
        started = time.perf_counter()
        self.execute(source)
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        """Close the websocket only: the kernel keeps running, as when a learner closes a tab."""
        try:
            self.channel.close()
        except OSError:
            pass

    def shutdown(self) -> None:
        """Close the websocket and delete the session (which shuts the kernel down)."""
        try:
            self.channel.close()
        finally:
            try:
                self.learner.server_api("DELETE", f"/sessions/{self.session_id}")
            except (HubError, OSError):
                pass


def stored_text(cell: dict[str, Any]) -> str:
    """The text of a cell's committed outputs (streams, text/plain, error names)."""
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or output.get("ename", "")
        parts.append(text if isinstance(text, str) else "".join(text))
    return "\n".join(parts)


def run_in_threads(function: Any, items: list[Any]) -> list[Any]:
    """function(item) for every item at once, one thread each; results (or exceptions) in order."""
    results: list[Any] = [None] * len(items)

    def work(position: int, item: Any) -> None:
        try:
            results[position] = function(item)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            results[position] = error

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def course_clone(destination: Path, branch: str = "main") -> Path:
    """A local clone of this repository's committed HEAD, on `branch`: what nbgitpuller pulls."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
                   check=True)
    subprocess.run(["git", "-C", str(destination), "checkout", "--quiet", "-B", branch],
                   check=True)
    return destination


@dataclass
class GitServer:
    """`git daemon` serving a folder of repositories on 127.0.0.1, read-only, as GitHub serves a
    course: learners' own Unix accounts can clone from it (git refuses a local repository that
    another user owns: "dubious ownership")."""

    base: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}"

    def start(self, timeout: float = 30) -> GitServer:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
             f"--port={self.port}", f"--base-path={self.base}", str(self.base)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"git daemon did not listen on port {self.port}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)

    def __enter__(self) -> GitServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def course_hub(folder: Path, **options: Any) -> Iterator[tuple[Hub, str]]:
    """A hub as a class gets it (classroom/jupyterhub_config.py, Hub options as given) and the
    course served by `git daemon`: yields (hub, the course's git URL). On a root hub with
    accounts, the learners' environment is built first (`make hub-env`'s recipe). Everything
    is stopped and deleted at the end, accounts included."""
    folder.mkdir(parents=True, exist_ok=True)
    public = Path(tempfile.mkdtemp(prefix="jwthub-env-"))
    public.chmod(0o755)
    origin = folder / "origin"
    course_clone(origin / COURSE_FOLDER)
    hub = Hub(folder / "hub", **options)
    try:
        if hub.system_accounts and hub.learner_env is None:
            hub.learner_env = learner_environment(public / "env")
        with GitServer(origin) as git:
            hub.start()
            yield hub, git.url(COURSE_FOLDER)
    finally:
        hub.stop()
        shutil.rmtree(public, ignore_errors=True)
