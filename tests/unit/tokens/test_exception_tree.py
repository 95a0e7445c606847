"""The exception tree is read from PyJWT itself: it names every class, and only PyJWT's."""

from __future__ import annotations

import jwt
from jwt import exceptions

from helpers.tokens.exception_tree import (
    ancestors,
    caught_by,
    exception_tree,
    importable_from_jwt,
    pyjwt_exceptions,
)


def test_every_class_in_jwt_exceptions_is_in_the_tree_once():
    tree = exception_tree()
    names = [line.strip() for line in tree.splitlines()]
    expected = {cls.__name__ for cls in pyjwt_exceptions()}
    assert sorted(names) == sorted(expected)
    assert {"PyJWTError", "InvalidTokenError", "InvalidKeyError", "MissingCryptographyError",
            "PyJWKClientConnectionError", "InvalidSubjectError", "InvalidJTIError"} <= expected


def test_depth_shows_the_parent():
    lines = exception_tree().splitlines()
    depth = {line.strip(): (len(line) - len(line.lstrip())) // 4 for line in lines}
    assert depth["PyJWTError"] == 0
    assert depth["InvalidTokenError"] == depth["InvalidKeyError"] == depth["PyJWKError"] == 1
    assert depth["DecodeError"] == depth["ExpiredSignatureError"] == 2
    assert depth["InvalidSignatureError"] == 3
    assert depth["MissingCryptographyError"] == 2


def test_a_class_defined_outside_pyjwt_is_left_out():
    class MyAppError(jwt.InvalidTokenError):
        pass

    try:
        assert "MyAppError" not in exception_tree()
        assert "MyAppError" not in caught_by(jwt.InvalidTokenError)
    finally:
        del MyAppError


def test_ancestors_follow_the_mro_up_to_pyjwterror():
    assert ancestors(jwt.InvalidSignatureError) == [
        "InvalidSignatureError", "DecodeError", "InvalidTokenError", "PyJWTError"]
    assert ancestors(jwt.InvalidKeyError) == ["InvalidKeyError", "PyJWTError"]


def test_invalid_token_error_does_not_catch_key_errors():
    caught = caught_by(jwt.InvalidTokenError)
    assert "ExpiredSignatureError" in caught and "InvalidSignatureError" in caught
    assert "InvalidKeyError" not in caught and "PyJWKError" not in caught
    assert set(caught_by(jwt.PyJWTError)) == {cls.__name__ for cls in pyjwt_exceptions()}


def test_importable_from_jwt():
    assert importable_from_jwt(jwt.DecodeError)
    assert not importable_from_jwt(exceptions.InvalidSubjectError)
    assert not importable_from_jwt(exceptions.MissingCryptographyError)
