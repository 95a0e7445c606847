"""A small JSON API protected by bearer tokens, as a WSGI app.

    POST /login    {"email", "password"}  -> access token (minutes) + refresh token
    GET  /me       Authorization: Bearer <access token>  -> who you are, or an RFC 6750 refusal
    POST /refresh  {"refresh_token"}      -> a new pair; the old refresh token is spent (refused
                                             once the account is deleted or its password or
                                             email changed, and 30 days after the login)
    POST /logout   {"refresh_token"}      -> the refresh family is revoked
    GET  /health   (no authentication)    -> {"status": "ok"}, the benchmark's baseline

Logout cannot recall an access token already handed out: it stays valid until its `exp`.
That is why access tokens live minutes, and refresh tokens are kept (and revocable) server-side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from helpers.services.access_tokens import LEEWAY, LIFETIME, issue_access_token, read_access_token
from helpers.services.refresh_tokens import RefreshStore
from helpers.services.users import UserStore
from helpers.web.bearer_header import bearer_token
from helpers.web.wsgi_json import RequestProblem, read_json_object, refuse, respond, route, text_field


class BearerAPI:
    """The API's rules over a UserStore and a RefreshStore; `app` is the WSGI application."""

    def __init__(self, users: UserStore, access_key: str | bytes, leeway: timedelta = LEEWAY,
                 access_lifetime: timedelta = LIFETIME) -> None:
        self.users = users
        self.refresh_tokens = RefreshStore(users.path, account_version=self._account_version)
        self.access_key = access_key
        self.leeway = leeway
        self.access_lifetime = access_lifetime

    def _account_version(self, user_id: str) -> int | None:
        """The account's credential version (password and email), None once it is deleted."""
        user = self.users.get(user_id)
        return None if user is None else user.password_version

    def token_pair(self, user_id: str, refresh_token: str) -> dict[str, Any]:
        """The login/refresh answer (field names as in an OAuth 2.0 token response)."""
        return {"access_token": issue_access_token(user_id, self.access_key, self.access_lifetime),
                "token_type": "Bearer", "expires_in": int(self.access_lifetime.total_seconds()),
                "refresh_token": refresh_token}

    def current_user(self, environ: dict[str, Any]) -> dict[str, Any]:
        """The access token's claims for this request, or a BearerProblem (what /me requires)."""
        token = bearer_token(environ.get("HTTP_AUTHORIZATION"), environ.get("QUERY_STRING", ""))
        return read_access_token(token, self.access_key, self.leeway)

    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The WSGI application: give it to helpers.web.server.start_server."""
        routes = {"/login": {"POST": self._login}, "/me": {"GET": self._me},
                  "/refresh": {"POST": self._refresh}, "/logout": {"POST": self._logout},
                  "/health": {"GET": self._health}}
        try:
            return route(environ, routes)(environ, start_response)
        except RequestProblem as refused:
            return refuse(start_response, refused)

    def _login(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = read_json_object(environ)
        user = self.users.check_login(text_field(body, "email"), text_field(body, "password"))
        if user is None:
            raise RequestProblem(400, "invalid_grant", "wrong email or password")
        first_refresh_token = self.refresh_tokens.start_family(user.id, user.password_version)
        return respond(start_response, 200, self.token_pair(user.id, first_refresh_token))

    def _me(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        claims = self.current_user(environ)
        return respond(start_response, 200, {"user": claims["sub"], "token_expires_at": claims["exp"]})

    def _refresh(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        presented = text_field(read_json_object(environ), "refresh_token")
        user_id, successor = self.refresh_tokens.rotate(presented)
        return respond(start_response, 200, self.token_pair(user_id, successor))

    def _logout(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        presented = text_field(read_json_object(environ), "refresh_token")
        self.refresh_tokens.revoke_family_of(presented)  # unknown tokens too get 200 (RFC 7009 2.2)
        return respond(start_response, 200, {"message": "logged out: this session's refresh tokens "
                                                        "are revoked"})

    def _health(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return respond(start_response, 200, {"status": "ok"})
