"""Write the pages made from the course's data: the README's course table and docs/glossary.md.

    python -m tools.course_docs --write          # rewrite both from helpers/course/data/
    python -m tools.course_docs --check          # exit 1 (and say which) if either is stale
    python -m tools.course_docs --cheatsheet-pdf build/cheatsheet.pdf   # the cheat sheet, printed

The README's table sits between two marker comments, so the rest of the README is never touched;
docs/glossary.md is generated whole. tests/tools/test_course_docs.py fails when either is stale.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers.course.catalog import Course, load_course
from helpers.course.glossary import Term, load_glossary

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GLOSSARY = ROOT / "docs" / "glossary.md"
CHEATSHEET = ROOT / "docs" / "cheatsheet.md"
SOURCE_NOTE = "generated from helpers/course/data/ by `python -m tools.course_docs --write`; edit the data"
BEGIN = "<!-- course-table: begin ({note}) -->"
END = "<!-- course-table: end -->"
RFC = re.compile(r"RFC (\d{4})(?: §([\d.]+))?")


def notebook_cell(course: Course, notebook_id: str, prefix: str) -> str:
    """A notebook's name in a table: a link, or plain text while it is being written."""
    notebook = course.notebook(notebook_id)
    if notebook.planned and not (ROOT / "notebooks" / notebook.file).exists():
        return f"{notebook.title} (being written)"
    return f"[{notebook.title}]({prefix}{notebook.file})"


def course_table(course: Course, prefix: str = "notebooks/") -> str:
    """The course map as a Markdown table: number, notebook, what you will learn, minutes."""
    lines = ["| # | Notebook | You will learn | Minutes |", "|---|---|---|---|"]
    for notebook in course.notebooks:
        minutes = notebook.minutes if notebook.minutes is not None else "to come"
        lines.append(f"| {notebook.number} | {notebook_cell(course, notebook.id, prefix)} | "
                     f"{notebook.summary} | {minutes} |")
    core = [n.id for n in course.notebooks if n.track == "core"]
    everything = course.ids()
    total = course.minutes_text(everything).replace(" minutes", "**", 1)
    lines.append(f"| | | **all {len(everything)}** (the core, {core[0][:2]}-{core[-1][:2]}: "
                 f"{course.minutes(core)[0]}) | **{total} |")
    return "\n".join(lines)


def path_list(course: Course, prefix: str = "notebooks/") -> str:
    """The paths by goal as a Markdown list: goal, notebooks, minutes."""
    lines = []
    for path in course.paths:
        numbers = ", ".join(course.notebook(i).number for i in path.notebooks)
        lines.append(f"- **{path.goal}**: {path.for_whom} Notebooks {numbers}; "
                     f"{course.minutes_text(path.notebooks)}.")
    return "\n".join(lines)


def readme_block(course: Course) -> str:
    return "\n".join([BEGIN.format(note=SOURCE_NOTE), "", course_table(course), "",
                      "Paths by goal (notebook 00 shows them with your progress):", "",
                      path_list(course), "", END])


def replace_block(text: str, block: str) -> str:
    """`text` with its marked course-table block replaced by `block` (ValueError if unmarked)."""
    start, end = text.find("<!-- course-table: begin"), text.find(END)
    if start < 0 or end < start:
        raise ValueError("README.md has no course-table markers: put "
                         "'<!-- course-table: begin -->' and '<!-- course-table: end -->' "
                         "where the table belongs")
    return text[:start] + block + text[end + len(END):]


def rfc_links(reference: str) -> str:
    """'RFC 7519 §4.1.4' as a link to that section on rfc-editor.org; other references as they are."""
    def link(found: re.Match[str]) -> str:
        number, section = found.group(1), found.group(2)
        anchor = f"#section-{section}" if section else ""
        return f"[{found.group(0)}](https://www.rfc-editor.org/rfc/rfc{number}{anchor})"

    return RFC.sub(link, reference)


def glossary_entry(term: Term, course: Course) -> str:
    notebook = course.notebook(term.first_taught)
    where = (f"[{notebook.label}](../notebooks/{notebook.file})"
             if not notebook.planned or (ROOT / "notebooks" / notebook.file).exists()
             else f"{notebook.label} (being written)")
    lines = [f"### {term.term}", "", f"**{term.short}** {term.long}", ""]
    details = [f"First explained in {where}."]
    if term.aliases:
        details.append("Also written: " + ", ".join(f"`{a}`" if re.search(r"[=:/#\"]", a) else a
                                                    for a in term.aliases) + ".")
    if term.see:
        details.append("See " + "; ".join(rfc_links(s) for s in term.see) + ".")
    lines += [" ".join(details), ""]
    return "\n".join(lines)


def glossary_page(terms: tuple[Term, ...], course: Course) -> str:
    ordered = sorted(terms, key=lambda t: t.term.casefold())
    letters = sorted({t.term[0].upper() for t in ordered})
    head = ["# Glossary", "", f"<!-- {SOURCE_NOTE} -->", "",
            f"The {len(terms)} words of this course that a newcomer may not know, in alphabetical "
            "order. Each says which notebook explains it first; the notebooks link here where you "
            "may meet a word before that notebook.", "",
            "Jump to: " + " · ".join(f"[{letter}](#{letter.lower()})" for letter in letters), ""]
    body: list[str] = []
    current = ""
    for term in ordered:
        letter = term.term[0].upper()
        if letter != current:
            current = letter
            body += [f"## {letter}", ""]
        body.append(glossary_entry(term, course))
    return "\n".join(head + body).rstrip() + "\n"


def stale() -> list[str]:
    """The generated pages that differ from what the data makes."""
    course, terms = load_course(), load_glossary()
    found = []
    text = README.read_text(encoding="utf-8")
    try:
        if replace_block(text, readme_block(course)) != text:
            found.append("README.md (the course table)")
    except ValueError as problem:
        found.append(f"README.md: {problem}")
    if not GLOSSARY.exists() or GLOSSARY.read_text(encoding="utf-8") != glossary_page(terms, course):
        found.append("docs/glossary.md")
    return found


def write() -> None:
    course, terms = load_course(), load_glossary()
    text = README.read_text(encoding="utf-8")
    README.write_text(replace_block(text, readme_block(course)), encoding="utf-8")
    GLOSSARY.write_text(glossary_page(terms, course), encoding="utf-8")


# --- the cheat sheet on paper ---------------------------------------------------------------------

PRINT_STYLE = """
@page { size: A4; margin: 7mm 9mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 7.5pt; line-height: 1.18; color: #000; }
h1 { font-size: 11pt; margin: 0 0 1pt; } h2 { font-size: 8.5pt; margin: 4pt 0 1pt; }
p, ol { margin: 1.5pt 0; } li { margin: 0; } ol { padding-left: 13pt; }
pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 6.4pt; line-height: 1.1;
      background: #f3f3f3; padding: 2pt 3pt; margin: 2pt 0; white-space: pre-wrap; break-inside: avoid; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.92em; }
table { border-collapse: collapse; font-size: 7pt; margin: 1.5pt 0; }
th, td { border: 0.5pt solid #999; padding: 0.5pt 2.5pt; text-align: left; vertical-align: top; }
a { color: #000; }
"""


def cheatsheet_html() -> str:
    import mistune  # comes with JupyterLab (nbconvert); only this command needs it

    body = mistune.create_markdown(plugins=["table"])(CHEATSHEET.read_text(encoding="utf-8"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>JWT cheat sheet</title>"
            f"<style>{PRINT_STYLE}</style></head><body>{body}</body></html>")


def print_cheatsheet(pdf: Path, chromium: str = "chromium") -> int:
    """Print docs/cheatsheet.md to `pdf` with headless Chromium; return the number of pages."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "cheatsheet.html"
        page.write_text(cheatsheet_html(), encoding="utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.course_docs", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the README table and docs/glossary.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if either is stale")
    parser.add_argument("--cheatsheet-pdf", type=Path, metavar="PDF", help="print the cheat sheet to PDF")
    options = parser.parse_args(argv)
    if options.cheatsheet_pdf:
        pages = print_cheatsheet(options.cheatsheet_pdf)
        print(f"{options.cheatsheet_pdf}: {pages} A4 page(s)")
        return 0 if pages == 1 else 1
    if options.write:
        write()
    problems = stale()
    for problem in problems:
        print(f"stale: {problem} (run python -m tools.course_docs --write)")
    return 1 if problems and options.check else 0


if __name__ == "__main__":
    sys.exit(main())
