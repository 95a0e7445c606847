"""Small HTTP servers that a notebook starts on this machine's loopback, one per cell.

A notebook hands `start_server` a WSGI application (the standard Python web-app interface that
Flask and Django speak too). The server listens on 127.0.0.1 only, on a free port the system
picks, in a background thread, and counts the requests it answers, so a lesson can show "the
second lookup never reached the server".

- One server per cell: running the same cell again stops the old server before the new one
  starts (the key is `name=`, or JupyterLab's cell id, like the expiry countdown).
- `stop_all_servers()` at the end of a notebook stops them all; so does the kernel shutting down.
- An application that raises gets a generic 500 answer; the server itself keeps running. The
  detail (exception and traceback) stays in the kernel: `server.last_error`, and the logger
  `helpers.web.server` (silent unless a host configures logging). Clients never see it, as in
  production, where an app logs the exception and answers a generic message.

On Binder and JupyterHub the learner's browser cannot reach the kernel's 127.0.0.1, so the
notebooks call these servers from Python (`helpers.web.client.send`), never from the browser.
"""

from __future__ import annotations

import atexit
import io
import json
import logging
import ssl
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from helpers._cells import current_cell_id

LOOPBACK = "127.0.0.1"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
ServerT = TypeVar("ServerT", bound="BackgroundServer")

# A crash is logged here, and kept in server.last_error. Nothing is printed: in a kernel, even the
# process's own stderr is copied into whichever cell runs next.
LOG = logging.getLogger(__name__)
LOG.addHandler(logging.NullHandler())

# What a client gets when the app crashes: nothing about the crash itself.
CRASH_ANSWER = json.dumps({"error": "server_error",
                           "message": "the application failed: see the kernel"}).encode("utf-8")

# One live server per notebook cell (or per name): a re-run replaces and stops the old one.
LIVE_SERVERS: dict[str, BackgroundServer] = {}


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a request still being answered never keeps the kernel alive
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's default backlog of 5 resets bursts of simultaneous clicks

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up, or refused our TLS certificate: expected in lessons, and
        socketserver's traceback would land in whichever cell runs (the app's own errors are
        caught in LocalServer._counting)."""


class _QuietHandler(WSGIRequestHandler):
    """wsgiref's handler without its access log on stderr (it would land in some cell)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - wsgiref's name
        pass

    def get_stderr(self) -> io.StringIO:
        return io.StringIO()  # wsgiref writes tracebacks here; the app's 500 answer says it all


class BackgroundServer:
    """What every loopback server of the course shares: its `url`, what it has answered, `stop()`.

    `LocalServer` below serves WSGI apps with the standard library; `helpers.web.app_servers`
    runs FastAPI under uvicorn and Flask under werkzeug. All of them live in LIVE_SERVERS.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.requests: Counter[str] = Counter()  # "GET /path" -> how many times
        self._last_error: str | None = None
        self._lock = threading.Lock()
        self.port = 0
        self.url = ""
        self.running = False

    def record(self, method: str, path: str) -> None:
        """Count one request (thread-safe: servers answer in several threads)."""
        with self._lock:
            self.requests[f"{method} {path}"] += 1

    def count(self, path: str | None = None, method: str | None = None) -> int:
        """How many requests were answered (for one path and/or method, if given)."""
        with self._lock:
            return sum(n for line, n in self.requests.items()
                       if (method is None or line.split(" ", 1)[0] == method)
                       and (path is None or line.split(" ", 1)[1] == path))

    @property
    def last_error(self) -> str | None:
        """The traceback of the app's last crash, kept server-side (None if it never crashed)."""
        self._wait_for_crash_reports()
        return self._last_error

    def crashed(self, description: str) -> None:
        """Keep the traceback of an app's crash server-side: last_error, and the module's logger."""
        self._last_error = description
        LOG.error("local server %s: %s", self.url, description)

    def _wait_for_crash_reports(self) -> None:
        """A server that answers 500 before its app's exception reaches it waits here."""

    def stop(self) -> None:
        """Stop listening and free the port. Safe to call twice."""
        if not self.running:
            return
        self.running = False
        self._shutdown()
        if LIVE_SERVERS.get(self.key) is self:
            del LIVE_SERVERS[self.key]

    def _shutdown(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> BackgroundServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        n = self.count()
        answered = f"{n} request{'' if n == 1 else 's'} answered"
        return f"<{type(self).__name__} {self.key!r} {state} at {self.url}, {answered}>"


class LocalServer(BackgroundServer):
    """A WSGI app served by the standard library's wsgiref, one thread per request."""

    def __init__(self, app: WSGIApp, key: str, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(key)
        self._httpd = make_server(LOOPBACK, 0, self._counting(app),
                                  server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
        self.port: int = self._httpd.server_address[1]
        if tls is not None:  # the handshake happens in each request's thread, not in accept()
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        self.url = f"{'https' if tls is not None else 'http'}://{LOOPBACK}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"local-server-{key}", daemon=True)
        self._thread.start()
        self.running = True

    def _counting(self, app: WSGIApp) -> WSGIApp:
        def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            self.record(environ.get("REQUEST_METHOD", "?"), environ.get("PATH_INFO", ""))
            try:
                return list(app(environ, start_response))
            except Exception:  # noqa: BLE001 - a bug in a lesson's app must not kill the server
                self.crashed(traceback.format_exc())
                start_response("500 Internal Server Error", [("Content-Type", "application/json")],
                               sys.exc_info())
                return [CRASH_ANSWER]

        return counted

    def _shutdown(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def start_server(app: WSGIApp, name: str | None = None, tls: ssl.SSLContext | None = None
                 ) -> LocalServer:
    """Serve `app` on 127.0.0.1 (a free port) in a background thread; replaces this cell's server.

    With `tls` (a server's ssl.SSLContext, e.g. from helpers.web.tls) it speaks HTTPS.
    """
    return replace_server(name, lambda key: LocalServer(app, key, tls))


def replace_server(name: str | None, start: Callable[[str], ServerT]) -> ServerT:
    """Stop the server this cell (or `name`) started before, then start and remember a new one."""
    key = name or current_cell_id() or "server"
    previous = LIVE_SERVERS.pop(key, None)
    if previous is not None:
        previous.stop()
    server = start(key)
    LIVE_SERVERS[key] = server
    return server


def stop_all_servers() -> int:
    """Stop every server this kernel started; returns how many were running."""
    servers = list(LIVE_SERVERS.values())
    for server in servers:
        server.stop()
    return len(servers)


atexit.register(stop_all_servers)
