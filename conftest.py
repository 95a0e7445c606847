"""pytest settings for the whole repository: test kernels use Unix sockets, not TCP ports.

nbval (the strict notebook suite) and tests/kernel start kernels; over TCP, kernels started in
parallel can race for the same port and die at start (see tests/kernel/transport.py). nbval has
no option for the transport, so its KernelManager is replaced by one that uses IPC.
"""

import nbval.kernel

from tests.kernel.transport import UnixSocketKernelManager

nbval.kernel.KernelManager = UnixSocketKernelManager
