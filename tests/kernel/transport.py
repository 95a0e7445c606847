"""Kernels for the tests talk over Unix sockets (IPC), not TCP ports.

With TCP, jupyter_client asks the OS for free ports, closes them, and the kernel binds them a
moment later. When test runs start kernels in parallel, another process can take one of those
ports in between (another kernel, or the source port of any outgoing connection) and the kernel
dies at start: ZMQError "Address already in use", seen by nbval as "Kernel died before replying
to kernel_info". Measured here: 1 kernel start in about 50 under parallel load. IPC sockets are
files with unique names: there is nothing to race for.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

from jupyter_client import KernelManager
from traitlets import default

IPC_AVAILABLE = sys.platform != "win32"


class UnixSocketKernelManager(KernelManager):
    """A KernelManager whose kernel listens on Unix sockets under the temp folder."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc" if IPC_AVAILABLE else "tcp"

    @default("ip")
    def _default_ip(self) -> str:
        if self.transport != "ipc":
            return "127.0.0.1"
        # Absolute and unique: the kernel runs in another folder (notebooks/) than its client,
        # and jupyter_client's default ("kernel-ipc") is relative to each one's own folder.
        return str(Path(tempfile.gettempdir()) / f"jwt-course-kernel-{uuid.uuid4().hex[:16]}")
