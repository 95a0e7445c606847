"""pytest settings for the whole repository (tests/ and the notebooks under nbval).

- Test kernels use Unix sockets, not TCP ports. nbval (the strict notebook suite) and
  tests/kernel start kernels; over TCP, kernels started in parallel can race for the same port
  and die at start (see tests/kernel/transport.py). nbval has no option for the transport, so
  its KernelManager is replaced by one that uses IPC.
- Tests record no learner progress: JWT_COURSE_PROGRESS=off here (kernels started by tests
  inherit it), so running checkers and notebooks never writes a progress file into notebooks/.
  Tests of the progress file give it a path of their own.
- `--require-browser`: the browser tests fail instead of skipping when Chromium, Playwright or
  axe-core is missing (as CI=true or REQUIRE_BROWSER=1 do). Declared here, at the root, so any
  pytest command accepts it (`pytest tests/unit --require-browser` too).

Shared fixtures live in tests/conftest.py.
"""

import os

import nbval.kernel
import pytest

from tests.kernel.transport import UnixSocketKernelManager

nbval.kernel.KernelManager = UnixSocketKernelManager
os.environ.setdefault("JWT_COURSE_PROGRESS", "off")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--require-browser", action="store_true", default=False,
                     help="fail (do not skip) the browser tests when Chromium, Playwright or "
                          "axe-core is missing; same as CI=true or REQUIRE_BROWSER=1")
