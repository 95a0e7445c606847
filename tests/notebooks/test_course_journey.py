"""The notebooks carry the learner's journey from the course data: each says which earlier
notebooks it needs, ends with its concept check, and links a glossary term wherever a learner
may meet it unexplained; 00 shows the paths, the map and Save your work.

tools/course_notebooks.py writes all of it; when a test here fails after an edit or a merge,
run `python -m tools.course_notebooks` and re-execute the notebooks it names.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from helpers.course.catalog import load_course
from helpers.course.glossary import load_glossary
from helpers.course.questions import questions_for
from tools import course_notebooks as tool

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course()
TERMS = load_glossary()
EXISTING = [n for n in COURSE.notebooks if (ROOT / "notebooks" / n.file).exists()]
IDS = [n.id for n in EXISTING]


def read(notebook_id: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / f"{notebook_id}.ipynb", as_version=4)


NOTEBOOKS = {notebook_id: read(notebook_id) for notebook_id in IDS}


def test_the_notebooks_are_as_the_tool_makes_them_from_the_data() -> None:
    assert tool.main(["--check"]) == 0


# --- "Before this:" ---------------------------------------------------------------------------

def prerequisites_named(first_cell: str) -> list[str]:
    """The notebooks the 'Before this' paragraph links, before its 'and what ... build on'."""
    paragraphs = [p for p in re.split(r"\n\s*\n", first_cell) if p.startswith(tool.BEFORE)]
    assert len(paragraphs) == 1, f"{len(paragraphs)} 'Before this' paragraphs"
    named = paragraphs[0].split(", and what", 1)[0].split(". Another goal?", 1)[0]
    return re.findall(r"\]\((\d\d-[\w-]+)\.ipynb\)", named)


@pytest.mark.parametrize("notebook_id", IDS)
def test_each_notebook_says_at_its_top_which_notebooks_it_needs(notebook_id: str) -> None:
    first = tool.source(NOTEBOOKS[notebook_id].cells[0])
    needs = sorted(need.notebook for need in COURSE.notebook(notebook_id).needs)
    assert prerequisites_named(first) == needs
    before_this = first.index(tool.BEFORE)
    assert first.index("**Time:**") < before_this  # right under the minutes
    for further in COURSE.all_needs(notebook_id):
        if further not in needs:  # the rest of what it builds on, as numbers
            assert further[:2] in first[before_this:] or "-" in first[before_this:]


def test_the_prerequisites_check_can_fail() -> None:
    line = tool.prerequisites_line(COURSE, COURSE.notebook("09-bearer-api"))
    assert prerequisites_named(line) == ["05-claims", "08-password-reset"]
    assert prerequisites_named(line.replace("05-claims", "06-keys")) != ["05-claims", "08-password-reset"]
    with pytest.raises(AssertionError, match="0 'Before this' paragraphs"):
        prerequisites_named("**Time:** 5 minutes.")


# --- Check your understanding ---------------------------------------------------------------------

@pytest.mark.parametrize("notebook_id", IDS)
def test_each_notebook_ends_with_its_concept_check_before_the_key_points(notebook_id: str) -> None:
    notebook = NOTEBOOKS[notebook_id]
    cells = notebook.cells
    at = cells.index(tool.owned(notebook, "check"))
    heading, widget = cells[at], cells[at + 1]
    assert tool.source(heading).startswith("## Check your understanding\n")
    assert widget.cell_type == "code"
    assert tool.source(widget) == f"from helpers.widgets import ConceptCheck\n\nConceptCheck({notebook_id!r})"
    count = len(questions_for(notebook_id).questions)
    assert f"{tool.NUMBER_WORDS[count]} short questions" in tool.source(heading)
    assert questions_for(notebook_id).status == "ready"
    # After it, before the key points, only the closing parts: stopping the servers, going further.
    key_points = tool.heading_index(notebook, "## Key points")
    assert at + 1 < key_points
    for cell in cells[at + 2:key_points]:
        text = tool.source(cell).lstrip()
        assert ("stop_all_servers(" in text if cell.cell_type == "code"
                else text.startswith(("## Stop", "## Clean up", "<details>"))), text[:60]


# --- the glossary ---------------------------------------------------------------------------------

def glossary_problems(notebooks: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Terms a notebook uses before its prerequisites explain them (or first in the course)
    without a link to the glossary at that first use; terms never used where they are taught."""
    users = tool.first_users(COURSE, notebooks, TERMS)
    problems = []
    for notebook_id, notebook in notebooks.items():
        for term in tool.terms_to_link(COURSE, notebook_id, users, TERMS):
            found = tool.first_use_in(notebook, term)
            if found is not None and not found[1].linked:
                cell, use = found
                words = tool.source(cell)[use.start:use.end]
                problems.append(f"{notebook_id} uses {words!r} ({term.term}, explained in "
                                f"{term.first_taught}) before it is explained, with no glossary link")
    for term in TERMS:
        if term.first_taught in notebooks and tool.first_use_in(notebooks[term.first_taught], term) is None:
            problems.append(f"{term.first_taught} is said to explain {term.term}, but never names it")
    return problems


def test_no_notebook_uses_a_glossary_term_before_it_is_explained_or_linked() -> None:
    assert glossary_problems(NOTEBOOKS) == []


def test_the_glossary_check_finds_an_unlinked_first_use() -> None:
    notebooks = copy.deepcopy(NOTEBOOKS)
    cell0 = notebooks["00-start-here"].cells[0]
    cell0.source = tool.source(cell0).replace("[JSON Web Token](../docs/glossary.md#json-web-token)",
                                              "JSON Web Token")
    first = notebooks["01-import"].cells[0]
    first.source = tool.source(first) + "\n\nAn aside on algorithm confusion."  # taught in 03
    problems = glossary_problems(notebooks)
    assert any(p.startswith("00-start-here uses 'JSON Web Token'") for p in problems)
    assert any(p.startswith("01-import uses 'algorithm confusion'") for p in problems)


G = "../docs/glossary.md"


@pytest.mark.parametrize("text, term, linked", [
    ("See `exp` there.", "exp", f"See [`exp`]({G}#exp) there."),
    ("`options={'require': ['exp']}` then expiry.", "exp",
     f"`options={{'require': ['exp']}}` then [expiry]({G}#exp)."),
    ("## The exp claim\n\nThe exp here.", "exp", f"## The exp claim\n\nThe [exp]({G}#exp) here."),
    ("[exp docs](https://example.org/exp) and exp.", "exp",
     f"[exp docs](https://example.org/exp) and [exp]({G}#exp)."),
    ("```python\nexp = 1\n```\n\nexp", "exp", f"```python\nexp = 1\n```\n\n[exp]({G}#exp)"),
    ("RFC 7518 says", "RFC", f"[RFC 7518]({G}#rfc) says"),
    (f"[exp]({G}#exp) and exp", "exp", f"[exp]({G}#exp) and exp"),
], ids=["code", "not-inside-longer-code", "heading", "other-link", "fence", "rfc-number", "linked"])
def test_the_first_use_in_prose_is_the_one_linked(text: str, term: str, linked: str) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    tool.link_terms(notebook, [next(t for t in TERMS if t.term == term)])
    assert tool.source(notebook.cells[0]) == linked


# --- 00: paths, map, save your work ---------------------------------------------------------------

def test_00_offers_the_paths_and_the_map_with_progress_and_save_your_work() -> None:
    start = NOTEBOOKS["00-start-here"]
    roles = [cell.metadata.get(tool.ROLE) for cell in start.cells if cell.metadata.get(tool.ROLE)]
    assert roles == ["paths", "map", "map-widget", "save-work", "save-work-widget", "check", "check-widget"]
    paths = tool.source(tool.owned(start, "paths"))
    for path in COURSE.paths:
        line = next(line for line in paths.splitlines() if line.startswith(f"- **{path.goal}**"))
        goal, minutes, steps = line.split(" · ", 2)
        assert minutes == COURSE.minutes_text(path.notebooks)
        assert re.findall(r"\[(\d\d)\]|(\d\d) \(being written\)", steps.split(". ", 1)[0]) == [
            (n[:2], "") if (ROOT / "notebooks" / f"{n}.ipynb").exists() else ("", n[:2])
            for n in path.notebooks]
    assert tool.source(tool.owned(start, "map-widget")).endswith("CourseMap()")
    assert tool.source(tool.owned(start, "save-work-widget")).endswith("SaveYourWork()")
