"""The pages made from the course data are current: the README's course table and docs/glossary.md.

When one fails, run `python -m tools.course_docs --write` and commit the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from helpers.course.catalog import load_course
from helpers.course.glossary import load_glossary, slug
from tools import course_docs
from tools.course import ROOT


def test_the_readme_table_and_the_glossary_page_are_current() -> None:
    assert course_docs.stale() == []


def test_the_readme_table_lists_every_notebook_with_its_minutes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("<!-- course-table: begin"):readme.index(course_docs.END)]
    for notebook in load_course().notebooks:
        row = next(line for line in block.splitlines() if line.startswith(f"| {notebook.number} |"))
        assert f"| {notebook.minutes if notebook.minutes is not None else 'to come'} |" in row
        if (ROOT / "notebooks" / notebook.file).exists():
            assert f"(notebooks/{notebook.file})" in row  # a link once the file exists
        else:
            assert "(being written)" in row and "](" not in row


def test_a_stale_table_is_found_and_rewriting_it_touches_nothing_else(tmp_path, monkeypatch) -> None:
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(text.replace("| 10 |", "| 99 |", 1), encoding="utf-8")
    monkeypatch.setattr(course_docs, "README", readme)
    assert "README.md (the course table)" in course_docs.stale()
    rewritten = course_docs.replace_block(readme.read_text(), course_docs.readme_block(load_course()))
    assert rewritten == text
    with pytest.raises(ValueError, match="no course-table markers"):
        course_docs.replace_block("# A README without markers\n", "table")


def test_a_changed_minute_changes_the_table() -> None:
    course = load_course()
    changed = replace(course, notebooks=tuple(replace(n, minutes=99) if n.id == "02-encode" else n
                                              for n in course.notebooks))
    assert "| 99 |" in course_docs.course_table(changed)
    assert course_docs.course_table(changed) != course_docs.course_table(course)


def test_every_term_has_a_heading_of_its_own_and_the_notebook_that_explains_it() -> None:
    """Links land on a heading's anchor (GitHub's slug, which JupyterLab's Markdown preview also
    resolves); no two headings may share one."""
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", page, flags=re.M)
    assert len({slug(h) for h in headings}) == len(headings)
    course = load_course()
    for term in load_glossary():
        entry = page.split(f"\n### {term.term}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert course.notebook(term.first_taught).label in entry
        assert slug(term.term) == term.anchor


def test_rfc_references_link_to_their_section() -> None:
    assert course_docs.rfc_links("RFC 7519 §4.1.4") == (
        "[RFC 7519 §4.1.4](https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4)")
    assert course_docs.rfc_links("OWASP Password Storage Cheat Sheet") == "OWASP Password Storage Cheat Sheet"


# --- the glossary's data --------------------------------------------------------------------------

def test_the_glossary_data_is_well_formed() -> None:
    data = json.loads((ROOT / "helpers" / "course" / "data" / "glossary.json").read_text())
    terms = load_glossary()
    assert 40 <= len(terms) <= 70
    ids = load_course().ids()
    seen: dict[str, str] = {}
    for term, entry in zip(terms, data["terms"]):
        assert set(entry) <= {"term", "aliases", "short", "long", "first_taught", "see"}
        assert term.short.strip() and term.long.strip() and term.first_taught in ids
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", term.anchor), term.anchor
        for spelling in term.spellings:
            assert seen.setdefault(spelling.casefold(), term.term) == term.term, (
                f"{spelling!r} belongs to {seen[spelling.casefold()]} and {term.term}")
    assert len({term.anchor for term in terms}) == len(terms)


@pytest.mark.parametrize("text, expect", [("JSON Web Token", "json-web-token"), ("OAuth 2.0", "oauth-20"),
                                          ("alg none", "alg-none"), ("WWW-Authenticate", "www-authenticate")])
def test_anchors_are_githubs(text: str, expect: str) -> None:
    assert slug(text) == expect
