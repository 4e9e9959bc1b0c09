"""New test databases start as copies of one that casework's own migrations built.

Running the thirty migrations costs a tenth of a second on SQLite and a quarter on PostgreSQL,
and most tests want nothing but an empty database at the newest schema: so each test process
builds one such database per backend, by `open_workspace` as any first start does, and every
later empty database is a copy of it (a file copy; PostgreSQL's CREATE DATABASE ... TEMPLATE).
A database that already holds tables is left alone, so the tests of migrations and of `init`
still run the migrations themselves. A copy of the demo council is kept the same way.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from casework.workspace import open_workspace

_built: dict[str, str] = {}  # a template's key -> its SQLite path or PostgreSQL database name


def fill(url: str) -> None:
    """Makes the database at `url` a migrated empty one, if it is new."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        _fill_sqlite(Path(u.database))
    elif u.get_backend_name() == "postgresql":
        _fill_postgres(u)


def copy_sqlite(key: str, path: Path, build) -> bool:
    """Copies the SQLite template `key` to `path`, a file not there yet, building the template
    with `build(url)` the first time: True when this call built it."""
    built = key not in _built
    if built:
        where = Path(tempfile.mkdtemp(prefix="casework-template-")) / f"{key}.db"
        build(f"sqlite:///{where}")
        with closing(sqlite3.connect(where)) as conn:  # all of it in the one file that is copied
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _built[key] = str(where)
    shutil.copyfile(_built[key], path)
    os.chmod(path, 0o600)
    return built


def _migrated(url: str) -> None:
    open_workspace(url).engine.dispose()


def _fill_sqlite(path: Path) -> None:
    from db import cipher

    # A file to be made encrypted (cipher.use) is made by casework itself, as a plain copy is not.
    if not (path.exists() and path.stat().st_size) and cipher.key_for(path) is None:
        copy_sqlite("empty", path, _migrated)


def _fill_postgres(u) -> None:
    import psycopg
    from psycopg import sql

    def connect(dbname: str):
        return psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                               dbname=dbname, autocommit=True)

    with connect(u.database) as conn:
        if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is not None:
            return
    key = f"pg:{u.host}:{u.port}"
    if key not in _built:
        name = f"template_{os.getpid()}"
        with connect("postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        _migrated(u.set(database=name).render_as_string(hide_password=False))
        _built[key] = name
    with connect("postgres") as conn:
        target = sql.Identifier(u.database)
        conn.execute(sql.SQL("DROP DATABASE {}").format(target))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(target, sql.Identifier(_built[key])))
