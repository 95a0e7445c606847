"""pytest settings for the whole repository: test kernels use Unix sockets, not TCP ports.

nbval (the strict notebook suite) and tests/kernel start kernels; over TCP, kernels started in
parallel can race for the same port and die at start (see tests/kernel/transport.py). nbval has
no option for the transport, so its KernelManager is replaced by one that uses IPC.

Tests record no learner progress: JWT_COURSE_PROGRESS=off here (kernels started by tests inherit
it), so running checkers and notebooks never writes a progress file into notebooks/. Tests of
the progress file give it a path of their own.
"""

import os

import nbval.kernel

from tests.kernel.transport import UnixSocketKernelManager

nbval.kernel.KernelManager = UnixSocketKernelManager
os.environ.setdefault("JWT_COURSE_PROGRESS", "off")
