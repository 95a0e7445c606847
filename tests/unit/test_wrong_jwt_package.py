"""The environment check tells apart the three things `import jwt` can find instead of PyJWT.

- a file `jwt.py` of the learner's, in the folder Python runs from: named with its path, and the
  advice is to rename it (pip cannot help);
- a folder `jwt/` with an `__init__.py`: the same;
- the unrelated PyPI distribution `jwt` (installed here for real, from PyPI or pip's cache):
  uninstall both, reinstall PyJWT.
A folder `jwt/` without `__init__.py` hides nothing, and the check says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.setup.environment import EnvironmentFacts, diagnose

ROOT = Path(__file__).resolve().parents[2]
CHECK = "from helpers import check_environment; print(check_environment())"
WRONG_DISTRIBUTION = "jwt==1.4.0"  # the PyPI package named jwt (GehirnInc/python-jwt): no jwt.encode


def check_in(folder: Path, *extra_path: Path) -> str:
    """What the environment check prints in a Python started in `folder`, as a notebook there."""
    path = os.pathsep.join(str(p) for p in (*extra_path, ROOT))
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=folder, capture_output=True,
                            text=True, env={"PYTHONPATH": path, "PATH": ""}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_file_named_jwt_py_is_named_with_its_path_and_renamed(tmp_path: Path) -> None:
    (tmp_path / "jwt.py").write_text("# my notes about tokens\n")
    said = check_in(tmp_path)
    assert said.startswith(f"Not ready: `import jwt` loads your own file {tmp_path.resolve() / 'jwt.py'}")
    assert "Rename it, e.g. to jwt_notes.py" in said and "pip cannot help" in said
    assert "uninstall" not in said and "Run this" not in said


def test_a_folder_named_jwt_is_named_with_its_path_and_renamed(tmp_path: Path) -> None:
    (tmp_path / "jwt").mkdir()
    (tmp_path / "jwt" / "__init__.py").write_text("")
    said = check_in(tmp_path)
    assert said.startswith(f"Not ready: `import jwt` loads your own folder {tmp_path.resolve() / 'jwt'},")
    assert "Rename it, e.g. to jwt_notes," in said and "uninstall" not in said


def test_a_folder_without_init_hides_nothing(tmp_path: Path) -> None:
    (tmp_path / "jwt").mkdir()
    assert check_in(tmp_path).startswith("Ready: `import jwt` gives PyJWT")


@pytest.fixture(scope="module")
def wrong_distribution(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real PyPI distribution `jwt`, installed into a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                             "--disable-pip-version-check", "--target", str(target),
                             WRONG_DISTRIBUTION], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"pip could not install {WRONG_DISTRIBUTION}: {result.stderr}"
    assert (target / "jwt" / "__init__.py").is_file()
    return target


def test_the_wrong_pypi_distribution_gets_the_uninstall_fix(tmp_path: Path,
                                                            wrong_distribution: Path) -> None:
    said = check_in(tmp_path, wrong_distribution)
    assert said.startswith("Not ready: `import jwt` finds the unrelated package named `jwt`")
    assert "uninstall -y jwt PyJWT" in said and "Rename" not in said


def test_a_file_named_jwt_py_without_pyjwt_also_asks_for_the_install() -> None:
    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=False, pyjwt_version=None,
                             other_jwt_distribution=False, cryptography_version=None,
                             shadowing_path="/home/ada/project/jwt.py")
    diagnosis = diagnose(facts)
    assert not diagnosis.ready
    assert "loads your own file /home/ada/project/jwt.py" in str(diagnosis)
    assert "not installed either" in str(diagnosis)
    assert diagnosis.fixes == ("python -m pip install 'pyjwt>=2.15,<3' cryptography",)
