"""A Jupyter server setting for the course: widget updates reach the browser without a stall.

jupyter_server leaves Nagle's algorithm on for the kernel websocket. The kernel answers a
keystroke in a widget with several small messages (status busy, the new value, status idle);
with Nagle on, the second one waits for the browser's delayed TCP ACK, about 40 ms, as soon as
the learner types a few keys a second. TCP_NODELAY sends each message at once (`make bench`,
P3: keystroke -> token redrawn went from about 50 ms to about 15 ms median).

`make lab` (and the browser tests) start JupyterLab with SERVER_ARGUMENTS. Only the Jupyter
server imports this module, never a kernel.
"""

from __future__ import annotations

import asyncio

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SERVER_ARGUMENTS = [
    "--ServerApp.kernel_websocket_connection_class=helpers.server.PromptWebsocketConnection",
]


class PromptWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The standard kernel websocket connection, with TCP_NODELAY set once it is open."""

    def connect(self) -> asyncio.Future[None] | None:
        self.websocket_handler.set_nodelay(True)
        return super().connect()
