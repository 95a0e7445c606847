"""Drive a real JupyterHub on 127.0.0.1 with simulated learners: shared by tests/hub and the bench.

The hub runs classroom/jupyterhub_config.py (shared password, one home per learner, kernels over
Unix sockets) with configurable-http-proxy from classroom/node_modules. A learner here is what a
browser would be: it logs in with the shared password (cookies), pulls the course with the
nbgitpuller API its link page calls, and runs notebooks in its own kernel over the Jupyter
server's REST and websocket API, through the hub's proxy.

Every process the hub starts carries JWT_HUB_RUN=<this run's id> in its environment, so stop()
can find and end all of them (servers, kernels, proxy) even after a failure.
"""

from __future__ import annotations

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
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tools.course import CORE
from tools.waiting import free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
PROXY = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "course-password-for-tests"  # noqa: S105 - a throwaway hub on loopback
COURSE_FOLDER = "jwt-course"
INSTRUCTOR = "instructor"  # may open the class's progress page (JWT_HUB_INSTRUCTORS)
CORE_NOTEBOOKS = list(CORE)  # what the class runs: the tutorial, 00-04


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


def processes_of_run(run_id: str, user: str | None = None) -> list[int]:
    """Pids whose environment carries JWT_HUB_RUN=run_id (and JUPYTERHUB_USER=user if given):
    the hub's proxy, and every learner's server and kernels."""
    markers = [f"JWT_HUB_RUN={run_id}".encode()]
    if user is not None:
        markers.append(f"JUPYTERHUB_USER={user}".encode())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            variables = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if all(marker in variables for marker in markers):
            found.append(int(entry.name))
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
    """A JupyterHub with all its state under `folder`; start() then stop()."""

    folder: Path
    password: str = PASSWORD
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def homes(self) -> Path:
        return self.folder / "homes"

    @property
    def runtime(self) -> Path:
        """The learners' kernel-socket folders: short, since a socket path must stay short."""
        return Path("/tmp") / f"jh{self.run_id[:6]}"  # noqa: S108

    def environment(self) -> dict[str, str]:
        runtime = self.runtime
        return {**os.environ, "JWT_HUB_PASSWORD": self.password, "JWT_HUB_PORT": str(self.port),
                "JWT_HUB_INTERNAL_PORT": str(free_port()), "JWT_HUB_PROXY_API_PORT": str(free_port()),
                "JWT_HUB_HOMES": str(self.homes), "JWT_HUB_STATE": str(self.folder / "state"),
                "JWT_HUB_RUNTIME": str(runtime), "JWT_HUB_API_TOKEN": self.token,
                "JWT_HUB_PROXY": str(PROXY), "JWT_HUB_RUN": self.run_id,
                "JWT_HUB_INSTRUCTORS": INSTRUCTOR, "JWT_HUB_PROGRESS_PORT": str(free_port()),
                "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}

    def start(self, timeout: float = 90) -> Hub:
        """Launch the hub (its own process group) and wait until its API answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
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
        """SIGTERM the hub (it stops its servers and proxy), then kill whatever this run left."""
        process, self.process = self.process, None
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
        shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class HubError(RuntimeError):
    """The hub or a learner's server answered with an error."""


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
    """One simulated learner: browser-like cookies for the hub, a token for its server's API."""

    def __init__(self, hub: Hub, name: str) -> None:
        import requests

        self.hub = hub
        self.name = name
        self.cookies = requests.Session()
        self.token = ""

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def log_in(self) -> None:
        """Log in from the hub's login page as a browser does (the form needs the _xsrf cookie)."""
        self.cookies.get(f"{self.hub.url}/hub/login", timeout=30)
        reply = self.cookies.post(f"{self.hub.url}/hub/login", timeout=60, allow_redirects=False,
                                  data={"username": self.name, "password": self.hub.password,
                                        "_xsrf": self.cookies.cookies.get("_xsrf", "")})
        if reply.status_code != 302:
            raise HubError(f"{self.name} could not log in: {reply.status_code}")
        made = self.hub.api("POST", f"/users/{self.name}/tokens",
                            {"note": "course test", "expires_in": 3600})
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
        reply = self.cookies.get(f"{self.server_url}/git-pull/api", stream=True, timeout=timeout,
                                 params={**params, "_xsrf": unquote(html.unescape(found[1]))})
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

    def run_notebook(self, relative_path: str, widget_wait: float = 0,
                     keep_kernel: bool = False) -> NotebookRun:
        """Run every code cell of a notebook in a new kernel of this learner's server, in order.

        widget_wait: seconds to keep listening after the last cell for widget updates (a
        countdown still counting). The kernel is shut down at the end unless keep_kernel.
        """
        notebook = self.server_api("GET", f"/contents/{relative_path}?content=1")["content"]
        kernel = self.open_kernel(relative_path)
        try:
            cells = [kernel.run_cell(cell, index) for index, cell in
                     enumerate(c for c in notebook["cells"] if c["cell_type"] == "code")]
            kernel.listen(widget_wait)
        finally:
            if not keep_kernel:
                kernel.shutdown()
        return NotebookRun(relative_path.rsplit("/", 1)[-1], cells, kernel.widget_texts)


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
        import websocket

        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                self.channel.settimeout(max(0.1, deadline - time.monotonic()))
                try:
                    self._note_widgets(json.loads(self.channel.recv()))
                except websocket.WebSocketTimeoutException:
                    break
        finally:
            self.channel.settimeout(180)

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
