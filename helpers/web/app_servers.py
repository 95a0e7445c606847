"""Run a FastAPI app under uvicorn, or a Flask app under werkzeug, on 127.0.0.1 in the kernel.

These are the servers those frameworks use in development, each in a background thread of the
kernel, with the course's rules for a server (`helpers.web.server`):

- 127.0.0.1 only, on a free port the system picks;
- one server per cell (or per `name=`): running the cell again stops the old one first, and
  `stop_all_servers()` stops these too;
- requests are counted (`server.count("/me")`);
- an app that crashes gets a generic 500; the traceback stays server-side, in
  `server.last_error` (and the `helpers.web.server` logger), never in a cell.

The frameworks are imported only when a server starts, so notebooks without them stay light.
"""

from __future__ import annotations

import io
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from helpers.web.server import CRASH_ANSWER, LOOPBACK, BackgroundServer, WSGIApp, replace_server

ASGIApp = Callable[..., Awaitable[None]]
Message = MutableMapping[str, Any]
START_TIMEOUT = 10.0  # seconds; uvicorn usually starts in a few milliseconds


class UvicornServer(BackgroundServer):
    """An ASGI app (FastAPI, Starlette) served by uvicorn in a thread with its own event loop."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        super().__init__(key)
        import uvicorn

        self._answered_500 = threading.Condition()
        self._unreported = 0  # 500s sent whose exception has not reached `counted` yet
        config = uvicorn.Config(self._counting(app), host=LOOPBACK, port=0, log_config=None,
                                log_level="warning", access_log=False, lifespan="auto",
                                timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{key}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._server.should_exit = True
                raise RuntimeError("uvicorn did not start: see the kernel's log")
            time.sleep(0.005)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.running = True

    def _counting(self, app: ASGIApp) -> ASGIApp:
        async def counted(scope: Message, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)  # lifespan: start-up and shutdown of the app
                return
            self.record(scope.get("method", "?"), scope.get("path", ""))
            started = sent_500 = False

            async def watched_send(message: Message) -> None:
                nonlocal started, sent_500
                if message["type"] == "http.response.start":
                    started = True
                    if message.get("status") == 500:  # FastAPI answers, then re-raises the crash
                        sent_500 = True
                        with self._answered_500:
                            self._unreported += 1
                await send(message)

            try:
                await app(scope, receive, watched_send)
            except Exception:  # noqa: BLE001 - a bug in a lesson's app must not reach a cell
                self.crashed(traceback.format_exc())
                if not started:
                    await send({"type": "http.response.start", "status": 500,
                                "headers": [(b"content-type", b"application/json")]})
                    await send({"type": "http.response.body", "body": CRASH_ANSWER})
            finally:
                if sent_500:
                    with self._answered_500:
                        self._unreported -= 1
                        self._answered_500.notify_all()

        return counted

    def _wait_for_crash_reports(self) -> None:
        with self._answered_500:
            self._answered_500.wait_for(lambda: self._unreported == 0, timeout=2)

    def _shutdown(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)


class WerkzeugServer(BackgroundServer):
    """A WSGI app (Flask) served by werkzeug's development server, one thread per request."""

    def __init__(self, app: WSGIApp, key: str) -> None:
        super().__init__(key)
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            """No access log: werkzeug would print every request into some cell."""

            def log_request(self, *args: Any, **kwargs: Any) -> None:
                pass

            def log_error(self, *args: Any) -> None:
                pass

        self._flask_app = _watch_flask(app, self)
        self._httpd = make_server(LOOPBACK, 0, self._counting(app), threaded=True,
                                  request_handler=QuietHandler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.port
        self.url = f"http://{LOOPBACK}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"werkzeug-{key}", daemon=True)
        self._thread.start()
        self.running = True

    def _counting(self, app: WSGIApp) -> WSGIApp:
        def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            self.record(environ.get("REQUEST_METHOD", "?"), environ.get("PATH_INFO", ""))
            environ["wsgi.errors"] = io.StringIO()  # where Flask's own log of a crash may go
            try:
                return list(app(environ, start_response))
            except Exception:  # noqa: BLE001 - a bug in a lesson's app must not reach a cell
                self.crashed(traceback.format_exc())
                start_response("500 Internal Server Error", [("Content-Type", "application/json")],
                               sys.exc_info())
                return [CRASH_ANSWER]

        return counted

    def flask_crashed(self, sender: Any, exception: BaseException, **extra: Any) -> None:
        """Flask answers a view's crash with its own 500; its signal tells us what happened."""
        self.crashed("".join(traceback.format_exception(exception)))

    def _shutdown(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        if self._flask_app is not None:
            from flask import got_request_exception

            got_request_exception.disconnect(self.flask_crashed, self._flask_app)


def _watch_flask(app: Any, server: WerkzeugServer) -> Any:
    """For a Flask app: have its got_request_exception signal report crashes to the server."""
    try:
        from flask import Flask, got_request_exception
    except ImportError:
        return None
    if not isinstance(app, Flask):
        return None
    got_request_exception.connect(server.flask_crashed, app, weak=False)
    return app


def start_uvicorn(app: ASGIApp, name: str | None = None) -> UvicornServer:
    """Serve a FastAPI (ASGI) app with uvicorn on 127.0.0.1; replaces this cell's server."""
    return replace_server(name, lambda key: UvicornServer(app, key))


def start_werkzeug(app: WSGIApp, name: str | None = None) -> WerkzeugServer:
    """Serve a Flask (WSGI) app with werkzeug on 127.0.0.1; replaces this cell's server."""
    return replace_server(name, lambda key: WerkzeugServer(app, key))
