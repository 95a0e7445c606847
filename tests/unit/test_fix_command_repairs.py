"""The fix that 01 teaches really repairs an environment where `pip install jwt` went wrong.

In a throw-away venv: install PyJWT, then a stand-in for the unrelated PyPI package `jwt`
(built here as a wheel: it owns the same file names, jwt/__init__.py, jwt/exceptions.py and
jwt/utils.py, as the real one does). Then the symptom, then the fixes, run by a shell exactly as
written. pip may use its cache; each step is bounded by a timeout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from helpers.exercises import check_fix_command
from helpers.setup.environment import EnvironmentFacts, diagnose

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "notebooks" / "solutions" / "01-import-ex2.py"
STEP_TIMEOUT = 300
IMPOSTOR = "jwt-1.3.1-py3-none-any.whl"
CHECK = "import jwt; print(callable(getattr(jwt, 'encode', None)))"


def impostor_wheel(folder: Path) -> Path:
    """A wheel named `jwt` that installs files with the same names as PyJWT's, without encode."""
    wheel = folder / IMPOSTOR
    files = {
        "jwt/__init__.py": '"""Not PyJWT: a different library also named jwt."""\n',
        "jwt/exceptions.py": "class JWTException(Exception):\n    pass\n",
        "jwt/utils.py": "def b64encode(data):\n    return data\n",
        "jwt-1.3.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: jwt\nVersion: 1.3.1\n",
        "jwt-1.3.1.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                     "Tag: py3-none-any\n",
    }
    record = "".join(f"{name},,\n" for name in files) + "jwt-1.3.1.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in {**files, "jwt-1.3.1.dist-info/RECORD": record}.items():
            archive.writestr(name, text)
    return wheel


def shell(venv: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a command line as a learner would, with the venv's `python` first on PATH."""
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    return subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True,
                          timeout=STEP_TIMEOUT, cwd=venv)


def encode_works(venv: Path) -> bool:
    result = shell(venv, f'python -c "{CHECK}"')
    return result.returncode == 0 and result.stdout.strip() == "True"


def broken_venv(folder: Path) -> Path:
    """A venv with PyJWT installed, then the stand-in `jwt` on top of it."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=STEP_TIMEOUT)
    pin = f"pyjwt=={version('pyjwt')}"  # the version already here, so pip's cache can serve it
    assert shell(venv, f"python -m pip install -q '{pin}'").returncode == 0
    wheel = impostor_wheel(folder)
    assert shell(venv, f"python -m pip install -q --no-deps --no-index {wheel}").returncode == 0
    assert not encode_works(venv), "the stand-in did not break `import jwt`"
    return venv


def diagnose_fix() -> str:
    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=False, pyjwt_version=None,
                             other_jwt_distribution=True, cryptography_version="44.0.0")
    return " && ".join(diagnose(facts).fixes)


def solution_fix() -> str:
    return re.search(r'my_fix = "([^"]+)"', SOLUTION.read_text(encoding="utf-8")).group(1)


@pytest.mark.slow
def test_uninstalling_only_jwt_leaves_pyjwt_broken_and_the_taught_fixes_repair_it(tmp_path: Path):
    venv = broken_venv(tmp_path)

    wrong = "python -m pip uninstall -y jwt && python -m pip install pyjwt"
    shell(venv, wrong)
    assert not encode_works(venv), "the fix the checker refuses turned out to work"
    assert check_fix_command(wrong).correct is False

    for fix in (diagnose_fix(), solution_fix()):
        assert check_fix_command(fix).correct is True
        shell(venv, f"python -m pip install -q --no-deps --no-index {tmp_path / IMPOSTOR}")
        assert not encode_works(venv), "could not break the venv again"
        result = shell(venv, fix)
        assert result.returncode == 0, result.stderr
        assert encode_works(venv), f"{fix!r} did not repair PyJWT"
