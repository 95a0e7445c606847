"""P6 install footprint: venv from requirements.txt / venv with only the four libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.bench.common import ROOT, session

NAME = "P6"
TITLE = "install footprint"
GOAL = 1.05  # ratio: course venv / four-library venv at most this
GOAL_TEXT = f"<= {GOAL}"
FOUR_LIBRARIES = ["jupyterlab", "ipywidgets", "pyjwt", "cryptography"]


def venv_size(folder: Path, requirements: list[str]) -> int:
    """Bytes on disk (du -sb) of a fresh venv after `pip install` of the given arguments."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    subprocess.run([*pip, *requirements], check=True, cwd=ROOT)
    output = subprocess.run(["du", "-sb", str(folder)], check=True, capture_output=True, text=True)
    return int(output.stdout.split()[0])


def measure(runs: int) -> dict:
    workdir = session().workdir
    course = venv_size(workdir / "venv-course", ["-r", "requirements.txt"])
    bare = venv_size(workdir / "venv-bare", FOUR_LIBRARIES)
    return {"unit": "ratio", "values": [course / bare],
            "details": {"course_bytes": course, "four_libraries_bytes": bare,
                        "runs": "1 (sizes are deterministic for a given pip cache and index)"}}
