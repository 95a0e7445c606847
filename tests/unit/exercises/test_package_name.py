"""The package a pip argument names, as pip compares names (01's fix-command checker)."""

from __future__ import annotations

import pytest

from helpers.exercises.install import package_name

NAMES = {
    "pyjwt": "pyjwt", "PyJWT": "pyjwt", "'pyjwt>=2.15,<3'": "pyjwt", '"PyJWT[crypto]"': "pyjwt",
    "pyjwt==1.7.1": "pyjwt", "pyjwt~=2.15": "pyjwt", "jwt": "jwt", "jwt!=1.0": "jwt",
    "Py_JWT": "py-jwt",  # PEP 503: pip treats _ . - alike, and none of these is pyjwt
    "./wheels/pyjwt.whl": "./wheels/pyjwt.whl",  # no requirement: the word itself
}


@pytest.mark.parametrize("word", NAMES)
def test_the_name_is_the_requirements_name(word: str) -> None:
    assert package_name(word) == NAMES[word]
