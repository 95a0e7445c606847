"""The environment check names the problem and the exact command that fixes it, and the fix works.

The last test (marker `slow`, about 30 s) runs the fix 01 teaches for real: in a throw-away
venv, install PyJWT, then a stand-in for the unrelated PyPI package `jwt` (built here as a
wheel: it owns the same file names, jwt/__init__.py, jwt/exceptions.py and jwt/utils.py, as the
real one does). Then the symptom, then the fixes, run by a shell exactly as written. pip may
use its cache; each step is bounded by a timeout.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from importlib.metadata import version
from pathlib import Path

import jwt
import pytest

from helpers.exercises import check_fix_command
from helpers.setup.environment import (
    MINIMUM_PYJWT,
    PYJWT_REQUIREMENT,
    EnvironmentFacts,
    check_environment,
    diagnose,
    feature_gaps,
    major_version,
    older_than_minimum,
)
from tools.course import ROOT


def facts(**changes):
    good = dict(jwt_importable=True, jwt_has_encode=True, pyjwt_version="2.15.1",
                other_jwt_distribution=False, cryptography_version="50.0.2")
    return EnvironmentFacts(**{**good, **changes})


def test_this_environment_is_ready():
    diagnosis = check_environment()
    assert diagnosis.ready, str(diagnosis)
    assert str(diagnosis).startswith("Ready: `import jwt` gives PyJWT 2 (2.15 or newer)")


@pytest.mark.parametrize("situation, finding, command", [
    (dict(other_jwt_distribution=True, jwt_has_encode=False), "unrelated package", "uninstall -y jwt"),
    (dict(jwt_has_encode=False), "unrelated package", "install 'pyjwt>=2.15,<3'"),
    (dict(jwt_importable=False, pyjwt_version=None), "not installed",
     "install 'pyjwt>=2.15,<3' cryptography"),
    (dict(pyjwt_version="1.7.1"), "PyJWT 1.7.1", "install --upgrade 'pyjwt>=2.15,<3'"),
    (dict(pyjwt_version="2.10.1"), "needs PyJWT 2.15 or newer", "install --upgrade 'pyjwt>=2.15,<3'"),
    (dict(pyjwt_version="2.10.1", missing_features=("jwt.InsecureKeyLengthWarning",)),
     "missing: jwt.InsecureKeyLengthWarning",
     "install --upgrade 'pyjwt>=2.15,<3'"),
    (dict(cryptography_version=None), "cryptography is missing", "pip install cryptography"),
    (dict(missing_features=("PyJWKSetError",)), "lacks features this course uses",
     "install --force-reinstall 'pyjwt>=2.15,<3'"),
    (dict(pyjwt_version="2.12.1", cryptography_version=None), "cryptography is missing too",
     "install --upgrade 'pyjwt>=2.15,<3' cryptography"),
])
def test_each_broken_environment_gets_its_fix(situation, finding, command):
    diagnosis = diagnose(facts(**situation))
    assert not diagnosis.ready
    assert finding in str(diagnosis)
    assert any(command in fix for fix in diagnosis.fixes)
    assert "restart the kernel" in str(diagnosis)


def test_the_minimum_is_the_same_everywhere():
    requirement = re.compile(r"pyjwt>=([0-9.]+),<3")
    pinned = {requirement.search((ROOT / name).read_text()).group(1)
              for name in ("requirements.txt", "pyproject.toml")}
    assert pinned == {MINIMUM_PYJWT}
    assert PYJWT_REQUIREMENT == f"pyjwt>={MINIMUM_PYJWT},<3"
    assert not older_than_minimum(jwt.__version__), "this environment itself is below the pin"


@pytest.mark.parametrize("version, old", [("2.10.1", True), ("2.14.0", True), ("2.15.0", False),
                                          ("2.15.1", False), ("2.16.0rc1", False), ("3.0.0", False),
                                          ("not-a-version", True)])
def test_versions_are_compared_as_versions_not_text(version, old):
    assert older_than_minimum(version) is old  # "2.9" < "2.15" as versions, not as text


def test_this_pyjwt_has_every_feature_the_course_uses():
    assert feature_gaps(jwt) == ()


# A stand-in for PyJWT 2.10.1 on sys.path ahead of the real one: it installs a module `jwt`
# whose encode/decode work but lack what 2.11-2.15 added, and says Version: 2.10.1.
OLD_JWT = textwrap.dedent("""
    __version__ = "2.10.1"
    class PyJWTError(Exception): pass
    class InvalidKeyError(PyJWTError): pass
    class PyJWKSetError(PyJWTError): pass
    class PyJWKSet:
        @staticmethod
        def from_dict(data):
            return [key["kty"] for key in data["keys"]]  # AttributeError/TypeError on text
    def encode(payload, key, algorithm="HS256"):
        return "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"
    def decode(token, key, algorithms=None, options=None):
        return {}
""")


def test_a_simulated_old_pyjwt_is_not_ready_and_gets_the_upgrade_command(tmp_path):
    (tmp_path / "jwt").mkdir()
    (tmp_path / "jwt" / "__init__.py").write_text(OLD_JWT)
    info = tmp_path / "PyJWT-2.10.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: PyJWT\nVersion: 2.10.1\n")
    script = ("import json; from helpers.setup.environment import check_environment, gather_facts; "
              "d = check_environment(); "
              "print(json.dumps([d.ready, str(d), gather_facts().missing_features]))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                            timeout=120, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    ready, text, missing = json.loads(result.stdout)
    assert ready is False
    assert text.startswith("Not ready: PyJWT 2.10.1 is installed; this course needs PyJWT 2.15 or newer.")
    assert len(missing) == 4 and "InsecureKeyLengthWarning" in missing[0]
    assert text.rstrip().endswith("python -m pip install --upgrade 'pyjwt>=2.15,<3'")
    assert "restart the kernel" in text


def test_in_the_browser_a_missing_cryptography_is_expected_and_the_note_says_what_works():
    from helpers.setup.environment import Diagnosis, in_the_browser

    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=True, pyjwt_version="2.15.1",
                             other_jwt_distribution=False,
                             cryptography_version=None)
    diagnosis = in_the_browser(diagnose(facts), facts, "Browser version (JupyterLite): 00-04 run here.")
    assert diagnosis.ready and not diagnosis.fixes
    assert "Browser version" in str(diagnosis)
    outside = in_the_browser(diagnose(facts), facts, None)
    assert not outside.ready and outside.fixes  # outside the browser: install cryptography
    broken = Diagnosis(False, ("PyJWT is not installed",), ("pip install pyjwt",))
    assert in_the_browser(broken, facts, "note").findings[-1] == "note"


# --- what `import jwt` can find instead of PyJWT: a jwt.py or jwt/ of the learner's (rename it),
# or the unrelated PyPI distribution `jwt` (installed here for real: uninstall both, reinstall
# PyJWT). A folder jwt/ without __init__.py hides nothing. -------------------------------------

ENVIRONMENT_CHECK = "from helpers import check_environment; print(check_environment())"
WRONG_DISTRIBUTION = "jwt==1.4.0"  # the PyPI package named jwt (GehirnInc/python-jwt): no jwt.encode


def check_in(folder: Path, *extra_path: Path) -> str:
    """What the environment check prints in a Python started in `folder`, as a notebook there."""
    path = os.pathsep.join(str(p) for p in (*extra_path, ROOT))
    result = subprocess.run([sys.executable, "-c", ENVIRONMENT_CHECK], cwd=folder, capture_output=True,
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


# --- the fix 01 teaches, run for real in a throw-away venv (marker slow) ---------------------


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


# --- major_version: read by packaging, with a fallback without it -----------------------------

VERSIONS = {"2.15.1": 2, "1.7.1": 1, "2.0.0a1": 2, "10.1": 10, "not a version": 0, "": 0}


@pytest.mark.parametrize("version", VERSIONS)
def test_the_major_version_is_read_as_a_version(version: str) -> None:
    assert major_version(version) == VERSIONS[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_without_packaging_the_number_before_the_first_dot_is_read(
        version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "packaging.version", None)  # import now raises ImportError
    assert major_version(version) == VERSIONS[version]
