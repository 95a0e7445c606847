"""docs/troubleshooting.md, written from helpers/errors.py: every message, its cause and its fix.

    python -m tools.troubleshooting --write    # rewrite docs/troubleshooting.md
    python -m tools.troubleshooting --check    # exit 1 if the committed page differs

The page is never edited by hand: change MESSAGES or FIXES in helpers/errors.py, then --write.
tests/tools/test_troubleshooting.py fails while the committed page differs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from helpers.errors import FIXES, MESSAGE_GROUPS, VARIES, KnownMessage, Place

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "troubleshooting.md"
NOTEBOOKS = "../notebooks"  # from docs/

INTRODUCTION = f"""\
# Troubleshooting: every message, its cause and its fix

<!-- Written by `python -m tools.troubleshooting --write` from helpers/errors.py; do not edit by
     hand (a test compares them). -->

Look up the **last line** of the traceback (or the warning) you see. Each entry gives the message
word for word, as a notebook shows it (`{VARIES}` marks a part that changes: a number, a name, an
address), then what causes it, how to fix it, and where the course teaches it. Use your browser's
find (Ctrl+F or Cmd+F) with a few words of your message.

The course's widgets and exercise checkers explain errors from the same table
(`helpers/errors.py`), so they never disagree with this page. In a notebook, the same one line for
any exception:

```python
from helpers import explain_error

try:
    claims = jwt.decode(token, key, algorithms=['RS256'])
except Exception as error:
    print(explain_error(error))
```

A test produces every message below with real PyJWT {{pyjwt}}, `cryptography` and Python calls,
and fails when one changes; another fails when PyJWT raises a message this page lacks.
"""


def display_name(error: type[BaseException]) -> str:
    """The class as a notebook's traceback names it (binascii's plain `Error` with its module)."""
    return error.__name__ if error.__name__ != "Error" else f"{error.__module__}.{error.__name__}"


def heading_anchor(heading: str) -> str:
    """The id JupyterLab gives a heading: its text as rendered, spaces replaced by '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return re.sub(r"[`*]", "", text).strip().replace(" ", "-")


def place_link(place: Place) -> str:
    notebook, heading = place
    label = f"{notebook[:2]} · {heading}"
    return f"[{label}]({NOTEBOOKS}/{notebook}.ipynb#{heading_anchor(heading)})"


def code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    fence = "``" if "`" in text else "`"
    padding = " " if fence == "``" else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def sentence(text: str) -> str:
    """A cause or fix as Markdown prose: backslashes, stars and angle brackets shown as typed."""
    return re.sub(r"([\\*<])", r"\\\1", text) + "."


def entry(message: KnownMessage) -> str:
    lines = [f"### {code(f'{display_name(message.error)}: {message.text}')}", "",
             f"- **Cause:** {sentence(message.cause)}",
             f"- **Fix:** {sentence(message.fix)}",
             f"- **Taught in:** {', '.join(place_link(place) for place in message.taught)}", ""]
    return "\n".join(lines)


def render() -> str:
    import jwt

    parts = [INTRODUCTION.replace("{pyjwt}", jwt.__version__), "## Contents", ""]
    parts += [f"- [{title}](#{github_anchor(title)})" for title in MESSAGE_GROUPS]
    parts += [f"- [Any other message, by class](#{github_anchor('Any other message, by class')})", ""]
    for title, messages in MESSAGE_GROUPS.items():
        parts += [f"## {title}", ""]
        parts += [entry(message) for message in messages]
    parts += ["## Any other message, by class", "",
              "A PyJWT message not listed above still has its class; the most specific one "
              "applies.", "", "| Class | Fix |", "|---|---|"]
    parts += [f"| `{cls.__name__}` | {sentence(fix)} |" for cls, fix in FIXES.items()]
    return "\n".join(parts).rstrip("\n") + "\n"


def github_anchor(title: str) -> str:
    """The id GitHub gives a Markdown heading (lower case, punctuation dropped, spaces to '-')."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite docs/troubleshooting.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date")
    arguments = parser.parse_args(argv)
    page = render()
    if arguments.write:
        PAGE.write_text(page, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")
        return 0
    if arguments.check:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is out of date: python -m tools.troubleshooting --write")
            return 1
        return 0
    sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
