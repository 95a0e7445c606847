"""The major version of an installed PyJWT, read by packaging, with a fallback without it."""

from __future__ import annotations

import sys

import pytest

from helpers.setup.environment import major_version

VERSIONS = {"2.15.1": 2, "1.7.1": 1, "2.0.0a1": 2, "10.1": 10, "not a version": 0, "": 0}


@pytest.mark.parametrize("version", VERSIONS)
def test_the_major_version_is_read_as_a_version(version: str) -> None:
    assert major_version(version) == VERSIONS[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_without_packaging_the_number_before_the_first_dot_is_read(
        version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "packaging.version", None)  # import now raises ImportError
    assert major_version(version) == VERSIONS[version]
