"""A password-reset service as a WSGI app: "forgot password", the reset page, and the reset.

    POST /forgot  {"email": ...}                    -> 202, the same answer for every address
    GET  /reset?token=...                           -> the form (Referrer-Policy: no-referrer)
    POST /reset   {"token": ..., "new_password": ...} -> 200, or 400 with the reason

The "email" goes to `service.outbox` (a list the notebook reads) instead of a mail server.
Links start with `public_url`, a setting, never the request's Host header (which an attacker
can choose, and then receive the victim's link).
"""

from __future__ import annotations

import html
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from helpers.services.db import connect
from helpers.services.passwords import password_problem
from helpers.services.reset_tokens import LIFETIME, issue_reset_token, problem, read_reset_token
from helpers.services.users import UserStore
from helpers.web.wsgi_json import (
    MAX_BODY,
    RequestProblem,
    answer,
    read_json_object,
    refuse,
    respond,
    route,
    text_field,
)

USED_TOKENS = """
CREATE TABLE IF NOT EXISTS used_tokens (
    jti TEXT NOT NULL PRIMARY KEY,
    used_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
"""
HTML = "text/html; charset=utf-8"
FORGOT_ANSWER = "If an account exists for that address, a reset link is on its way."
PAGE_HEADERS = (("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
                ("Content-Security-Policy", "frame-ancestors 'none'"))  # no framing of the form


@dataclass(frozen=True)
class Email:
    """One message the service sent (to the outbox instead of a mail server)."""

    to: str
    link: str


class ResetService:
    """The reset rules over a UserStore; `app` is the WSGI application to serve."""

    def __init__(self, users: UserStore, reset_key: str | bytes,
                 public_url: str = "http://127.0.0.1",
                 after_reset: Callable[[str], object] | None = None) -> None:
        """`after_reset(user_id)` runs after every successful reset: end the user's other
        sessions there (e.g. `RefreshStore.revoke_user`) and mail a "password changed" notice."""
        self.users = users
        self.after_reset = after_reset
        self.reset_key = reset_key
        self.public_url = public_url
        self.outbox: list[Email] = []
        self._outbox_lock = threading.Lock()
        with closing(connect(users.path)) as db:
            db.executescript(USED_TOKENS)

    # --- forgot password -----------------------------------------------------------------

    def reset_link(self, token: str) -> str:
        """The link mailed to the user: the reset page, with the token in its query string."""
        return f"{self.public_url}/reset?{urlencode({'token': token})}"

    def send_reset_link(self, email: str, lifetime: timedelta = LIFETIME) -> None:
        """Mail a reset link if the address belongs to a user; silently do nothing otherwise."""
        user = self.users.find_by_email(email)
        if user is None:
            return
        token = issue_reset_token(user.id, user.password_version, self.reset_key, lifetime)
        with self._outbox_lock:
            self.outbox.append(Email(user.email, self.reset_link(token)))

    def last_link(self, email: str) -> str:
        """The newest link mailed to `email` (what the user would click)."""
        with self._outbox_lock:
            links = [mail.link for mail in self.outbox if mail.to == email.strip().lower()]
        if not links:
            raise LookupError(f"no reset link was sent to {email} by this service: ask for one "
                              "with POST /forgot first (Step 3; a re-run server starts an empty outbox)")
        return links[-1]

    # --- reset -----------------------------------------------------------------------------

    def check_link(self, token: Any) -> dict[str, Any]:
        """Everything that can be checked without using the link up; returns its claims."""
        claims = read_reset_token(token, self.reset_key)
        if self._was_used(claims["jti"]):
            raise problem("link_used")
        user = self.users.get(claims["sub"])
        if user is None:
            raise problem("unknown_user")
        if user.password_version != claims["pwv"]:
            # A click that raced another click on the same link may see the new password first:
            # that link was used (its jti is written before the password changes), not outdated.
            raise problem("link_used" if self._was_used(claims["jti"]) else "link_outdated")
        return claims

    def reset_password(self, token: Any, new_password: Any) -> str:
        """Check the link, use it up (once, atomically), set the new password; returns the user id."""
        claims = self.check_link(token)
        weak = password_problem(new_password)
        if weak:  # refused before the link is used up: the user may try again with the same link
            raise RequestProblem(400, "weak_password", weak)
        self._use_up(claims)  # from here on the link is spent, whatever happens next
        if not self.users.set_password(claims["sub"], new_password, expected_version=claims["pwv"]):
            raise problem("unknown_user" if self.users.get(claims["sub"]) is None else "link_outdated")
        if self.after_reset is not None:
            self.after_reset(claims["sub"])
        return claims["sub"]

    def _was_used(self, jti: str) -> bool:
        with closing(connect(self.users.path)) as db:
            return db.execute("SELECT 1 FROM used_tokens WHERE jti = ?", (jti,)).fetchone() is not None

    def _use_up(self, claims: dict[str, Any]) -> None:
        """INSERT the jti: the PRIMARY KEY lets exactly one of many concurrent clicks succeed."""
        with closing(connect(self.users.path)) as db:
            try:
                db.execute("INSERT INTO used_tokens (jti, used_at, expires_at) VALUES (?, ?, ?)",
                           (claims["jti"], time.time(), claims["exp"]))
            except sqlite3.IntegrityError:
                raise problem("link_used") from None

    def forget_expired(self, now: float | None = None) -> int:
        """Drop used jtis whose tokens have expired anyway (they can never be replayed)."""
        now = time.time() if now is None else now
        with closing(connect(self.users.path)) as db:
            return db.execute("DELETE FROM used_tokens WHERE expires_at < ?", (now,)).rowcount

    # --- the web app -------------------------------------------------------------------------

    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The WSGI application: give it to helpers.web.server.start_server."""
        routes = {"/forgot": {"POST": self._post_forgot},
                  "/reset": {"GET": self._get_reset, "POST": self._post_reset}}
        try:
            return route(environ, routes)(environ, start_response)
        except RequestProblem as refused:
            return refuse(start_response, refused)

    def _post_forgot(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.send_reset_link(text_field(read_json_object(environ), "email"))
        return respond(start_response, 202, {"message": FORGOT_ANSWER})

    def _get_reset(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        token = parse_qs(environ.get("QUERY_STRING", "")).get("token", [""])[0]
        try:
            self.check_link(token)  # looks only: opening the page must not use the link up
        except RequestProblem as refused:
            page = f"<p role='alert'>{html.escape(refused.message)}</p>"
            return answer(start_response, 400, page.encode("utf-8"), HTML, PAGE_HEADERS)
        page = ("<form method='post' action='/reset'><label>New password "
                "<input type='password' name='new_password' autocomplete='new-password'></label>"
                f"<input type='hidden' name='token' value='{html.escape(token, quote=True)}'>"
                "<button>Set password</button></form>")
        return answer(start_response, 200, page.encode("utf-8"), HTML, PAGE_HEADERS)

    def _post_reset(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = read_form(environ) if _is_form(environ) else read_json_object(environ)
        self.reset_password(body.get("token"), body.get("new_password"))
        return respond(start_response, 200, {"message": "Your password was changed."})


def token_from_link(link: str) -> str:
    """The token inside a reset link (what the reset page reads from its own URL)."""
    return parse_qs(urlparse(link).query).get("token", [""])[0]


def _is_form(environ: dict[str, Any]) -> bool:
    return environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")


def read_form(environ: dict[str, Any]) -> dict[str, str]:
    """The reset page's own form post (token and new_password), as a dict."""
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        raise RequestProblem(400, "invalid_request", "the Content-Length header is not a number") from None
    try:  # strict: a password silently changed by replacement characters is worse than a 400
        fields = parse_qs(environ["wsgi.input"].read(length).decode("utf-8"), errors="strict")
    except UnicodeDecodeError:
        raise RequestProblem(400, "invalid_request", "the form is not valid UTF-8") from None
    return {name: values[0] for name, values in fields.items()}
