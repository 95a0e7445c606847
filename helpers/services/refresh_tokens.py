"""Refresh tokens: random strings stored only as hashes, grouped in families, rotated on use.

- A login starts a *family*. Each refresh spends the presented token and issues its
  successor in the same family ("rotation").
- A token presented a second time means two parties hold it (the user and a thief, say):
  the whole family is revoked, so neither can go on (reuse detection, as in the OAuth 2.0
  Security Best Current Practice, RFC 9700 section 4.14).
- Logout revokes the family too; a password reset revokes every family of the user
  (`revoke_user`), so a thief's refresh token dies with the old password.
- A family remembers the account's credential version at login (`users.password_version`,
  which goes up when the password or the email changes). With `account_version` given, every
  refresh looks the account up: deleted, or changed since, and the family is revoked.
- A family ends `family_lifetime` after its login however often it refreshes: a refresh
  token never outlives its family.
They are not JWTs: only this server ever reads them, and it looks each one up anyway, so a
random value is enough. The table keeps its SHA-256 (a stolen database holds no usable token;
a fast hash suffices because the token is 256 random bits, not a guessable password).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from helpers.services.db import connect
from helpers.web.wsgi_json import RequestProblem

LIFETIME = timedelta(days=14)  # unused this long, a refresh token expires
FAMILY_LIFETIME = timedelta(days=30)  # however often it refreshes, a login ends after this
SCHEMA = """
CREATE TABLE IF NOT EXISTS refresh_families (
    family_id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    account_version INTEGER,
    created_at REAL NOT NULL,
    revoked_at REAL,
    revoked_because TEXT
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT NOT NULL PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES refresh_families(family_id),
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL
);
"""
MESSAGES = {
    "unknown": "this is not a refresh token this server issued",
    "expired": "the refresh token has expired: log in again",
    "reused": "this refresh token was already used once, so its whole family is now revoked: "
              "log in again",
    "revoked": "this refresh token's family was revoked ({because}): log in again",
}


def token_hash(token: str) -> str:
    """What the table stores instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class RefreshProblem(RequestProblem):
    """A refused refresh token: 400 invalid_grant, as an OAuth 2.0 token endpoint answers."""

    def __init__(self, reason: str, because: str = "") -> None:
        super().__init__(400, "invalid_grant", MESSAGES[reason].format(because=because))
        self.reason = reason


@dataclass(frozen=True)
class RefreshRecord:
    """What the server knows about one refresh token (for teaching and debugging)."""

    family_id: str
    user_id: str
    issued_at: float
    expires_at: float
    used_at: float | None
    family_revoked_because: str | None


AccountVersion = Callable[[str], int | None]  # user id -> credential version, None: deleted


class RefreshStore:
    """Refresh tokens and their families in a SQLite file.

    `account_version(user_id)` gives the account's current credential version, or None when the
    account is gone; with it, a refresh for a deleted or changed account is refused.
    """

    def __init__(self, path: Path | str, lifetime: timedelta = LIFETIME,
                 family_lifetime: timedelta = FAMILY_LIFETIME,
                 account_version: AccountVersion | None = None) -> None:
        self.path = Path(path)
        self.lifetime = lifetime
        self.family_lifetime = family_lifetime
        self.account_version = account_version
        with closing(connect(self.path)) as db:
            db.executescript(SCHEMA)

    def _add_token(self, db: object, family_id: str, now: float, family_start: float) -> str:
        token = secrets.token_urlsafe(32)
        expires_at = min(now + self.lifetime.total_seconds(),
                         family_start + self.family_lifetime.total_seconds())
        db.execute("INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) "  # type: ignore[attr-defined]
                   "VALUES (?, ?, ?, ?)", (token_hash(token), family_id, now, expires_at))
        return token

    def start_family(self, user_id: str, account_version: int | None = None) -> str:
        """A new family for a fresh login, bound to the account's credential version; returns
        its first refresh token."""
        now, family_id = time.time(), "f_" + secrets.token_hex(8)
        with closing(connect(self.path)) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO refresh_families (family_id, user_id, account_version, created_at) "
                       "VALUES (?, ?, ?, ?)", (family_id, user_id, account_version, now))
            token = self._add_token(db, family_id, now, now)
            db.execute("COMMIT")
        return token

    def _account_changed(self, user_id: str, version_at_login: int | None) -> str | None:
        """Why the account no longer allows this family, or None when it does."""
        if self.account_version is None:
            return None
        current = self.account_version(user_id)
        if current is None:
            return "the account no longer exists"
        if version_at_login is not None and current != version_at_login:
            return "the password or email changed"
        return None

    def rotate(self, token: str) -> tuple[str, str]:
        """Spend `token` and issue its successor: (user_id, new token), or a RefreshProblem.

        One write transaction (BEGIN IMMEDIATE) covers the check and the update, so two
        concurrent refreshes with the same token cannot both succeed.
        """
        now = time.time()
        with closing(connect(self.path)) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT t.family_id, f.user_id, t.expires_at, t.used_at, f.revoked_at, "
                    "f.revoked_because, f.account_version, f.created_at FROM refresh_tokens t "
                    "JOIN refresh_families f USING (family_id) WHERE t.token_hash = ?",
                    (token_hash(token),)).fetchone()
                if row is None:
                    raise RefreshProblem("unknown")
                (family_id, user_id, expires_at, used_at, revoked_at, because, version_at_login,
                 family_start) = row
                if revoked_at is not None:
                    raise RefreshProblem("revoked", because)
                if used_at is not None:
                    self._revoke(db, family_id, "a used refresh token was presented again", now)
                    db.execute("COMMIT")
                    raise RefreshProblem("reused")
                if expires_at <= now:
                    raise RefreshProblem("expired")
                changed = self._account_changed(user_id, version_at_login)
                if changed:  # inside the write transaction: a change commits before or after it
                    self._revoke(db, family_id, changed, now)
                    db.execute("COMMIT")
                    raise RefreshProblem("revoked", changed)
                db.execute("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?",
                           (now, token_hash(token)))
                successor = self._add_token(db, family_id, now, family_start)
                db.execute("COMMIT")
                return user_id, successor
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")

    @staticmethod
    def _revoke(db: object, family_id: str, because: str, now: float) -> None:
        db.execute("UPDATE refresh_families SET revoked_at = ?, revoked_because = ? "  # type: ignore[attr-defined]
                   "WHERE family_id = ? AND revoked_at IS NULL", (now, because, family_id))

    def revoke_family_of(self, token: str, because: str = "logged out") -> bool:
        """Revoke the family `token` belongs to; False when the token is unknown."""
        with closing(connect(self.path)) as db:
            row = db.execute("SELECT family_id FROM refresh_tokens WHERE token_hash = ?",
                             (token_hash(token),)).fetchone()
            if row is None:
                return False
            self._revoke(db, row[0], because, time.time())
            return True

    def revoke_user(self, user_id: str, because: str = "the password was reset") -> int:
        """Revoke every live family of `user_id` (all their sessions); returns how many."""
        with closing(connect(self.path)) as db:
            return db.execute("UPDATE refresh_families SET revoked_at = ?, revoked_because = ? "
                              "WHERE user_id = ? AND revoked_at IS NULL",
                              (time.time(), because, user_id)).rowcount

    def describe(self, token: str) -> RefreshRecord | None:
        """What the table says about this token (None when it was never issued here)."""
        with closing(connect(self.path)) as db:
            row = db.execute(
                "SELECT t.family_id, f.user_id, t.issued_at, t.expires_at, t.used_at, "
                "f.revoked_because FROM refresh_tokens t JOIN refresh_families f "
                "USING (family_id) WHERE t.token_hash = ?", (token_hash(token),)).fetchone()
        return RefreshRecord(*row) if row else None
