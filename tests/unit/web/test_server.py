"""The shared local server: loopback only, one per key, counts requests, survives a crashing app."""

from __future__ import annotations

import json
import socket

import pytest

from helpers.web.client import send
from helpers.web.server import LIVE_SERVERS, start_server, stop_all_servers


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps({"path": environ["PATH_INFO"]}).encode()]


def broken(environ, start_response):
    raise ValueError("a bug in the lesson's app")


pytestmark = pytest.mark.usefixtures("servers_stopped")


def test_binds_loopback_on_a_free_port_and_counts_requests():
    server = start_server(hello, name="t")
    assert server.url.startswith("http://127.0.0.1:") and server.port > 0
    assert send("GET", server.url + "/a").json() == {"path": "/a"}
    send("GET", server.url + "/a")
    send("POST", server.url + "/b", json_body={})
    assert server.count() == 3
    assert server.count("/a") == 2
    assert server.count(method="POST") == 1


def test_rerun_replaces_and_stops_the_old_server():
    first = start_server(hello, name="cell")
    second = start_server(hello, name="cell")
    assert not first.running and second.running
    assert list(LIVE_SERVERS) == ["cell"]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", first.port), timeout=1).close()


def test_a_crashing_app_gets_a_generic_500_and_the_server_keeps_running():
    server = start_server(broken, name="broken")
    reply = send("GET", server.url + "/")
    assert reply.status == 500
    assert reply.json()["message"] == "the application failed: see the kernel"
    assert "ValueError" not in reply.text and "lesson's app" not in reply.text  # no detail leaks
    assert "ValueError: a bug in the lesson's app" in server.last_error  # it stays server-side
    assert send("GET", server.url + "/").status == 500  # still answering


def test_stop_all_and_stop_twice():
    server = start_server(hello, name="x")
    assert stop_all_servers() == 1
    server.stop()
    assert not LIVE_SERVERS


def test_http_errors_come_back_as_replies():
    def not_found(environ, start_response):
        start_response("404 Not Found", [("X-Why", "nothing here")])
        return [b"no"]

    server = start_server(not_found, name="nf")
    reply = send("GET", server.url + "/")
    assert (reply.status, reply.headers["x-why"], reply.text) == (404, "nothing here", "no")


def test_the_server_says_1_request_not_1_requests():
    server = start_server(hello, name="test-plural")
    assert repr(server).endswith("0 requests answered>")
    send("GET", server.url)
    assert repr(server).endswith(", 1 request answered>")
