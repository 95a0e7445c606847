"""The services' SQLite files."""

from __future__ import annotations

from helpers.services.db import new_database_path


def test_database_files_live_in_a_temporary_folder():
    assert "jwt-course-" in str(new_database_path())
