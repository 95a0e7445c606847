"""Smoke-test the single-user image before a class, where Docker runs:

    python3 classroom/smoke_test.py ghcr.io/your-org/jwt-course-singleuser:YYYY-MM-DD

Each check runs one command in a throwaway container (`docker run --rm IMAGE ...`) and prints one
line: what it checked, OK or FAILED, and what it saw. Exit status 1 when any check failed.
It needs only Python 3 and Docker (run it from the repository's root or anywhere: it reads the
versions to expect from this checkout). `--docker podman` uses another engine.

What a learner's first click needs: git (nbgitpuller runs it), nbgitpuller enabled in the
server, jupyterhub at the chart's major version (course.cfg), PyJWT at the locked version and the
course's helpers, a kernel that starts and imports them, the course's kernel-websocket setting,
no broken requirements, and a non-root user (the chart runs servers as uid 1000).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
KERNEL_CHECK = """\
from jupyter_client.manager import start_new_kernel
manager, client = start_new_kernel(kernel_name="python3")
try:
    reply = client.execute_interactive("import jwt, helpers; print(jwt.__version__)", timeout=120)
    print("kernel", reply["content"]["status"])
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
"""


@dataclass(frozen=True)
class Result:
    name: str
    passed: bool
    seen: str

    def line(self) -> str:
        return f"{'OK    ' if self.passed else 'FAILED'} {self.name}: {self.seen}"


def expected_hub_major() -> int:
    """The major version of the chart's hub (its appVersion, vendored from the chart)."""
    chart = (ROOT / "classroom" / "z2jh-chart" / "Chart.yaml").read_text(encoding="utf-8")
    return int(re.search(r'^appVersion:\s*"?(\d+)\.', chart, re.M)[1])


def locked(name: str) -> str:
    """The version classroom/requirements-hub-lock.txt pins for a package."""
    lock = (ROOT / "classroom" / "requirements-hub-lock.txt").read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(name)}==([^ ;\n]+)", lock, re.M | re.I)[1]


class Image:
    """Runs commands in throwaway containers of one image."""

    def __init__(self, image: str, docker: str = "docker", timeout: float = 300) -> None:
        self.image, self.docker, self.timeout = image, docker, timeout

    def run(self, *command: str) -> tuple[int, str]:
        """Exit status and output (stdout and stderr, colours removed) of a command in the image."""
        try:
            done = subprocess.run([self.docker, "run", "--rm", self.image, *command],
                                  capture_output=True, text=True, timeout=self.timeout)
        except FileNotFoundError:
            return 127, f"{self.docker}: not found (install Docker, or pass --docker)"
        except subprocess.TimeoutExpired:
            return 124, f"no answer within {self.timeout:.0f} s"
        return done.returncode, ANSI.sub("", done.stdout + done.stderr).strip()


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1] if text.strip() else "(no output)"


def check_git(image: Image) -> Result:
    status, out = image.run("git", "--version")
    return Result("git (nbgitpuller runs it)", status == 0 and out.startswith("git version"),
                  last_line(out))


def check_jupyterhub(image: Image) -> Result:
    status, out = image.run("python", "-c", "import jupyterhub; print(jupyterhub.__version__)")
    major = expected_hub_major()
    found = re.search(r"^(\d+)\.\d+", out, re.M)
    passed = status == 0 and found is not None and int(found[1]) == major
    return Result(f"jupyterhub {major}.x, the chart's hub major version", passed, last_line(out))


def check_nbgitpuller(image: Image) -> Result:
    status, out = image.run("jupyter", "server", "extension", "list")
    enabled = re.search(r"^\s*nbgitpuller\s+enabled", out, re.M)
    valid = re.search(r"^\s*nbgitpuller\s+\S+\s+OK", out, re.M)
    passed = status == 0 and bool(enabled and valid)
    return Result("nbgitpuller enabled in the server", passed,
                  valid[0].strip() if valid else "nbgitpuller is not enabled and OK")


def check_course(image: Image) -> Result:
    status, out = image.run("python", "-c", "import jwt, helpers, course_server; print(jwt.__version__)")
    want = locked("pyjwt")
    return Result(f"PyJWT {want} (the lock) and the course's helpers", status == 0 and
                  last_line(out) == want, last_line(out))


def check_kernel(image: Image) -> Result:
    status, out = image.run("python", "-c", KERNEL_CHECK)
    passed = status == 0 and "kernel ok" in out.splitlines()
    return Result("a python3 kernel starts and imports jwt and helpers", passed,
                  "kernel ok" if passed else last_line(out))


def check_server_setting(image: Image) -> Result:
    status, out = image.run("jupyter", "server", "--show-config")
    websocket = "course_server.PromptWebsocketConnection" in out
    culling = re.search(r"\.cull_idle_timeout = [1-9]", out) and ".cull_connected = True" in out
    passed = status == 0 and websocket and bool(culling)
    seen = "both set" if passed else ("no kernel culling" if websocket else last_line(out))
    return Result("the course's server settings (widget websocket, idle kernels stop)", passed, seen)


def check_requirements(image: Image) -> Result:
    status, out = image.run("python", "-m", "pip", "check")
    return Result("no broken requirements (pip check)", status == 0, last_line(out))


def check_user(image: Image) -> Result:
    status, out = image.run("id", "-u")
    return Result("servers run as uid 1000, not root", status == 0 and out.strip() == "1000",
                  f"uid {out.strip()}" if status == 0 else last_line(out))


CHECKS: list[Callable[[Image], Result]] = [
    check_git, check_jupyterhub, check_nbgitpuller, check_course, check_kernel,
    check_server_setting, check_requirements, check_user]


def run_checks(image: Image, checks: list[Callable[[Image], Result]] | None = None) -> list[Result]:
    """Every check, each in its own container, at the same time; results in the checks' order."""
    checks = CHECKS if checks is None else checks
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        return list(pool.map(lambda check: check(image), checks))


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("image", help="the image to check, e.g. ghcr.io/your-org/jwt-course-singleuser:TAG")
    parser.add_argument("--docker", default="docker", help="the container engine (default: docker)")
    options = parser.parse_args(arguments)
    image = Image(options.image, options.docker)
    print(f"checking {options.image} ({len(CHECKS)} containers at once)...", flush=True)
    results = run_checks(image)
    for result in results:
        print(result.line())
    failed = [result for result in results if not result.passed]
    print(f"{options.image}: {len(failed)} of {len(results)} checks failed" if failed
          else f"{options.image}: ready for a class")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
