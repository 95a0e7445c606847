"""FastAPI under uvicorn and Flask under werkzeug, in the kernel: the course's rules for a server."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi import FastAPI
from flask import Flask

from helpers.web.app_servers import start_uvicorn, start_werkzeug
from helpers.web.client import send
from helpers.web.server import LIVE_SERVERS, stop_all_servers

START = {"uvicorn": start_uvicorn, "werkzeug": start_werkzeug}


def fastapi_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict:
        return {"hello": "fastapi"}

    @app.get("/crash")
    async def crash() -> dict:
        raise RuntimeError("a bug in the lesson's app")

    return app


def flask_app() -> Flask:
    app = Flask("lesson")

    @app.get("/hello")
    def hello() -> dict:
        return {"hello": "flask"}

    @app.get("/crash")
    def crash() -> dict:
        raise RuntimeError("a bug in the lesson's app")

    return app


APPS = {"uvicorn": fastapi_app, "werkzeug": flask_app}


@pytest.fixture(autouse=True)
def _clean():
    before = set(threading.enumerate())
    yield
    stop_all_servers()
    deadline = time.monotonic() + 5
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(threading.enumerate()) - before, "a server left a thread behind"


@pytest.mark.parametrize("kind", START)
def test_serves_on_loopback_on_a_free_port_and_counts(kind):
    server = START[kind](APPS[kind](), name="t")
    assert server.url == f"http://127.0.0.1:{server.port}" and server.port > 0
    assert send("GET", server.url + "/hello").json() == {"hello": "fastapi" if kind == "uvicorn" else "flask"}
    send("GET", server.url + "/hello")
    assert server.count("/hello") == 2 and server.count(method="POST") == 0
    assert repr(server).endswith("running at " + server.url + ", 2 requests answered>")


@pytest.mark.parametrize("kind", START)
def test_a_rerun_stops_the_old_server_and_frees_its_port(kind):
    first = START[kind](APPS[kind](), name="cell")
    second = START[kind](APPS[kind](), name="cell")
    assert not first.running and second.running and LIVE_SERVERS == {"cell": second}
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", first.port), timeout=1).close()
    assert send("GET", second.url + "/hello").status == 200


@pytest.mark.parametrize("kind", START)
def test_a_crash_is_a_generic_500_and_its_traceback_stays_in_the_server(kind, capfd):
    server = START[kind](APPS[kind](), name="crash")
    reply = send("GET", server.url + "/crash")
    assert reply.status == 500
    assert "lesson's app" not in reply.text  # no detail reaches the client
    assert "RuntimeError: a bug in the lesson's app" in server.last_error  # read right after: no race
    assert send("GET", server.url + "/hello").status == 200  # still serving
    captured = capfd.readouterr()  # a kernel copies even its process's own stderr into a cell
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize("kind", START)
def test_stop_all_servers_stops_these_too_and_stop_is_idempotent(kind):
    server = START[kind](APPS[kind](), name="x")
    assert stop_all_servers() == 1
    server.stop()
    assert not server.running and not LIVE_SERVERS

