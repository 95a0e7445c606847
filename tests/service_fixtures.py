"""Shared pieces for the service tests: a running bearer API with a user, tokens, a raw client."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import jwt

from helpers.services.access_tokens import AUDIENCE, ISSUER, issue_access_token
from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.reset_service import ResetService, token_from_link
from helpers.services.reset_tokens import issue_reset_token
from helpers.services.users import UserStore
from helpers.web.client import send
from helpers.web.server import LocalServer, start_server

EMAIL, PASSWORD = "ada@example.com", "correct horse battery"


@dataclass
class RunningAPI:
    api: BearerAPI
    server: LocalServer
    user_id: str

    @property
    def url(self) -> str:
        return self.server.url

    def login(self) -> dict:
        return send("POST", self.url + "/login", json_body={"email": EMAIL, "password": PASSWORD}).json()

    def tokens(self) -> dict[str, str]:
        """Fresh tokens of every kind the catalogue names."""
        pair = self.login()
        key = self.api.access_key
        long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
        untyped = jwt.encode({"sub": self.user_id, "aud": AUDIENCE, "iss": ISSUER, "iat": long_ago,
                              "exp": long_ago + timedelta(hours=2), "jti": "x"}, key, algorithm="HS256")
        alg_none = jwt.encode({"sub": self.user_id, "aud": AUDIENCE}, None, algorithm="none")
        return {
            "access": pair["access_token"], "refresh": pair["refresh_token"],
            "expired": issue_access_token(self.user_id, key, timedelta(minutes=5), now=long_ago),
            "forged": issue_access_token(self.user_id, secrets.token_urlsafe(32)),
            "untyped": untyped, "alg_none": alg_none,
            "reset": issue_reset_token(self.user_id, 1, secrets.token_urlsafe(32)),
        }


def start_api(name: str = "test-api") -> RunningAPI:
    users = UserStore(cost=TEST_COST)
    user_id = users.add(EMAIL, PASSWORD)
    api = BearerAPI(users, secrets.token_urlsafe(32))
    return RunningAPI(api, start_server(api.app, name=name), user_id)


@dataclass
class RunningReset:
    service: ResetService
    server: LocalServer

    @property
    def url(self) -> str:
        return self.server.url

    def tokens(self) -> dict[str, str]:
        """A fresh genuine reset link's token ({link})."""
        self.service.send_reset_link(EMAIL)
        return {"link": token_from_link(self.service.last_link(EMAIL))}


def start_reset_service(name: str = "test-reset") -> RunningReset:
    users = UserStore(cost=TEST_COST)
    users.add(EMAIL, PASSWORD)
    service = ResetService(users, secrets.token_urlsafe(32))
    server = start_server(service.app, name=name)
    service.public_url = server.url
    return RunningReset(service, server)


def fill(template: str | bytes, tokens: dict[str, str]) -> str | bytes:
    """Put the named tokens into a catalogue template ({access}, {refresh}, ...)."""
    for name, token in tokens.items():
        marker = "{" + name + "}"
        template = (template.replace(marker, token) if isinstance(template, str)
                    else template.replace(marker.encode(), token.encode()))
    return template


@dataclass(frozen=True)
class RawReply:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_request(url: str, method: str, path: str, headers: list[tuple[str, str]],
                body: str | bytes = b"", timeout: float = 30) -> RawReply:
    """Send bytes exactly as given (urllib refuses line breaks, non-ASCII, repeated headers)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    lines = [f"{method} {path} HTTP/1.1", f"Host: {urlparse(url).netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers]
    if method == "POST":
        lines.append(f"Content-Length: {len(data)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + data
    address = urlparse(url)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return RawReply(int(status_line.split()[1]), parsed, rest)


def open_descriptors() -> int:
    """How many file descriptors this process holds (sockets included); Linux only."""
    return len(os.listdir("/proc/self/fd"))
