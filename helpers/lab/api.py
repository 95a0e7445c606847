"""The small web API both lab servers share: `/admin` answers with a flag, to an admin only.

The two servers differ only in the `verify` function they are given: the safe one verifies
with PyJWT as the course teaches, the vulnerable one makes one deliberate mistake. A refusal
comes back as 401 with the exception's name and PyJWT's message, so a lesson can show *what*
stopped a token. That is a teaching aid: a real API logs the exception and answers only
`WWW-Authenticate: Bearer error="invalid_token"` (OWASP: no internals in error replies).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from helpers.web.client import Reply, send
from helpers.web.server import LocalServer, start_server
from helpers.web.wsgi_json import answer, respond

Verifier = Callable[[str], dict[str, Any]]  # token -> claims; raises when it refuses the token


def new_flag() -> str:
    """A flag that is different on every run, so it cannot be copied from a notebook."""
    return f"FLAG{{{secrets.token_hex(8)}}}"


@dataclass
class LabApi:
    """A WSGI app: GET /admin with `Authorization: Bearer <token>`, plus public files."""

    name: str
    verify: Verifier
    public_files: dict[str, str] = field(default_factory=dict)  # path -> text served as is
    mistake: str = ""  # the vulnerable API's one mistake; "" for the safe API
    flag: str = field(default_factory=new_flag, repr=False)

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path in self.public_files:
            kind = "application/json" if path.endswith(".json") else "text/plain; charset=utf-8"
            return answer(start_response, 200, self.public_files[path].encode("utf-8"), kind)
        if path != "/admin":
            return respond_json(start_response, 404, {"error": "not_found",
                                                      "message": f"no {path}; try /admin"})
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        if not token:
            return respond_json(start_response, 401, {  # RFC 6750 §3: no error code here
                "message": "send the token as 'Authorization: Bearer <token>'"})
        try:
            claims = self.verify(token)
        except Exception as error:  # noqa: BLE001 - any refusal becomes a 401 that names it
            return respond_json(start_response, 401, {
                "error": "invalid_token", "exception": type(error).__name__,
                "message": f"{type(error).__name__}: {error}"})
        if not isinstance(claims, dict) or claims.get("role") != "admin":
            role = claims.get("role") if isinstance(claims, dict) else None
            return respond_json(start_response, 403, {
                "error": "insufficient_scope",
                "message": f"the token was accepted, but its role is {role!r}, not 'admin'"})
        return respond_json(start_response, 200, {"flag": self.flag, "sub": claims.get("sub")})


def bearer_token(header: str) -> str:
    """The token after `Bearer ` in an Authorization header, or '' for no token or another scheme.

    Deliberately lax, unlike `helpers.web.bearer_header.bearer_token` (RFC 6750, used by 09's
    API): that one refuses a malformed header with 400 before any token check runs. Here every
    token a learner forges reaches the server's `verify`, so the answer always names what PyJWT
    (or the vulnerable server's mistake) did with it, which is what the lab teaches.
    """
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def respond_json(start_response: Callable[..., Any], status: int,
                 body: dict[str, Any]) -> list[bytes]:
    """The JSON answer; a 401 or 403 also carries the Bearer challenge, with the error code if any."""
    error = str(body.get("error", ""))
    challenge = 'Bearer realm="lab"' + (f', error="{error}"' if error else "")
    return respond(start_response, status, body,
                   [("WWW-Authenticate", challenge)] if status in (401, 403) else ())


@dataclass
class LabService:
    """A lab API running on 127.0.0.1: its app (which knows its own flag) and its server."""

    api: LabApi
    server: LocalServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def flag(self) -> str:
        return self.api.flag

    def get_admin(self, token: str) -> Reply:
        """GET /admin with the token as a bearer token."""
        return send("GET", f"{self.url}/admin", headers={"Authorization": f"Bearer {token}"})

    def __repr__(self) -> str:
        return f"<{self.api.name} at {self.url}, running: {self.server.running}>"


def serve(api: LabApi, name: str) -> LabService:
    """Start the API on 127.0.0.1 (a free port); running this again replaces the old server."""
    return LabService(api, start_server(api, name=name))


@dataclass(frozen=True)
class Answer:
    """One server's answer to a token, told in words: status, outcome, the exception named."""

    server: str
    status: int
    outcome: str
    exception: str = ""
    flag_captured: bool = False

    @property
    def line(self) -> str:
        return f"{self.server:<15} {self.status}  {self.outcome}"


def read_answer(service: LabService, reply: Reply) -> Answer:
    """Turn a reply into stable words (the random flag itself is never printed)."""
    try:
        body = reply.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if reply.status == 200 and body.get("flag") == service.flag:
        return Answer(service.api.name, 200, "FLAG captured (this server's own flag)",
                      flag_captured=True)
    if reply.status == 200:
        return Answer(service.api.name, 200, "answered 200 without this server's flag")
    message = str(body.get("message", reply.text))
    return Answer(service.api.name, reply.status, message, str(body.get("exception", "")))


@dataclass(frozen=True)
class Duel:
    """The same token sent to the vulnerable and the safe server."""

    vulnerable: Answer
    safe: Answer

    @property
    def captured_and_refused(self) -> bool:
        return self.vulnerable.flag_captured and self.safe.status == 401

    def __repr__(self) -> str:
        return f"{self.vulnerable.line}\n{self.safe.line}"


class ServerStopped(Exception):
    """A lab server did not answer: it was stopped, or its cell was re-run on a new port."""


def ask(service: LabService, token: str) -> Answer:
    """One server's answer to the token; ServerStopped, in one line, if nobody answers."""
    try:
        return read_answer(service, service.get_admin(token))
    except OSError:  # urllib's URLError and a refused connection are both OSErrors
        raise ServerStopped(f"the {service.api.name} at {service.url} did not answer: re-run "
                            "the cell that starts it, then this one.") from None


def send_to_both(token: str, vulnerable: LabService, safe: LabService) -> Duel:
    """Send one token to both servers' /admin and read both answers."""
    return Duel(ask(vulnerable, token), ask(safe, token))
