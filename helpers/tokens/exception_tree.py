"""PyJWT's exception classes as a tree, read from PyJWT itself, so one except clause is clear."""

from __future__ import annotations

import jwt
from jwt import exceptions as jwt_exceptions


def pyjwt_exceptions() -> list[type[BaseException]]:
    """Every exception class PyJWT defines in jwt.exceptions, in the order it defines them."""
    return [value for value in vars(jwt_exceptions).values()
            if isinstance(value, type) and issubclass(value, jwt.PyJWTError)]


def exception_tree(root: type[BaseException] = jwt.PyJWTError, indent: str = "") -> str:
    """The class and everything below it, one per line, indented by depth (walks __subclasses__)."""
    known = set(pyjwt_exceptions())
    lines = [f"{indent}{root.__name__}"]
    for child in root.__subclasses__():
        if child in known:
            lines.append(exception_tree(child, indent + "    "))
    return "\n".join(lines)


def ancestors(error_class: type[BaseException]) -> list[str]:
    """The class's own name, then each class it inherits from up to PyJWTError (its __mro__)."""
    names = []
    for cls in error_class.__mro__:
        names.append(cls.__name__)
        if cls is jwt.PyJWTError:
            break
    return names


def caught_by(except_class: type[BaseException]) -> list[str]:
    """The PyJWT exceptions that `except except_class:` catches, by name."""
    return [cls.__name__ for cls in pyjwt_exceptions() if issubclass(cls, except_class)]


def importable_from_jwt(error_class: type[BaseException]) -> bool:
    """True when `jwt.<Name>` works; a few classes live only in jwt.exceptions."""
    return getattr(jwt, error_class.__name__, None) is error_class
