"""Split a token into its three parts and read them, without verifying anything."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from jwt.utils import base64url_decode

from helpers.errors import InputProblem
from helpers.tokens._json import bracket_depth, json_kind

PART_NAMES = ("header", "payload", "signature")
MAX_TOKEN_CHARS = 8 * 1024
MAX_READ_DEPTH = 100  # deeper than any real claims; checked before parsing, the same on every Python
NOT_BASE64URL = re.compile(r"[^A-Za-z0-9_-]")
EMBEDDED_TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")


@dataclass(frozen=True)
class TokenParts:
    """The three base64url segments of a compact JWS and what the first two say."""

    header_segment: str
    payload_segment: str
    signature_segment: str
    header: dict[str, Any]
    payload: Any
    signature: bytes

    @property
    def token(self) -> str:
        return ".".join(self.segments)

    @property
    def segments(self) -> tuple[str, str, str]:
        return (self.header_segment, self.payload_segment, self.signature_segment)

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg", ""))


def clean_token_text(text: str) -> tuple[str, str]:
    """Strip surrounding whitespace; return (token, a note about what was removed or '')."""
    if isinstance(text, (bytes, bytearray)):
        raise InputProblem(
            "The token is bytes, not text (PyJWT 1 returned bytes): turn it into text with "
            ".decode('ascii'), or make it again with PyJWT 2."
        )
    if not isinstance(text, str):
        raise InputProblem(
            f"The token must be text (a str), not {type(text).__name__}: pass the string "
            "jwt.encode returned."
        )
    token = text.strip()
    if len(token) >= 3 and token[0] == "b" and token[1] == token[-1] and token[1] in "'\"":
        raise InputProblem(
            "That is a Python bytes literal (b'...', how PyJWT 1 printed tokens): paste only the "
            "text between the quotes."
        )
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        token = token[1:-1].strip()
    note = ""
    if token != text:
        note = "Removed the spaces, line breaks or quotes around the token."
    if not token:
        raise InputProblem("Paste a token: three base64url parts joined by dots, starting eyJ.")
    if token.lower().startswith("bearer"):
        raise InputProblem(
            'Remove the "Bearer " prefix: it is the HTTP Authorization scheme, not part of the token.'
        )
    check_not_wrapped(token)
    inner_space = re.search(r"\s", token)
    if inner_space:
        raise InputProblem(
            f"The token has a space or line break at character {inner_space.start() + 1}: "
            "a token has none, so paste it as one line."
        )
    if len(token) > MAX_TOKEN_CHARS:
        raise InputProblem(
            f"The token is {len(token):,} characters; servers refuse headers over about 8 KB, "
            "so keep claims small and check you pasted only one token."
        )
    return token, note


def check_not_wrapped(token: str) -> None:
    """Refuse JSON, a link or a header line pasted instead of the bare token."""
    found = EMBEDDED_TOKEN.search(token)
    if token.startswith(("{", "[")) and not found:
        raise InputProblem(
            "That is JSON, not a token: make a token from it with jwt.encode(...) or the "
            "payload editor, then paste the eyJ... text it returns."
        )
    before = token[: found.start()] if found else ""
    if found and NOT_BASE64URL.search(before):  # a link, a header line, JSON: not a damaged header
        shown = before if len(before) <= 40 else before[:37] + "..."
        raise InputProblem(
            f"The token is inside other text ({shown!r} comes before it): paste only the part "
            "from eyJ to the end of the signature."
        )


def split_token(text: str, allow_unsigned: bool = False) -> TokenParts:
    """Split a compact JWT into header, payload and signature and decode the first two.

    An `alg: none` token has an empty signature: it is refused unless `allow_unsigned`
    (the inspector reads one to show why it must never be accepted).
    """
    token, _ = clean_token_text(text)
    segments = token.split(".")
    if len(segments) != 3:
        raise InputProblem(wrong_part_count_message(len(segments)))
    for name, segment in zip(PART_NAMES[:2], segments[:2]):
        check_segment(name, segment)
    header = decode_json_segment("header", segments[0])
    if not isinstance(header, dict):
        raise InputProblem(
            f"The header is not a JSON object but a JSON {json_kind(header)}: a JWT header looks "
            'like {"alg": "HS256", "typ": "JWT"}; the token is damaged or not a JWT.'
        )
    unsigned = str(header.get("alg", "")).lower() == "none" and not segments[2]
    if unsigned and not allow_unsigned:
        raise InputProblem(UNSIGNED_MESSAGE)
    if not unsigned:
        check_segment("signature", segments[2])
    payload = decode_json_segment("payload", segments[1])
    signature = base64url_decode(segments[2]) if segments[2] else b""
    return TokenParts(*segments, header=header, payload=payload, signature=signature)


UNSIGNED_MESSAGE = ('This token says alg "none" and has no signature, so anyone could have written '
                    "it: never accept it; decode with algorithms=['HS256'] and PyJWT refuses it.")


def wrong_part_count_message(count: int) -> str:
    """Explain a token that does not have exactly three dot-separated parts."""
    if count == 5:
        return ("This has 5 parts: that is an encrypted token (JWE), not a signed JWT; "
                "this course reads signed tokens with 3 parts.")
    if count > 3:
        return (f"A JWT has 3 parts joined by dots (header.payload.signature); this has {count}: "
                "copy exactly one token, with no extra dot and no second token stuck to it.")
    return (f"A JWT has 3 parts joined by dots (header.payload.signature); this has {count}: "
            "copy the whole token.")


def check_segment(name: str, segment: str) -> None:
    """Refuse an empty segment or one with characters outside base64url."""
    if not segment:
        if name == "signature":
            raise InputProblem(
                "The signature part is empty: the token is unsigned, so nothing proves who made it. "
                "Sign it with jwt.encode(..., algorithm='HS256')."
            )
        raise InputProblem(f"The {name} part is empty: copy the whole token.")
    if "=" in segment:
        raise InputProblem(
            f"The {name} part holds '=' padding, which JWTs leave out: remove the '=' signs."
        )
    bad = NOT_BASE64URL.search(segment)
    if bad:
        raise InputProblem(
            f"The {name} part holds {character_name(bad.group())}, which is not base64url "
            f"(A-Z a-z 0-9 - _){plain_base64_hint(bad.group())}: copy the token again."
        )
    if len(segment) % 4 == 1:
        raise InputProblem(f"The {name} part has a length no base64url text can have: copy it again.")


def character_name(character: str) -> str:
    """'+' for a visible character, 'an invisible character (U+200B)' for the rest."""
    if character.isprintable() and not character.isspace():
        return repr(character)
    return f"an invisible character (U+{ord(character):04X})"


def plain_base64_hint(character: str) -> str:
    """A hint when the token was written in plain base64 instead of base64url."""
    return " (plain base64: write - for + and _ for /)" if character in "+/" else ""


def decode_json_segment(name: str, segment: str) -> Any:
    """Decode a base64url segment holding JSON (the header or the payload)."""
    raw = base64url_decode(segment)
    try:
        text = raw.decode("utf-8")
        depth = bracket_depth(text)
        if depth > MAX_READ_DEPTH:
            raise InputProblem(f"The {name} part nests {depth:,} levels deep, more than any real "
                               "token needs: it is damaged or built to break parsers; do not trust it.")
        return json.loads(text)
    except InputProblem:
        raise
    except (UnicodeDecodeError, ValueError):
        raise InputProblem(
            f"The {name} part decodes to {len(raw)} bytes that are not JSON: "
            "the token is damaged or not a JWT; copy it again."
        ) from None
    except RecursionError:
        raise InputProblem(f"The {name} part nests too deeply to read.") from None


def decode_segment_text(segment: str) -> str:
    """The text a header or payload segment holds: base64url is an encoding, not encryption."""
    return base64url_decode(segment).decode("utf-8", "replace")
