"""Send an HTTP request from the kernel and get the answer back, whatever its status.

`urllib.request` raises on 4xx and 5xx answers; a lesson about refusals wants to read them,
so `send` returns every answer as a `Reply` and raises only when nothing answered at all.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status code, headers (names in lower case) and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON (raises ValueError if it is not JSON)."""
        return json.loads(self.body)


def send(method: str, url: str, *, headers: dict[str, str] | None = None, json_body: Any = None,
         data: bytes | None = None, timeout: float = 10.0) -> Reply:
    """Send one request; 4xx and 5xx come back as a Reply, not as an exception."""
    headers = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"send() takes an http:// or https:// URL, not {url[:40]!r}")
    request = urllib.request.Request(url, data=data, headers=headers, method=method.upper())  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - http(s) to loopback
            return Reply(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())
