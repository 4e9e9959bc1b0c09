"""The application's first page without SQLAlchemy.

Importing SQLAlchemy and SQLModel costs more than importing Textual, so an application that
needs them before it can show anything starts at about twice the time of a bare Textual
app. The queue's first page does not need them: its statements depend only on the code and
on who is looking, so the application keeps them, written out by SQLAlchemy itself
(casework.queue.pages.first_page_sql), in a small file beside the bank-holiday cache, and on the
next start runs them with plain sqlite3 while the rest loads behind the painted page.

The file is believed only if this account sealed it (casework.sealed), and its statements run
on a connection that can only read.

Whenever anything is not as expected (PostgreSQL, a database not at the current schema, an
unknown or deactivated login, no statements kept for this code and this user) `peek`
returns None and the application starts the ordinary way, which reports any fault.
"""

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import platformdirs

from casework.clock import council_today
from casework.errors import UserError
from casework.profile.working_days import calendar_for
from casework.queue.rows import as_dicts
from casework.sealed import seal, unseal
from casework.workflow.roles import ROLE_TITLES
from db import cipher
from db.location import resolve_url, sqlite_file

PAGE = 100
HERE = Path(__file__).resolve().parent.parent
# What the kept statements are written from; a change to any of them writes them afresh.
SOURCES = (HERE / "queue" / "pages.py", HERE / "access" / "rules.py", HERE / "workflow" / "roles.py",
           HERE / "workflow" / "involvement.py",
           HERE.parent / "db" / "models.py", HERE.parent / "db" / "schema.py")


@dataclass
class FirstPage:
    me: dict  # as casework.people.directory.whoami gives it
    council: str
    rows: list[dict]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _cache_file(fingerprint: str) -> Path:
    root = os.environ.get("CASEWORK_CACHE_DIR") or platformdirs.user_cache_dir("casework", appauthor=False)
    return Path(root) / f"first-page-{fingerprint}.json"


def _key(db: Path, user: dict) -> str:
    # Per database as well as per user: user 3 of one database is nobody in another.
    return f"{db}|{user['id']}|{user['role']}|{user['person_id']}"


def _schema_head() -> str:
    # db.schema imports SQLAlchemy; its HEAD line is read, not imported.
    for line in SOURCES[-1].read_text().splitlines():
        if line.startswith("HEAD = "):
            return line.split("=", 1)[1].strip().strip("\"'")
    return ""


def peek(db: str | None, profile: str | None, login: str) -> FirstPage | None:
    """The first page for `login`, read with plain sqlite3, or None to start the ordinary way."""
    path = sqlite_file(resolve_url(db))
    if path is None or not path.is_file():
        return None
    path = path.resolve()
    try:
        from casework.profile.council import load_profile

        prof = load_profile(profile)
        fingerprint = _fingerprint()
        kept = unseal(_cache_file(fingerprint).read_text())
    except (OSError, ValueError, UserError):
        return None
    if not isinstance(kept, dict):
        return None  # not sealed by this account: planted, edited, or from before sealing
    # An encrypted file opens here only with a passphrase this process already holds
    # (casework.cli.app asks for it before the application starts).
    faults = (*cipher.errors(), cipher.CipherRefused) if cipher.encrypted(path) else (sqlite3.Error,)
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
        return _read(conn, path, prof, login, kept)
    except faults:
        return None
    finally:
        conn.close()


# What a statement of the first page may do: read tables, call functions, walk a CTE, and
# hold one snapshot; anything else (a write, a trigger, ATTACH, a pragma) is refused.
_READING = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                      sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_RECURSIVE})


def _reads_only(action, *_args) -> int:
    return sqlite3.SQLITE_OK if action in _READING else sqlite3.SQLITE_DENY


def _read(conn, path: Path, prof, login: str, kept: dict) -> FirstPage | None:
    if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (_schema_head(),):
        return None
    found = conn.execute("SELECT id, login, name, role, person_id FROM user_account "
                         "WHERE login = ? AND active", (login,)).fetchone()
    if found is None or found[3] not in ROLE_TITLES:
        return None
    uid, login, name, role, person_id = found
    sql = kept.get(_key(path, {"id": uid, "role": role, "person_id": person_id}))
    if not sql or len(sql) != 2:
        return None
    new, rest = sql
    # One snapshot for both, as the ordinary page reads in one transaction.
    conn.execute("BEGIN")
    rows = conn.execute(new).fetchmany(PAGE)
    if len(rows) < PAGE:
        rows += conn.execute(rest).fetchmany(PAGE - len(rows))
    conn.execute("COMMIT")
    today: date = council_today()
    me = {"login": login, "name": name, "role": role, "role_title": ROLE_TITLES[role],
          "person_id": person_id}
    return FirstPage(me, prof.council, as_dicts(calendar_for(prof.calendar), rows, today))


def remember(ws, login: str) -> None:
    """Keeps the first page's statements for this user and database, for the next start.
    Called once the workspace is open; costs a few milliseconds, and nothing when kept."""
    path = sqlite_file(str(ws.engine.url))
    if path is None:
        return
    from casework.queue.pages import first_page_sql

    target = _cache_file(_fingerprint())
    try:
        kept = unseal(target.read_text())
    except OSError:
        kept = None
    kept = kept if isinstance(kept, dict) else {}
    sql, user = first_page_sql(ws, login, PAGE)
    key = _key(path.resolve(), user)
    if kept.get(key) == sql:
        return
    kept[key] = sql
    sealed = seal(kept)
    if sealed is None:
        return  # no private key to seal with: the next start goes the ordinary way
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("first-page-*.json"):
            if old != target:
                old.unlink(missing_ok=True)  # written for code that is no longer here
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(sealed)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only home only costs the speed-up
