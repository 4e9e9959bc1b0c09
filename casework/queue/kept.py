"""Reads that must not wait for SQLAlchemy, on a connection of plain sqlite3 that can only read.

Importing SQLAlchemy and SQLModel costs more than importing Textual, and several times what a
small program needs to read a few rows. Some reads do not need them: their statements depend
only on the code and on who is looking. SQLAlchemy writes them out, from the one copy of the
query code (casework.queue.pages): the application's first page ships with casework
(casework.queue.shipped); `casework list` keeps, in a small file in the user's cache folder,
the statement the ordinary way ran, and next time runs it here (casework.queue.listed).

The file is believed only if this account sealed it (casework.sealed), and its statements run
on a connection that can only read. Whenever anything is not as expected (PostgreSQL, a database
not at the current schema, an unknown or deactivated login, nothing kept for this code and this
user) a reader gets None and goes the ordinary way, which reports any fault.
"""

import os
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

import platformdirs

from casework.errors import UserError
from casework.queue.sources import fingerprint, schema_head
from casework.sealed import seal, unseal
from casework.workflow.roles import ROLE_TITLES
from db import cipher
from db.location import resolve_url, sqlite_file

T = TypeVar("T")
NAME = "kept-reads"


def _cache_file(code: str) -> Path:
    root = os.environ.get("CASEWORK_CACHE_DIR") or platformdirs.user_cache_dir("casework", appauthor=False)
    return Path(root) / f"{NAME}-{code}.json"


def key_of(db: Path | str, user: dict) -> str:
    # Per database as well as per user: user 3 of one database is nobody in another.
    return f"{db}|{user['id']}|{user['role']}|{user['person_id']}"


class Reading:
    """An open read-only connection to the database and the council's profile. `me` is the
    acting user as the database holds them: (id, login, name, role, person_id)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, profile, me: tuple):
        self.conn, self.path, self.profile, self.me = conn, path, profile, me

    def statements(self, *more: str):
        """What is kept for this user and the read `more` names, or None."""
        uid, _, _, role, person_id = self.me
        return kept_for(self.path, {"id": uid, "role": role, "person_id": person_id}, *more)


def kept_for(db: Path | str, user: dict, *more: str):
    """What is kept for `user` of the database `db` (a file, or a shared database's place,
    casework.queue.listed) and the read `more` names, or None."""
    try:
        kept = unseal(_cache_file(fingerprint()).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict):
        return None  # not sealed by this account: planted, edited, or from before sealing
    return kept.get("|".join((key_of(db, user), *more)))


def read_kept(db: str | None, profile: str | None, login: str, reader: Callable[[Reading], T]) -> T | None:
    """`reader`'s answer on a connection that can only read, or None to go the ordinary way."""
    from casework.config import setting

    if setting("anchors"):
        return None  # the ordinary way checks the log can be written before anything else
    path = sqlite_file(resolve_url(db))
    if path is None or not path.is_file():
        return None
    path = path.resolve()
    try:
        from casework.profile.council import load_profile

        prof = load_profile(profile)
    except (OSError, ValueError, UserError):
        return None
    # An encrypted file opens here only with a passphrase this process already holds
    # (casework.cli.app asks for it before the application starts).
    faults = cipher.faults(path)
    try:
        # Read and write, as every other connection opens it: a read-only one cannot create
        # the WAL's shared-memory file when no one else has the database open.
        conn = cipher.connect(path, timeout=5, isolation_level=None)
    except faults:
        return None
    try:
        # Whatever the kept statements say, this connection only reads.
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(_reads_only)
        me = _acting(conn, login)
        return None if me is None else reader(Reading(conn, path, prof, me))
    except faults:
        return None
    finally:
        conn.close()


# What a kept statement may do: read tables, call functions, walk a CTE, and hold one
# snapshot; anything else (a write, a trigger, ATTACH, a pragma) is refused.
_READING = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                      sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_RECURSIVE})


def _reads_only(action, *_args) -> int:
    return sqlite3.SQLITE_OK if action in _READING else sqlite3.SQLITE_DENY


def _acting(conn, login: str) -> tuple | None:
    if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (schema_head(),):
        return None
    found = conn.execute("SELECT id, login, name, role, person_id FROM user_account "
                         "WHERE login = ? AND active", (login,)).fetchone()
    return found if found is not None and found[3] in ROLE_TITLES else None


def keep(db: Path | str, user: dict, statements, *more: str, stale: Callable[[str], bool] = lambda key: False) -> None:
    """Keeps `statements` for `user` (and the read `more` names) of the database at `db`, for
    the next start; drops what `stale` says is out of date. Costs a few milliseconds, and
    nothing when already kept."""
    target = _cache_file(fingerprint())
    try:
        kept = unseal(target.read_text())
    except OSError:
        kept = None
    kept = kept if isinstance(kept, dict) else {}
    key = "|".join((key_of(db.resolve() if isinstance(db, Path) else db, user), *more))
    if kept.get(key) == statements:
        return
    kept = {k: v for k, v in kept.items() if not stale(k)}
    kept[key] = statements
    sealed = seal(kept)
    if sealed is None:
        return  # no private key to seal with: the next start goes the ordinary way
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in (*target.parent.glob(f"{NAME}-*.json"), *target.parent.glob("first-page-*.json")):
            if old != target:
                old.unlink(missing_ok=True)  # written for code that is no longer here
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(sealed)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only home only costs the speed-up
