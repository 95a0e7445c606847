"""The course's Binder and nbgitpuller links, made from course.cfg (its one public address).

    python -m tools.links                      # print the Binder link and an example hub link
    python -m tools.links --hub https://hub.example.org   # the nbgitpuller link for that hub
    python -m tools.links --write              # rewrite the links in README and docs/*.md
    python -m tools.links --check              # exit 1 if a document disagrees with course.cfg

Until course.cfg names the real repository, the README says so beside its Binder badge, between
the markers below; `--write` removes that note once the address is real.
"""

from __future__ import annotations

import argparse
import configparser
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "course.cfg"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PLACEHOLDER = "https://github.com/ORG/REPO"
UNPUBLISHED_NOTE = re.compile(r"<!-- unpublished -->.*?<!-- /unpublished -->\n?", re.DOTALL)
EXAMPLE_HUB = "https://hub.example.org"
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)\"'<>]+")
PULLER_LINK = re.compile(r"https?://[^\s)\"'<>]+/hub/user-redirect/git-pull\?[^\s)\"'<>]+")


@dataclass(frozen=True)
class Course:
    """Where the course is published: repository URL, branch, and the notebook to open first."""

    repository: str
    branch: str
    start: str

    @property
    def published(self) -> bool:
        """False while course.cfg still holds the placeholder address."""
        return self.repository != PLACEHOLDER

    @property
    def github_path(self) -> str:
        """'ORG/REPO' from https://github.com/ORG/REPO."""
        parts = urlsplit(self.repository)
        if parts.netloc != "github.com":
            raise ValueError(f"Binder links need a GitHub repository, not {self.repository}")
        return parts.path.strip("/").removesuffix(".git")

    @property
    def folder(self) -> str:
        """The folder nbgitpuller clones into, in the learner's home: the repository's name."""
        return self.repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")


def read_course(path: Path = SETTINGS) -> Course:
    """The [course] section of course.cfg."""
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    section = parser["course"]
    return Course(section["repository"], section["branch"], section["start"])


def binder_url(course: Course, notebook: str | None = None) -> str:
    """The mybinder.org link that opens a notebook in JupyterLab."""
    return (f"https://mybinder.org/v2/gh/{course.github_path}/{course.branch}"
            f"?urlpath=lab/tree/{notebook or course.start}")


def nbgitpuller_url(hub: str, course: Course, notebook: str | None = None,
                    repository: str | None = None) -> str:
    """The nbgitpuller link: the hub clones (or merges) the course into the learner's home and
    opens the notebook in JupyterLab. `repository` overrides the address (tests use a local clone)."""
    repo = repository or course.repository
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode({"repo": repo, "branch": course.branch,
                       "urlpath": f"lab/tree/{folder}/{notebook or course.start}"}, quote_via=quote,
                      safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def expected_link(found: str, course: Course) -> str:
    """What a link found in a document should say, given course.cfg (same notebook, same hub)."""
    if found.startswith("https://mybinder.org/"):
        notebook = found.split("?urlpath=lab/tree/", 1)[-1] if "?urlpath=lab/tree/" in found \
            else course.start
        return binder_url(course, notebook)
    parts = urlsplit(found)
    query = parse_qs(parts.query)
    urlpath = query.get("urlpath", [""])[0]
    notebook = urlpath.split("/", 3)[-1] if urlpath.count("/") >= 3 else course.start
    hub = f"{parts.scheme}://{parts.netloc}{parts.path.split('/hub/', 1)[0]}"
    return nbgitpuller_url(hub, course, notebook)


def document_links(text: str) -> list[str]:
    """Every Binder and nbgitpuller link in a text."""
    return BINDER_LINK.findall(text) + PULLER_LINK.findall(text)


def disagreements(course: Course, documents: list[Path] = DOCUMENTS, root: Path = ROOT) -> list[str]:
    """'file: found != expected' for every link that does not match course.cfg."""
    wrong = []
    for path in documents:
        for found in document_links(path.read_text(encoding="utf-8")):
            expected = expected_link(found, course)
            if found != expected:
                wrong.append(f"{path.relative_to(root)}: {found} != {expected}")
        if course.published and UNPUBLISHED_NOTE.search(path.read_text(encoding="utf-8")):
            wrong.append(f"{path.relative_to(root)}: says the course is not published, but "
                         f"course.cfg names {course.repository}: run make links")
    return wrong


def rewrite(course: Course, documents: list[Path] = DOCUMENTS) -> list[Path]:
    """Replace every link in the documents by what course.cfg says; return the files changed."""
    changed = []
    for path in documents:
        text = path.read_text(encoding="utf-8")
        new = BINDER_LINK.sub(lambda m: expected_link(m.group(0), course), text)
        new = PULLER_LINK.sub(lambda m: expected_link(m.group(0), course), new)
        if course.published:
            new = UNPUBLISHED_NOTE.sub("", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.links", description=__doc__.split("\n")[0])
    parser.add_argument("--hub", help="print the nbgitpuller link for this JupyterHub address")
    parser.add_argument("--write", action="store_true", help="rewrite the links in the documents")
    parser.add_argument("--check", action="store_true", help="exit 1 if a document disagrees")
    options = parser.parse_args(arguments)
    course = read_course()
    if options.write:
        for path in rewrite(course):
            print(f"updated {path.relative_to(ROOT)}")
    if options.check:
        wrong = disagreements(course)
        print("\n".join(wrong) or "README and docs agree with course.cfg")
        return 1 if wrong else 0
    if options.hub:
        print(nbgitpuller_url(options.hub, course))
    elif not options.write:
        print(f"Binder:      {binder_url(course)}")
        print(f"nbgitpuller: {nbgitpuller_url(EXAMPLE_HUB, course)}")
        print("             (make link HUB=https://your.hub for your hub's link)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
