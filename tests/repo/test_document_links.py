"""Every relative link in README.md, CONTRIBUTING.md, LICENSE.md and docs/*.md leads somewhere.

A link to a file or folder must name one that exists; a link with `#anchor` to a Markdown
document must name a heading of it, as GitHub makes anchors from headings. Links inside code,
inside HTML comments and to other sites are not checked here (notebooks have their own check in
tests/notebooks/test_hygiene.py).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tools.course import ROOT

FENCED_CODE = re.compile(r"^ *(```|~~~).*?^ *\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""<(?:a|img)\s[^>]*(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
OTHER_SITE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, ...


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "LICENSE.md",
            *sorted((ROOT / "docs").glob("*.md"))]


def prose(text: str) -> str:
    """The text a reader sees as Markdown: without code blocks, inline code and comments."""
    return INLINE_CODE.sub("", HTML_COMMENT.sub("", FENCED_CODE.sub("", text)))


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lower case, punctuation dropped, '-' for spaces."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading's anchor; GitHub numbers repeated ones: name, name-1, name-2, ..."""
    seen: Counter[str] = Counter()
    found = set()
    for heading in HEADING.findall(FENCED_CODE.sub("", HTML_COMMENT.sub("", text))):
        name = github_anchor(heading)
        found.add(f"{name}-{seen[name]}" if seen[name] else name)
        seen[name] += 1
    return found


def link_problems(document: Path) -> list[str]:
    """'document: target (why)' for every relative link that leads nowhere."""
    text = document.read_text(encoding="utf-8")
    problems = []
    for target in [*MARKDOWN_LINK.findall(prose(text)), *HTML_LINK.findall(prose(text))]:
        if OTHER_SITE.match(target):
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            problems.append(f"{document.name}: {target} (no such file or folder)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text(encoding="utf-8")):
            problems.append(f"{document.name}: {target} (no heading with that anchor)")
    return problems


def test_the_documents_are_there():
    assert all(path.is_file() for path in documents())
    assert len(documents()) >= 8  # README, CONTRIBUTING, LICENSE and the pages in docs/


@pytest.mark.parametrize("document", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(document: Path):
    assert link_problems(document) == []


@pytest.mark.parametrize(("heading", "anchor"), [
    ("Start", "start"),
    ("Benchmarks: `make bench`", "benchmarks-make-bench"),
    ("P3 keystroke to token", "p3-keystroke-to-token"),
    ("In the browser: JupyterLite, no server at all", "in-the-browser-jupyterlite-no-server-at-all"),
    ("A [linked](x.md) heading", "a-linked-heading"),
])
def test_anchors_are_made_as_github_makes_them(heading: str, anchor: str):
    assert github_anchor(heading) == anchor


def test_a_broken_link_is_found_and_code_is_left_alone(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other\n\n## Twice\n\n## Twice\n", encoding="utf-8")
    document = tmp_path / "README.md"
    document.write_text(
        "# Title\n\n"
        "[fine](docs/other.md#twice-1) [fine](docs/) [fine](#title) [site](https://example.org/x)\n"
        "[gone](docs/missing.md) ![gone](img/missing.png) [no heading](docs/other.md#thrice)\n"
        "[no heading here](#nowhere) <a href=\"docs/absent.md\">gone</a>\n"
        "`[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n"
        "<!-- [in a comment](nowhere.md) -->\n",
        encoding="utf-8")
    assert link_problems(document) == [
        "README.md: docs/missing.md (no such file or folder)",
        "README.md: img/missing.png (no such file or folder)",
        "README.md: docs/other.md#thrice (no heading with that anchor)",
        "README.md: #nowhere (no heading with that anchor)",
        "README.md: docs/absent.md (no such file or folder)",
    ]
