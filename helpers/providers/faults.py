"""Two ways a real key server fails a verifier, as WSGI wrappers around any app.

- `behind_bot_filter(app)`: answers 403 to a request whose User-Agent is missing or is urllib's
  default (`Python-urllib/3.x`), as firewalls and CDNs in front of some key sets do (reported to
  PyJWT in issues #665, #822 and #1121, the last for an Auth0 tenant; PyJWKClient has taken
  `headers=` since 2.7);
- `slowed(app, seconds)`: answers only after `seconds`, like an overloaded server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BLOCKED_AGENTS = ("", "Python-urllib/")


def behind_bot_filter(app: WSGIApp) -> WSGIApp:
    """The app, behind a filter that refuses urllib's default User-Agent (and none) with 403."""
    def filtered(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        agent = environ.get("HTTP_USER_AGENT", "")
        if agent == "" or agent.startswith(BLOCKED_AGENTS[1]):
            body = b"<!doctype html><title>Access denied</title><h1>403: automated request refused</h1>"
            start_response("403 Forbidden", [("Content-Type", "text/html"),
                                             ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)
    return filtered


def slowed(app: WSGIApp, seconds: float) -> WSGIApp:
    """The app, answering only after `seconds`."""
    def slow(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        time.sleep(seconds)
        return app(environ, start_response)
    return slow
