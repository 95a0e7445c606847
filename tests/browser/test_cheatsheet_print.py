"""The cheat sheet prints on one A4 page (`make cheatsheet`), in Chromium as a learner would print it."""

from __future__ import annotations

from pathlib import Path

from tools import course_docs


def test_the_cheat_sheet_prints_on_one_page(chromium_executable: str, tmp_path: Path) -> None:
    assert course_docs.print_cheatsheet(tmp_path / "cheatsheet.pdf", chromium_executable) == 1


def test_the_page_check_can_fail(chromium_executable: str, tmp_path: Path, monkeypatch) -> None:
    longer = tmp_path / "cheatsheet.md"
    sheet = course_docs.CHEATSHEET.read_text(encoding="utf-8")
    longer.write_text(sheet + "\n\n" + sheet, encoding="utf-8")
    monkeypatch.setattr(course_docs, "CHEATSHEET", longer)
    assert course_docs.print_cheatsheet(tmp_path / "twice.pdf", chromium_executable) >= 2
