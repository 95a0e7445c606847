"""Turn the text a learner typed into a JWT payload, or say exactly what is wrong with it."""

from __future__ import annotations

import json
import math
import time
from calendar import timegm
from datetime import date, datetime
from typing import Any

from helpers.errors import InputProblem
from helpers.tokens._json import bracket_depth, has_nul, json_kind, nesting_depth

MAX_PAYLOAD_BYTES = 8 * 1024
MAX_DEPTH = 20
TIME_CLAIMS = ("exp", "nbf", "iat")
STRING_CLAIMS = ("iss", "sub", "jti")
LATEST_TIMESTAMP = 253402300799  # 9999-12-31 23:59:59 UTC, the last second datetime can show


def parse_payload(text: str) -> dict[str, Any]:
    """Parse payload text as a JSON object and check its registered claims."""
    if not isinstance(text, str):
        raise InputProblem(
            f"The payload must be text (a str holding JSON), not {type(text).__name__}: "
            'for example \'{"key": "value"}\'.'
        )
    if not text.strip():
        raise InputProblem('The payload is empty: type a JSON object, for example {"key": "value"}.')
    if text.lstrip().startswith("\ufeff"):
        raise InputProblem(
            "The payload starts with an invisible byte-order mark (U+FEFF) that JSON does not "
            "allow: delete the first character, or retype the opening brace."
        )
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PAYLOAD_BYTES:
        raise InputProblem(
            f"The payload is {size:,} bytes; keep it under {MAX_PAYLOAD_BYTES:,}: tokens travel in "
            "HTTP headers, which servers cap at about 8 KB. Store big data elsewhere, put its id here."
        )
    depth = bracket_depth(text)
    if depth > MAX_DEPTH:  # before json.loads: how deep it may go differs between Python versions
        raise InputProblem(
            f"The payload nests {depth:,} levels deep; keep it under {MAX_DEPTH}: flatten it."
        )
    try:
        payload = json.loads(text, object_pairs_hook=_refuse_duplicate_keys,
                             parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        where = error.msg.removesuffix(" at").removesuffix(" starting")
        raise InputProblem(
            f"The payload is not valid JSON: {where} at line {error.lineno}, column "
            f"{error.colno}. {json_error_hint(error)}"
        ) from None
    except RecursionError:
        raise InputProblem(
            f"The payload nests too deeply to read; keep it under {MAX_DEPTH} levels of {{}} or []."
        ) from None
    except InputProblem:  # from the duplicate-key and NaN checks above: already explained
        raise
    except ValueError:  # Python refuses to read integers of more than 4300 digits
        raise InputProblem(
            "The payload holds a number with thousands of digits, more than Python reads: "
            "write such a value as a string in double quotes."
        ) from None
    return check_payload(payload)


def json_error_hint(error: json.JSONDecodeError) -> str:
    """How to fix the most common JSON mistakes, judged from where the parser stopped."""
    text, pos = error.doc, error.pos
    before, at = text[:pos].rstrip(), text[pos:pos + 1]
    rest = text[pos:].lstrip()
    if before.endswith(",") and at in "}]" and at:
        return "Remove the comma before the closing brace or bracket: JSON allows no trailing comma."
    if at == "'" or (error.msg.startswith("Expecting property name") and rest.startswith("'")):
        return "Use double quotes, not single quotes, around keys and strings."
    if rest.startswith(("True", "False", "None")):
        return "Write true, false and null in lower case: that is JSON, not Python."
    if not rest:
        return "The text ends too early: finish the last value and close every { and [."
    if error.msg.startswith("Expecting property name"):
        return 'Put each key in double quotes, for example {"key": "value"}.'
    if error.msg.startswith("Expecting ':'"):
        return "Put a colon between each key and its value."
    if error.msg.startswith("Expecting ','"):
        return "Put a comma between items, or close the brace."
    if error.msg.startswith("Unterminated string"):
        return "Close the text with a double quote."
    if error.msg.startswith("Invalid control character"):
        return r"A string holds a raw tab, line break or NUL: write it as \t, \n or \u0000."
    if "escape" in error.msg:
        return r"Write a backslash inside a string as \\ (two backslashes)."
    if error.msg.startswith("Extra data"):
        return "There is more after the closing brace: keep exactly one JSON object."
    return "Use double quotes around keys and strings, and no trailing comma."


def check_payload(payload: Any) -> dict[str, Any]:
    """Check an already-parsed payload: an object, sane depth, text, and registered claims."""
    if not isinstance(payload, dict):
        raise InputProblem(
            f"The payload is a JSON {json_kind(payload)}, but a JWT payload must be a JSON object: "
            'wrap it in braces, for example {"data": ...}.'
        )
    depth = nesting_depth(payload)
    if depth > MAX_DEPTH:
        raise InputProblem(
            f"The payload nests {depth} levels deep; keep it under {MAX_DEPTH}: flatten it."
        )
    huge = first_non_finite_number(payload)
    if huge is not None:
        raise InputProblem(
            f"The payload holds a number too large for JSON (it reads as {huge}): "
            "use a smaller number, or write it as a string."
        )
    bad_text = first_invalid_text(payload)
    if bad_text is not None:
        raise InputProblem(
            f"The payload holds text that is not valid Unicode ({bad_text!r}, a lone surrogate): "
            "remove it, or write the whole character (an emoji is fine)."
        )
    for name in TIME_CLAIMS:
        if name in payload:
            check_time_claim(name, payload[name])
    for name in STRING_CLAIMS:
        if name in payload and not isinstance(payload[name], str):
            raise InputProblem(
                f'The claim "{name}" must be a string, not a JSON {json_kind(payload[name])}: '
                f'put the value in double quotes, for example "{name}": "42".'
            )
    if "aud" in payload:
        check_audience(payload["aud"])
    return payload


def check_time_claim(name: str, value: Any) -> None:
    """A time claim must be a NumericDate: seconds since 1970 as a finite, sane number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputProblem(
            f'The claim "{name}" must be a number of seconds since 1970, not a JSON '
            f'{json_kind(value)}: write it without quotes, for example "{name}": 1767225600.'
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InputProblem(f'The claim "{name}" must be a finite number of seconds since 1970.')
    if value < 0:
        raise InputProblem(
            f'The claim "{name}" is {value}, a moment before 1970: use seconds since 1970, '
            "for example the current time plus 3600."
        )
    if value > LATEST_TIMESTAMP:
        raise InputProblem(
            f'The claim "{name}" is {value:.4g}, after the year 9999: use seconds since 1970 '
            "(about 1.8 billion today), not milliseconds."
        )


def check_audience(value: Any) -> None:
    """The "aud" claim is one string or a list of strings."""
    if isinstance(value, str):
        return
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return
    raise InputProblem(
        'The claim "aud" must be a string or a list of strings, for example "aud": "my-api".'
    )


def first_invalid_text(value: Any) -> str | None:
    """The first key or string holding a lone surrogate, or None when all text is valid."""
    pending = [value]
    while pending:
        item = pending.pop()
        texts: list[str] = []
        if isinstance(item, dict):
            texts = [k for k in item if isinstance(k, str)]
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            texts = [item]
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return text
    return None


def first_non_finite_number(value: Any) -> float | None:
    """The first infinite or NaN number in a JSON value (1e400 reads as inf), or None."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            return item
    return None


def payload_notes(payload: dict[str, Any], now: float | None = None) -> list[str]:
    """Notes on a payload PyJWT will sign but that may surprise: a past exp, a NUL, ..."""
    now = time.time() if now is None else now
    notes = []
    exp = payload.get("exp")
    if _is_number(exp) and exp <= now:
        notes.append("exp is in the past, so jwt.decode will refuse this token at once "
                     "(ExpiredSignatureError): use the current time plus some seconds.")
    for name in ("nbf", "iat"):
        if _is_number(payload.get(name)) and payload[name] > now:
            notes.append(f"{name} is in the future, so jwt.decode refuses this token until then "
                         "(ImmatureSignatureError).")
    if has_nul(payload):
        notes.append("The payload holds a NUL character (\\u0000): valid JSON, but many "
                     "databases and C programs cut text there.")
    return notes


def payload_as_text(payload: Any) -> str:
    """A payload given in Python, as the JSON text an editor shows; datetimes become seconds.

    Text is kept as it is (it is parsed later, with a message if it is not JSON).
    """
    if isinstance(payload, str):
        return payload
    try:
        return json.dumps(payload, indent=2, ensure_ascii=False, default=_numeric_date)
    except (TypeError, ValueError) as error:
        raise InputProblem(f"The payload cannot be written as JSON ({error}): use only dicts, "
                           "lists, strings, numbers, true/false, None and datetimes.") from None


def _numeric_date(value: Any) -> int:
    """What PyJWT stores for a datetime: whole seconds since 1970, UTC."""
    if isinstance(value, datetime):
        return timegm(value.utctimetuple())
    if isinstance(value, date):
        raise TypeError("a date without a time; use a datetime")
    raise TypeError(f"a {type(value).__name__}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise InputProblem(
                f'The payload repeats the key "{key}"; JSON readers disagree on which copy wins '
                "(a classic way to smuggle claims): keep only one."
            )
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> float:
    raise InputProblem(
        f"The payload contains {name}, which standard JSON does not allow: use a number or null."
    )
