"""The environment check names the problem and the exact command that fixes it."""

import pytest

from helpers.environment import EnvironmentFacts, check_environment, diagnose


def facts(**changes):
    good = dict(jwt_importable=True, jwt_has_encode=True, pyjwt_version="2.15.1",
                other_jwt_distribution=False, cryptography_version="50.0.2")
    return EnvironmentFacts(**{**good, **changes})


def test_this_environment_is_ready():
    diagnosis = check_environment()
    assert diagnosis.ready, str(diagnosis)
    assert str(diagnosis).startswith("Ready: `import jwt` gives PyJWT 2")


@pytest.mark.parametrize("situation, finding, command", [
    (dict(other_jwt_distribution=True, jwt_has_encode=False), "unrelated package", "uninstall -y jwt"),
    (dict(jwt_has_encode=False), "unrelated package", "install 'pyjwt>=2.10'"),
    (dict(jwt_importable=False, pyjwt_version=None), "not installed", "install 'pyjwt>=2.10' cryptography"),
    (dict(pyjwt_version="1.7.1"), "PyJWT 1.7.1", "install --upgrade 'pyjwt>=2.10'"),
    (dict(cryptography_version=None), "cryptography is missing", "pip install cryptography"),
])
def test_each_broken_environment_gets_its_fix(situation, finding, command):
    diagnosis = diagnose(facts(**situation))
    assert not diagnosis.ready
    assert finding in str(diagnosis)
    assert any(command in fix for fix in diagnosis.fixes)
    assert "restart the kernel" in str(diagnosis)
