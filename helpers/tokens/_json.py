"""Small JSON facts shared by the payload and token readers: kinds, depth, NUL characters."""

from __future__ import annotations

from typing import Any


def json_kind(value: Any) -> str:
    """The JSON name of a Python value's type: object, array, string, number, boolean, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def bracket_depth(text: str) -> int:
    """How deep the { and [ in JSON text nest, brackets inside strings not counted.

    Checked before parsing, so a deep payload gets the same message on every Python version
    (3.13's json reads nesting that older versions refuse with RecursionError).
    """
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def nesting_depth(value: Any) -> int:
    """How many levels of objects and arrays a JSON value nests (a flat object is 1)."""
    depth, level = 0, [value]
    while level:
        depth += 1
        children = []
        for item in level:
            if isinstance(item, dict):
                children.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                children.extend(v for v in item if isinstance(v, (dict, list)))
        level = children
    return depth


def has_nul(value: Any) -> bool:
    """True when a key or string anywhere in a JSON value holds a NUL character."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
            pending.extend(item.keys())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and "\x00" in item:
            return True
    return False
