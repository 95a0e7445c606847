"""Build the environment a one-server hub and its learners run from, readable by every account:

    python -m tools.hub_env /opt/jwt-course/env [--python /usr/bin/python3]   (make hub-env)

It holds classroom/requirements-hub-lock.txt (the course lock, jupyterhub at the chart's major
version, nbgitpuller, the personal accounts and the idle culler), the course's helpers as a
regular package (the environment does not depend on this checkout afterwards: rebuild it after
changing the helpers), and the course's kernel-websocket setting. Learners' accounts cannot
read a virtual environment under /root, so the Python must live elsewhere (Debian's
/usr/bin/python3 does).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Run by the system's Python (`make hub-env`), which may lack `packaging`: so this module reads
# nothing through tools.lock or tools.course, whose imports need more than the standard library.
ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "classroom" / "requirements-hub-lock.txt"


def without_editable_course(lock: Path, folder: Path) -> Path:
    """The lock minus its `-e .` line (the helpers are installed as a package instead)."""
    target = folder / "requirements.txt"
    lines = [line for line in lock.read_text(encoding="utf-8").splitlines() if line.strip() != "-e ."]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def build(target: Path, python: str = "/usr/bin/python3", lock: Path = LOCK,
          installer: str = "pip", extra: list[str] | None = None) -> Path:
    """Create the environment at `target` (replacing one there) and return its bin folder."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(target)], check=True)
    interpreter = target / "bin" / "python"
    if installer == "uv":  # the tests' fast path; the same packages
        install = [str(Path(sys.executable).with_name("uv")), "pip", "install", "--quiet",
                   "--python", str(interpreter)]
    else:
        install = [str(interpreter), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([*install, "-r", str(without_editable_course(lock, Path(folder))),
                        *(extra or [])], check=True)
    subprocess.run([*install, "--no-deps", str(ROOT)], check=True, cwd=target)
    subprocess.run([str(interpreter), "-m", "course_server"], check=True, cwd=target,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
    return target / "bin"


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="where to create it, e.g. /opt/jwt-course/env")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="a Python 3.10+ that every account can run (default /usr/bin/python3)")
    options = parser.parse_args(arguments)
    bin_folder = build(options.target.resolve(), options.python)
    print(f"hub environment in {options.target}; start the hub with\n"
          f"  JWT_HUB_LEARNER_ENV={options.target} {bin_folder / 'jupyterhub'} -f "
          f"{ROOT / 'classroom' / 'jupyterhub_config.py'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
