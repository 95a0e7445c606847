"""The SQLite connection policy the services share, and a fresh database file per demo."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path


def new_database_path(name: str = "course.sqlite3") -> Path:
    """A database file in a fresh temporary folder (removed by the system, not committed)."""
    return Path(tempfile.mkdtemp(prefix="jwt-course-")) / name


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly with BEGIN."""
    connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection
