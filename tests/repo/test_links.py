"""The documents' Binder and hub links agree with course.cfg, the one place the address is written."""

from __future__ import annotations

from tools import links


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
