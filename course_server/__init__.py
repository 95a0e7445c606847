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
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SERVER_ARGUMENTS = [
    "--ServerApp.kernel_websocket_connection_class=course_server.PromptWebsocketConnection",
]


class PromptWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The standard kernel websocket connection, with TCP_NODELAY set once it is open."""

    def connect(self) -> asyncio.Future[None] | None:
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def kernel_culling(idle_seconds: int) -> dict[str, Any]:
    """MappingKernelManager settings for a hub: stop a kernel that ran nothing for idle_seconds,
    even with its notebook's tab open. JupyterLab leaves every notebook's kernel running when a
    learner moves on, so a learner who went through the course would hold twelve (measured,
    make bench BENCH=P11: 1.3 GB instead of about 450 MB). Never for `make lab`."""
    return {"cull_idle_timeout": idle_seconds, "cull_connected": True,
            "cull_interval": max(10, min(300, idle_seconds // 4))}


def kernel_culling_arguments(idle_seconds: int) -> list[str]:
    """The same, as a server's command-line arguments."""
    return [f"--MappingKernelManager.{name}={value}" for name, value in kernel_culling(idle_seconds).items()]


def install_server_config(prefix: str = sys.prefix, kernel_idle: int = 0) -> Path:
    """Add the setting to this environment's Jupyter config, for servers not started by make.

    Binder (repo2docker) starts its own server: binder/postBuild calls this so the setting
    applies there too. It merges into PREFIX/etc/jupyter/jupyter_server_config.json, keeping
    whatever else that file already says. kernel_idle (seconds, for a hub's environment) adds
    kernel_culling(kernel_idle).
    """
    target = Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    name, value = SERVER_ARGUMENTS[0].removeprefix("--ServerApp.").split("=", 1)
    config.setdefault("ServerApp", {})[name] = value
    if kernel_idle:
        config.setdefault("MappingKernelManager", {}).update(kernel_culling(kernel_idle))
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target

