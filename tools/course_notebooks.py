"""Apply the course data to the notebooks. Idempotent: run it again after `git merge main`.

    python -m tools.course_notebooks                  # edit the notebooks that need it; list them
    python -m tools.course_notebooks --check          # exit 1, saying what, if one needs an edit
    python -m tools.course_notebooks notebooks/05-claims.ipynb ...   # only these

From helpers/course/data/ it writes:
- in each notebook's first cell, the line "**Before this:** ..." (its prerequisites);
- before "## Key points", "## Check your understanding" and the notebook's ConceptCheck cell;
- glossary links to docs/glossary.md: at a term's first use in the course, and at its first use
  in a notebook whose prerequisites do not explain it;
- in 00: the paths by goal, the course map with the CourseMap widget, and "Save your work";
- in 10: one sentence on split_token where 10 first uses it (10 does not need 09, which
  introduces it).
Cells it writes carry {"course": "<role>"} in their metadata. Elsewhere it only adds the first
line of cell 0 and links around words. Then re-execute what it changed:
`.venv/bin/python tools/execute_notebooks.py notebooks/NN-x.ipynb`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.course.catalog import Course, Notebook, load_course
from helpers.course.glossary import Term, load_glossary, spelling_pattern
from helpers.course.questions import questions_for
from tools.course_docs import course_table

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ROLE = "course"  # the metadata key of the cells this tool owns
GLOSSARY_LINK = "../docs/glossary.md"
BEFORE = "**Before this:**"
PATHS_ANCHOR = "00-start-here.ipynb#Paths-by-goal"
NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four"}


# --- reading and writing -------------------------------------------------------------------------

def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def owned(notebook: nbformat.NotebookNode, role: str) -> nbformat.NotebookNode | None:
    return next((cell for cell in notebook.cells if cell.metadata.get(ROLE) == role), None)


def heading_index(notebook: nbformat.NotebookNode, heading: str) -> int | None:
    """The index of the first markdown cell that starts with this heading."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and source(cell).lstrip().startswith(heading):
            return index
    return None


def take(notebook: nbformat.NotebookNode, *roles: str) -> dict[str, nbformat.NotebookNode]:
    """Remove the owned cells of these roles, to be put back elsewhere (with their ids)."""
    taken = {}
    for role in roles:
        cell = owned(notebook, role)
        if cell is not None:
            notebook.cells.remove(cell)
            taken[role] = cell
    return taken


def put(notebook: nbformat.NotebookNode, role: str, kind: str, text: str, index: int,
        taken: dict[str, nbformat.NotebookNode] | None = None) -> None:
    """Make the owned cell `role` hold `text` and sit at `index` (the same cell, and id, as before
    if it exists, in the notebook or among the cells `taken` out of it)."""
    cell = (taken or {}).get(role) or owned(notebook, role)
    if cell is None:
        maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = maker(text, metadata={ROLE: role})
    else:
        if cell in notebook.cells:
            notebook.cells.remove(cell)
        if source(cell) != text:
            cell.source = text
            if kind == "code":
                cell.outputs, cell.execution_count = [], None
    index = min(index, len(notebook.cells))
    notebook.cells.insert(index, cell)


# --- "Before this:" ----------------------------------------------------------------------------

def ranges(numbers: list[str]) -> str:
    """'00', '01', '02', '05' -> '00-02, 05'."""
    parts: list[list[int]] = []
    for value in sorted(int(n) for n in numbers):
        if parts and value == parts[-1][-1] + 1:
            parts[-1].append(value)
        else:
            parts.append([value])
    return ", ".join(f"{p[0]:02d}" if len(p) == 1 else f"{p[0]:02d}-{p[-1]:02d}" for p in parts)


def link_to(course: Course, notebook_id: str) -> str:
    notebook = course.notebook(notebook_id)
    return f"[{notebook.label}]({notebook.file})"


def prerequisites_line(course: Course, notebook: Notebook) -> str:
    if not notebook.needs:
        return (f"{BEFORE} no earlier notebook; some Python (functions, `try`/`except`) is all "
                "you need.")
    direct = [need.notebook for need in notebook.needs]
    direct.sort()
    names = [link_to(course, n) for n in direct]
    links = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    further = [n for n in course.all_needs(notebook.id) if n not in direct]
    text = f"{BEFORE} {links}"
    if further:
        text += (f", and what {'it builds' if len(direct) == 1 else 'they build'} on "
                 f"({ranges([n[:2] for n in further])})")
    note = f" {notebook.before_note}" if notebook.before_note else ""
    return text + f".{note} Another goal? See the [paths by goal]({PATHS_ANCHOR})."


def set_prerequisites(notebook: nbformat.NotebookNode, line: str) -> None:
    cell = notebook.cells[0]
    paragraphs = re.split(r"\n[ \t]*\n", source(cell).strip("\n"))
    paragraphs = [p for p in paragraphs if not p.lstrip().startswith(BEFORE)]
    at = next((i for i, p in enumerate(paragraphs) if "**Time:**" in p), len(paragraphs) - 1)
    paragraphs.insert(at + 1, line)
    cell.source = "\n\n".join(paragraphs)


def set_minutes(notebook: nbformat.NotebookNode, minutes: int) -> None:
    """The stated minutes in the first cell (only for 00, whose new parts this tool writes)."""
    cell = notebook.cells[0]
    cell.source = re.sub(r"\*\*Time:\*\* \d+ minutes", f"**Time:** {minutes} minutes", source(cell),
                         count=1)


# --- Check your understanding --------------------------------------------------------------------

def concept_check_text(notebook_id: str, count: int) -> str:
    where = ("the course map above" if notebook_id == "00-start-here"
             else "the course map in [00](00-start-here.ipynb#Course-map)")
    return (f"## Check your understanding\n\n{NUMBER_WORDS.get(count, str(count))} short questions "
            "on this notebook. Press the answer you choose, or type it and press Enter: every "
            f"answer, right or wrong, says why. Your answers count in your progress ({where}).")


def set_concept_check(notebook: nbformat.NotebookNode, notebook_id: str) -> None:
    question_set = questions_for(notebook_id)
    if question_set is None:
        return
    taken = take(notebook, "check", "check-widget")
    key_points = heading_index(notebook, "## Key points")
    if key_points is None:
        raise SystemExit(f"{notebook_id} has no '## Key points' cell to put its concept check before")
    at = check_place(notebook, key_points)
    put(notebook, "check", "markdown", concept_check_text(notebook_id, len(question_set.questions)),
        at, taken)
    put(notebook, "check-widget", "code",
        f"from helpers.widgets import ConceptCheck\n\nConceptCheck({notebook_id!r})", at + 1, taken)


def check_place(notebook: nbformat.NotebookNode, key_points: int) -> int:
    """Where the concept check goes: before the key points, and before the cell that stops the
    notebook's servers if that comes before them (with its own section heading, if it has one),
    so that stopping the servers stays the last code a learner runs."""
    stops = [i for i, cell in enumerate(notebook.cells[:key_points])
             if cell.cell_type == "code" and "stop_all_servers(" in source(cell)]
    if not stops:
        return key_points
    before = notebook.cells[stops[-1] - 1]
    heading = before.cell_type == "markdown" and source(before).lstrip().startswith("## ")
    return stops[-1] - 1 if heading else stops[-1]


# --- 00: paths by goal, the course map, save your work ------------------------------------------

def path_item(course: Course, path_notebooks: Iterable[str]) -> str:
    steps = []
    for notebook_id in path_notebooks:
        notebook = course.notebook(notebook_id)
        exists = (NOTEBOOKS / notebook.file).exists()
        steps.append(f"[{notebook.number}]({notebook.file})" if exists or not notebook.planned
                     else f"{notebook.number} (being written)")
    return " → ".join(steps)


def paths_text(course: Course) -> str:
    lines = ["## Paths by goal", "",
             "Why are you here? Each path lists the notebooks your goal needs, in order, and how long "
             "they take. Every notebook also says at its top which earlier ones it needs.", ""]
    for path in course.paths:
        note = f" {path.note}" if path.note else ""
        lines.append(f"- **{path.goal}** · {course.minutes_text(path.notebooks)} · "
                     f"{path_item(course, path.notebooks)}. {path.for_whom}{note}")
    lines += ["", "Not sure? Take the notebooks in order: each builds on the ones before it."]
    return "\n".join(lines)


def map_text(course: Course) -> str:
    return "\n".join(["## Course map", "", course_table(course, prefix=""), "",
                      "Run the next cell for your own progress on this map: pick your goal, and each "
                      "notebook whose exercises you have all done gets a tick ✓. Your answers are "
                      "saved as you go (see *Save your work* below)."])


SAVE_TEXT = """## Save your work

Every exercise and question you check is saved in this folder as you go (in a file named
`.jwt-progress.jsonl`, next to the notebooks), so a restart or a new session on the same files
keeps it. On Binder and in the browser version (JupyterLite) files are not kept: before you leave,
save your open notebooks (*File ▸ Save All*), then press **Download my work** below to get your
notebooks and progress as one file. In a new session, run this cell again and press **Restore my
work** to bring them back."""


def set_start_here(notebook: nbformat.NotebookNode, course: Course) -> None:
    old_map = heading_index(notebook, "## Course map")
    if old_map is not None and owned(notebook, "map") is None:
        # The hand-written map becomes the generated one; the walk-through it also held stays,
        # in a cell of its own.
        text = source(notebook.cells[old_map])
        walk = text.find("### The walk-through we follow")
        if walk >= 0:
            notebook.cells.insert(old_map + 1, nbformat.v4.new_markdown_cell(text[walk:].strip("\n")))
        notebook.cells.pop(old_map)
    after = heading_index(notebook, "## How to use these notebooks")
    start = (after if after is not None else 0) + 1
    put(notebook, "paths", "markdown", paths_text(course), start)
    put(notebook, "map", "markdown", map_text(course), start + 1)
    put(notebook, "map-widget", "code", "from helpers.widgets import CourseMap\n\nCourseMap()", start + 2)
    taken = take(notebook, "save-work", "save-work-widget")
    setup = heading_index(notebook, "## Check your setup")
    setup = setup if setup is not None else start + 3
    put(notebook, "save-work", "markdown", SAVE_TEXT, setup, taken)
    put(notebook, "save-work-widget", "code", "from helpers.widgets import SaveYourWork\n\nSaveYourWork()",
        setup + 1, taken)


# --- 10: split_token, met again ---------------------------------------------------------------------

SPLIT_TOKEN = ("The course helper `split_token(token)` cuts a token at its dots and decodes its "
               "header and payload, checking nothing, so that you can read what the issuer wrote.")


def explain_split_token(notebook: nbformat.NotebookNode) -> None:
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "split_token(" in source(cell):
            before = [c for c in notebook.cells[:index] if c.cell_type == "markdown"]
            if any("`split_token" in source(c) for c in before) or not before:
                return
            last = before[-1]
            paragraphs = source(last).rstrip("\n").split("\n\n")
            paragraphs.insert(max(len(paragraphs) - 1, 0), SPLIT_TOKEN)
            last.source = "\n\n".join(paragraphs)
            return


# --- glossary links ------------------------------------------------------------------------------

LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$", re.M | re.S)
CODE = re.compile(r"(`+)(.+?)\1", re.S)
BLOCKED = [FENCE, re.compile(r"<!--.*?-->", re.S), re.compile(r"^#{1,6} [^\n]*$", re.M),
           re.compile(r"https?://\S+"), re.compile(r"<[^>\n]+>"),
           re.compile(r"^\*\*Before this:\*\*.*?(?=\n[ \t]*\n|\Z)", re.M | re.S)]


@dataclass(frozen=True)
class Use:
    """Where a term is used in a cell's text: the span to link, and whether it is linked already."""

    start: int
    end: int
    linked: bool


def glossary_anchor(target: str) -> str | None:
    """The anchor of a link into the glossary page, or None for any other link."""
    if target.split("#", 1)[0].endswith("docs/glossary.md") and "#" in target:
        return target.split("#", 1)[1]
    return None


def first_use(text: str, term: Term) -> Use | None:
    """The first place the text uses the term in its prose: inside a glossary link to the term,
    or as a whole word outside code blocks, headings, URLs, HTML and other links (inside `code`
    only when the code is exactly the term)."""
    blocked = [m.span() for pattern in BLOCKED for m in pattern.finditer(text)]
    found: list[Use] = []
    for link in LINK.finditer(text):
        blocked.append(link.span())
        if glossary_anchor(link.group(2)) == term.anchor:
            found.append(Use(link.start(), link.end(), True))
    codes = [(m.start(), m.end(), m.group(2).strip()) for m in CODE.finditer(text)]
    for spelling in term.spellings:
        pattern = spelling_pattern(spelling)
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in blocked):
                continue
            code = next(((a, b, content) for a, b, content in codes if a <= match.start() < b), None)
            if code is None:
                found.append(Use(match.start(), match.end(), False))
            elif pattern.fullmatch(code[2]):
                found.append(Use(code[0], code[1], False))
    return min(found, key=lambda use: (use.start, -(use.end - use.start)), default=None)


def prose_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The markdown cells whose words count (the tool's generated map and paths do not)."""
    return [cell for cell in notebook.cells if cell.cell_type == "markdown"
            and cell.metadata.get(ROLE) not in {"paths", "map"}]


def first_use_in(notebook: nbformat.NotebookNode, term: Term) -> tuple[nbformat.NotebookNode, Use] | None:
    for cell in prose_cells(notebook):
        use = first_use(source(cell), term)
        if use is not None:
            return cell, use
    return None


def terms_to_link(course: Course, notebook_id: str, first_users: dict[str, str],
                  terms: Iterable[Term]) -> list[Term]:
    """The terms whose first use in this notebook must link to the glossary: where the course
    uses them first, and where this notebook's prerequisites have not explained them."""
    known = {notebook_id, *course.all_needs(notebook_id)}
    return [term for term in terms
            if first_users.get(term.term) == notebook_id or term.first_taught not in known]


def first_users(course: Course, notebooks: dict[str, nbformat.NotebookNode],
                terms: Iterable[Term]) -> dict[str, str]:
    """The notebook (in course order) that uses each term first."""
    found: dict[str, str] = {}
    for term in terms:
        for notebook_id in course.ids():
            if notebook_id in notebooks and first_use_in(notebooks[notebook_id], term) is not None:
                found[term.term] = notebook_id
                break
    return found


def link_terms(notebook: nbformat.NotebookNode, terms: list[Term]) -> None:
    for term in terms:
        found = first_use_in(notebook, term)
        if found is None or found[1].linked:
            continue
        cell, use = found
        text = source(cell)
        number = re.match(r" \d{3,5}\b", text[use.end:])  # "RFC 7518": the link takes the number
        end = use.end + (len(number.group(0)) if number and not text[use.start] == "`" else 0)
        use = Use(use.start, end, False)
        cell.source = (f"{text[:use.start]}[{text[use.start:use.end]}]"
                       f"({GLOSSARY_LINK}#{term.anchor}){text[use.end:]}")


# --- the whole run -----------------------------------------------------------------------------

def edited(course: Course, notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, nbformat.NotebookNode]:
    """Every notebook with the tool's edits applied (in place)."""
    terms = load_glossary()
    for notebook_id, notebook in notebooks.items():
        entry = course.notebook(notebook_id)
        if notebook_id == "00-start-here":
            set_start_here(notebook, course)
            set_minutes(notebook, entry.minutes or 0)
        if "split_token" in entry.explains_again:
            explain_split_token(notebook)
        set_prerequisites(notebook, prerequisites_line(course, entry))
        set_concept_check(notebook, notebook_id)
    users = first_users(course, notebooks, terms)
    for notebook_id, notebook in notebooks.items():
        link_terms(notebook, terms_to_link(course, notebook_id, users, terms))
    return notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.course_notebooks",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if an edit is due")
    parser.add_argument("notebooks", nargs="*", type=Path, help="only these (default: every notebook)")
    options = parser.parse_args(argv)
    course = load_course()
    paths = {n.id: NOTEBOOKS / n.file for n in course.notebooks if (NOTEBOOKS / n.file).exists()}
    before = {i: p.read_text(encoding="utf-8") for i, p in paths.items()}
    # Every notebook is read (where a term is first used depends on all of them); only the chosen
    # ones are written.
    result = edited(course, {i: nbformat.reads(text, as_version=4) for i, text in before.items()})
    chosen = {p.resolve() for p in options.notebooks}
    changed = []
    for notebook_id, notebook in result.items():
        text = nbformat.writes(notebook)
        text += "" if text.endswith("\n") else "\n"  # as nbformat.write leaves a file
        if text != before[notebook_id] and (not chosen or paths[notebook_id].resolve() in chosen):
            changed.append(paths[notebook_id])
            if not options.check:
                paths[notebook_id].write_text(text, encoding="utf-8")
    verb = "needs an edit" if options.check else "edited"
    for path in changed:
        print(f"{verb}: {path.relative_to(ROOT)}")
    if changed and not options.check:
        print("Now re-execute them: .venv/bin/python tools/execute_notebooks.py " +
              " ".join(str(p.relative_to(ROOT)) for p in changed))
    return 1 if changed and options.check else 0


if __name__ == "__main__":
    sys.exit(main())
