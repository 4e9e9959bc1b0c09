"""New test databases start as copies of one that casework's own migrations built.

Running the thirty migrations costs a tenth of a second on SQLite and a quarter on PostgreSQL,
and most tests want nothing but an empty database at the newest schema: so each test process
builds one such database per backend, by `open_workspace` as any first start does, and every
later empty database is a copy of it (a file copy; PostgreSQL's CREATE DATABASE ... TEMPLATE).
A database that already holds tables is left alone, so the tests of migrations and of `init`
still run the migrations themselves. A copy of the demo council is kept the same way.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from casework.workspace import open_workspace

FOLDER: Path | None = None  # where templates are kept: the run's temporary folder (conftest.py)
_names = itertools.count()  # a template being built may need another built first
_built: dict[str, str] = {}  # a template's key -> its SQLite path or PostgreSQL database name


def fill(url: str, key: str = "empty", build=None) -> str | None:
    """Makes the database at `url`, if it is new, a copy of the template `key`, which
    `build(url)` makes the first time (by default a migrated empty database): "built" when
    this call built the template, "copied", or None when the database was not new or is one
    casework must make itself (an encrypted file)."""
    u = make_url(url)
    build = build or _migrated
    if u.get_backend_name() == "sqlite":
        return _fill_sqlite(Path(u.database), key, build)
    if u.get_backend_name() == "postgresql":
        return _fill_postgres(u, key, build)
    return None


_ticks: dict[str, int] = {}  # a template's key -> the audit clock's ticks its build took


def counting(key: str, build):
    """`build`, counting the ticks of the audit clock it takes, so that a test given a copy can
    move its clock on as far as a build of its own would have (catch_up): a test's clock may
    be one that ticks per event (tests/tui/conftest.py)."""
    from casework.audit import chain as audit

    def counted(url: str) -> None:
        clock = audit.now_utc
        _ticks[key] = 0

        def ticking():
            _ticks[key] += 1
            return clock()

        audit.now_utc = ticking
        try:
            build(url)
        finally:
            audit.now_utc = clock

    return counted


def catch_up(key: str) -> None:
    """Moves the audit clock on as far as building template `key` moved it."""
    from casework.audit import chain as audit

    for _ in range(_ticks.get(key, 0)):
        audit.now_utc()


def copy_sqlite(key: str, path: Path, build) -> bool:
    """Copies the SQLite template `key` to `path`, a file not there yet, building the template
    with `build(url)` the first time: True when this call built it."""
    built = key not in _built
    if built:
        where = Path(tempfile.mkdtemp(prefix="template-", dir=FOLDER)) / "template.db"
        build(f"sqlite:///{where}")
        with closing(sqlite3.connect(where)) as conn:  # all of it in the one file that is copied
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _built[key] = str(where)
    shutil.copyfile(_built[key], path)
    os.chmod(path, 0o600)
    return built


def _migrated(url: str) -> None:
    open_workspace(url).engine.dispose()


def _fill_sqlite(path: Path, key: str, build) -> str | None:
    from db import cipher

    # A file to be made encrypted (cipher.use) is made by casework itself, as a plain copy is not.
    if not (path.exists() and path.stat().st_size) and cipher.key_for(path) is None:
        return "built" if copy_sqlite(key, path, build) else "copied"
    return None


def _fill_postgres(u, key: str, build) -> str | None:
    import psycopg
    from psycopg import sql

    def connect(dbname: str):
        return psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                               dbname=dbname, autocommit=True)

    with connect(u.database) as conn:
        if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is not None:
            return None
    server = f"pg:{u.host}:{u.port}:{key}"
    built = server not in _built
    if built:
        name = f"template_{os.getpid()}_{next(_names)}"
        with connect("postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        build(u.set(database=name).render_as_string(hide_password=False))
        _built[server] = name
    with connect("postgres") as conn:
        target = sql.Identifier(u.database)
        conn.execute(sql.SQL("DROP DATABASE {}").format(target))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(target, sql.Identifier(_built[server])))
    return "built" if built else "copied"
