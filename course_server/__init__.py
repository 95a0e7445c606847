"""A Jupyter server setting for the course: widget updates reach the browser without a stall.

jupyter_server leaves Nagle's algorithm on for the kernel websocket. The kernel answers a
keystroke in a widget with several small messages (status busy, the new value, status idle);
with Nagle on, the second one waits for the browser's delayed TCP ACK, about 40 ms, as soon as
the learner types a few keys a second. TCP_NODELAY sends each message at once (`make bench`,
P3: keystroke -> token redrawn went from a 50 ms to an 18 ms median).

`python -m course_server` writes the setting into this environment's Jupyter config (`make lab`
and `binder/postBuild` run it at install; the hub image too); the browser tests pass
SERVER_ARGUMENTS. Only the Jupyter server imports this package, never a kernel: it lives
outside `helpers`, the learners' package.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SERVER_ARGUMENTS = [
    "--ServerApp.kernel_websocket_connection_class=course_server.PromptWebsocketConnection",
]


class PromptWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The standard kernel websocket connection, with TCP_NODELAY set once it is open."""

    def connect(self) -> asyncio.Future[None] | None:
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def install_server_config(prefix: str = sys.prefix) -> Path:
    """Add the setting to this environment's Jupyter config, for servers not started by make.

    Binder (repo2docker) starts its own server: binder/postBuild calls this so the setting
    applies there too. It merges into PREFIX/etc/jupyter/jupyter_server_config.json, keeping
    whatever else that file already says.
    """
    target = Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    name, value = SERVER_ARGUMENTS[0].removeprefix("--ServerApp.").split("=", 1)
    config.setdefault("ServerApp", {})[name] = value
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target

