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
    tracked = [links.ROOT / "README.md", links.ROOT / "docs" / "instructor-notes.md"]
    for path in tracked:
        text = path.read_text(encoding="utf-8")
        assert "github.com/ORG/REPO" not in text.replace("github.com%2FORG%2FREPO", "")
