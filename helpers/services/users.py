"""Users in SQLite (stdlib `sqlite3`): an opaque id, an email, a password hash and its version.

- The id is random (`secrets.token_hex`), so tokens can name a user without carrying an email.
- `password_version` goes up by one at every change of the password or the email address
  (what decides who can sign in or recover the account: a "security stamp"). A reset token
  and a login's refresh family record the version they were issued for, and die as soon as
  either changes.
- Every call opens its own short connection, so threads of a server can share one file.
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from helpers.services.db import connect, new_database_path
from helpers.services.passwords import OWASP_COST, ScryptCost, hash_password, verify_password

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT NOT NULL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    password_version INTEGER NOT NULL DEFAULT 1
);
"""


@dataclass(frozen=True)
class User:
    """One row of the users table."""

    id: str
    email: str
    password_hash: str
    password_version: int


class UserStore:
    """Create, find, check, change and delete users in one SQLite file."""

    def __init__(self, path: Path | str | None = None, cost: ScryptCost = OWASP_COST) -> None:
        self.path = Path(path) if path is not None else new_database_path()
        self.cost = cost
        # Compared against when the email is unknown, so a login costs one scrypt either way.
        self._dummy_hash = hash_password(secrets.token_urlsafe(16), cost)
        with closing(connect(self.path)) as db:
            db.executescript(SCHEMA)

    def add(self, email: str, password: str) -> str:
        """Store a new user (the password only as a hash); returns the user's opaque id."""
        user_id = "u_" + secrets.token_hex(8)
        with closing(connect(self.path)) as db:
            db.execute("INSERT INTO users (id, email, password_hash) VALUES (?, ?, ?)",
                       (user_id, email.strip().lower(), hash_password(password, self.cost)))
        return user_id

    def get(self, user_id: str) -> User | None:
        with closing(connect(self.path)) as db:
            row = db.execute("SELECT id, email, password_hash, password_version FROM users "
                             "WHERE id = ?", (user_id,)).fetchone()
        return User(*row) if row else None

    def find_by_email(self, email: str) -> User | None:
        with closing(connect(self.path)) as db:
            row = db.execute("SELECT id, email, password_hash, password_version FROM users "
                             "WHERE email = ?", (str(email).strip().lower(),)).fetchone()
        return User(*row) if row else None

    def check_login(self, email: str, password: str) -> User | None:
        """The user when email and password match, else None (one scrypt either way).

        An unknown email is checked against a dummy hash made once in `__init__`, so the
        answer takes as long as for a known email and does not reveal who is registered.
        """
        user = self.find_by_email(email)
        if user is None:
            verify_password(password, self._dummy_hash)
            return None
        return user if verify_password(password, user.password_hash) else None

    def set_password(self, user_id: str, new_password: str, expected_version: int | None = None,
                     db: sqlite3.Connection | None = None) -> bool:
        """Store a new hash and bump the version; False when the user (or version) is gone.

        With `expected_version`, the update happens only if the password is still in that
        state: a compare-and-set, atomic in SQLite.
        """
        new_hash = hash_password(new_password, self.cost)
        query = ("UPDATE users SET password_hash = ?, password_version = password_version + 1 "
                 "WHERE id = ?")
        values: tuple[object, ...] = (new_hash, user_id)
        if expected_version is not None:
            query += " AND password_version = ?"
            values += (expected_version,)
        if db is not None:
            return db.execute(query, values).rowcount == 1
        with closing(connect(self.path)) as own:
            return own.execute(query, values).rowcount == 1

    def change_email(self, user_id: str, new_email: str) -> bool:
        """Store a new email and bump the version, which ends reset links already mailed and
        the user's sessions; False when the user is gone (IntegrityError if the email is taken)."""
        with closing(connect(self.path)) as db:
            return db.execute("UPDATE users SET email = ?, password_version = password_version + 1 "
                              "WHERE id = ?", (new_email.strip().lower(), user_id)).rowcount == 1

    def delete(self, user_id: str) -> bool:
        with closing(connect(self.path)) as db:
            return db.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 1

    def count(self) -> int:
        with closing(connect(self.path)) as db:
            return db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
