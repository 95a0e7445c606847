"""The Binder and nbgitpuller links come from course.cfg, and the documents agree with it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tools import links

COURSE = links.Course("https://github.com/someone/jwt-course", "main", "notebooks/00-start-here.ipynb")


def test_the_documents_agree_with_course_cfg():
    course = links.read_course()
    assert links.disagreements(course) == []
    readme = (links.ROOT / "README.md").read_text(encoding="utf-8")
    notes = (links.ROOT / "docs" / "instructor-notes.md").read_text(encoding="utf-8")
    assert links.binder_url(course) in readme
    assert links.binder_url(course) in notes
    assert links.nbgitpuller_url(links.EXAMPLE_HUB, course) in notes


def test_the_address_is_written_once_and_still_a_placeholder():
    settings = links.read_course()
    assert settings.repository == "https://github.com/ORG/REPO"
    assert links.ROOT / "docs" / "instructor-notes.md" in links.DOCUMENTS
    for path in links.DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        assert "github.com/ORG/REPO" not in text.replace("github.com%2FORG%2FREPO", "")


def test_while_unpublished_the_readme_says_so_beside_the_binder_badge():
    assert not links.read_course().published
    readme = (links.ROOT / "README.md").read_text(encoding="utf-8")
    note = links.UNPUBLISHED_NOTE.search(readme)
    assert note, "the README must say the Binder link does not work yet"
    assert "make lab" in note.group(0) and "course.cfg" in note.group(0) and "make links" in note.group(0)
    badge = readme.index("https://mybinder.org/badge_logo.svg")
    assert abs(badge - note.start()) < 600  # next to the badge, not further down the page


def test_a_published_course_with_the_note_left_in_disagrees(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text("<!-- unpublished -->\nNot published yet.\n<!-- /unpublished -->\n"
                      f"[badge]({links.binder_url(COURSE)})\n", encoding="utf-8")
    wrong = links.disagreements(COURSE, [readme], root=tmp_path)
    assert len(wrong) == 1 and "not published" in wrong[0]
    placeholder = links.Course(links.PLACEHOLDER, "main", COURSE.start)
    readme.write_text(readme.read_text(encoding="utf-8").replace("someone/jwt-course", "ORG/REPO"),
                      encoding="utf-8")
    assert links.disagreements(placeholder, [readme], root=tmp_path) == []


def test_binder_link_opens_the_start_notebook_in_lab():
    assert links.binder_url(COURSE) == ("https://mybinder.org/v2/gh/someone/jwt-course/main"
                                        "?urlpath=lab/tree/notebooks/00-start-here.ipynb")


def test_nbgitpuller_link_clones_into_the_repository_folder_and_opens_lab():
    url = links.nbgitpuller_url("https://hub.example.org/", COURSE)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == \
        "https://hub.example.org/hub/user-redirect/git-pull"
    query = parse_qs(parts.query)
    assert query == {"repo": ["https://github.com/someone/jwt-course"], "branch": ["main"],
                     "urlpath": ["lab/tree/jwt-course/notebooks/00-start-here.ipynb"]}


def test_changing_the_one_setting_rewrites_every_link(tmp_path: Path):
    readme, notes = tmp_path / "README.md", tmp_path / "notes.md"
    readme.write_text((links.ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    notes.write_text((links.ROOT / "docs" / "instructor-notes.md").read_text(encoding="utf-8"),
                     encoding="utf-8")
    documents = [readme, notes]
    assert len(links.disagreements(COURSE, documents, root=tmp_path)) >= 3
    assert links.rewrite(COURSE, documents) == documents
    assert links.disagreements(COURSE, documents, root=tmp_path) == []
    assert "v2/gh/ORG/REPO" not in readme.read_text(encoding="utf-8")
    assert not links.UNPUBLISHED_NOTE.search(readme.read_text(encoding="utf-8"))
    assert "someone/jwt-course" in notes.read_text(encoding="utf-8")
