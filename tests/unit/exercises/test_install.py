"""01's checkers: the installed version, and the fix command diagnose() prints."""

from __future__ import annotations

import pytest

from helpers import exercises
from helpers.exercises.install import package_name


def test_version_checker_wants_the_installed_version():
    from importlib.metadata import version

    assert exercises.check_version_answer(version("pyjwt")).correct is True
    assert exercises.check_version_answer("1.7.1").correct is False


@pytest.mark.parametrize("command, correct", [
    ("python -m pip uninstall -y jwt PyJWT && python -m pip install 'pyjwt>=2.10'", True),  # diagnose()
    ("pip uninstall -y jwt pyjwt && pip install pyjwt", True),
    ("pip uninstall -y jwt; pip uninstall -y pyjwt; pip install pyjwt", True),
    ("pip uninstall -y jwt && pip install --force-reinstall pyjwt", True),
    ("pip uninstall -y jwt && pip install pyjwt", False),  # leaves PyJWT without its shared files
    ("pip install pyjwt", False),
    ("pip uninstall -y jwt pyjwt", False),
    ("pip install pyjwt && pip uninstall -y jwt pyjwt", False),  # the install comes first
    ("pip uninstall -y jwt pyjwt && pip install jwt pyjwt", False),  # the wrong package again
    ("pip uninstall -y jwt pyjwt && pip install pyjwt==1.7.1", False),
    ("pip uninstall -y jwt pyjwt && pip install 'pyjwt<2.15'", False),
    ("pip uninstall -y jwt pyjwt && pip install 'pyjwt>=2.15,<3'", True),
    ("%pip uninstall -y jwt pyjwt && %pip install pyjwt", False),  # one %pip per line
])
def test_fix_command_checker_agrees_with_diagnose(command, correct):
    assert exercises.check_fix_command(command).correct is correct


def test_fix_command_checker_asks_for_one_string():
    feedback = exercises.check_fix_command(["pip uninstall -y jwt pyjwt", "pip install pyjwt"])
    assert feedback.correct is False and "one string" in feedback.message


def test_fix_command_checker_accepts_the_command_diagnose_prints():
    from helpers.setup.environment import EnvironmentFacts, diagnose

    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=False, pyjwt_version=None,
                             other_jwt_distribution=True, cryptography_version="44.0.0")
    assert exercises.check_fix_command(" && ".join(diagnose(facts).fixes)).correct is True


# --- package_name: the package a pip argument names, as pip compares names ---------------------

NAMES = {
    "pyjwt": "pyjwt", "PyJWT": "pyjwt", "'pyjwt>=2.15,<3'": "pyjwt", '"PyJWT[crypto]"': "pyjwt",
    "pyjwt==1.7.1": "pyjwt", "pyjwt~=2.15": "pyjwt", "jwt": "jwt", "jwt!=1.0": "jwt",
    "Py_JWT": "py-jwt",  # PEP 503: pip treats _ . - alike, and none of these is pyjwt
    "./wheels/pyjwt.whl": "./wheels/pyjwt.whl",  # no requirement: the word itself
}


@pytest.mark.parametrize("word", NAMES)
def test_the_name_is_the_requirements_name(word: str) -> None:
    assert package_name(word) == NAMES[word]
