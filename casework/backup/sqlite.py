"""The SQLite side of backup and restore: SQLite's online backup API, in both directions.

The API copies pages under SQLite's own locks, so it never sees half a transaction and
never trips over the -wal and -shm files beside a live database, as copying files would.

An encrypted database (db.cipher) backs up encrypted with its own passphrase: SQLCipher's
backup API copies between two files with the same key. A restore writes the target's own
encryption: the backup's passphrase for a new file, the target's for an existing one.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import NullPool

from casework.backup.bad import BadBackup
from casework.backup.shape import difference, shape
from casework.errors import UserError
from db import cipher, schema
from db.sqlite_write import BUSY_TIMEOUT_MS

SIDECARS = ("-wal", "-shm", "-journal")


def copy_live(source: Path, dest: Path) -> None:
    """One backup step over every page reads the source in a single read transaction: the
    copy is one moment of the database, and in WAL mode writers carry on meanwhile."""
    key = cipher.key_for(source)
    if key is not None:
        cipher.use(dest, key)
    src = cipher.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    dst = cipher.connect(dest)
    try:
        src.backup(dst)
        # The copied header asks for WAL like the live file; a backup should stand alone,
        # one file with no -wal beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def write_into(copy: Path, target: Path) -> None:
    """Replaces the target's contents in one write transaction. Handlers with the target open
    see the old database or the restored one, never a mixture, and SQLite keeps its WAL in
    step; renaming a file over a live database would leave them writing to the old one."""
    created = not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    src = cipher.connect(copy)
    dst = cipher.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(dst)
    except BaseException:
        dst.close()  # before removing what it created
        if created:
            for suffix in ("", *SIDECARS):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        dst.close()
        src.close()


def check_whole(path: Path, shown: str) -> None:
    """The header records how many pages the file had when written; fewer bytes than that
    means a copy that stopped part way. An encrypted file's header is encrypted too: SQLCipher
    checks each page's HMAC as it reads instead."""
    if cipher.encrypted(path):
        return
    with open(path, "rb") as fh:
        header = fh.read(100)
    size = path.stat().st_size
    if len(header) < 100:
        raise BadBackup(f"{shown} is truncated ({size} bytes): not a whole backup")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only trustworthy when the writer also stamped "valid for" with the
    # change counter; every SQLite since 2010 does.
    if pages and header[24:28] == header[92:96] and size < pages * page_size:
        raise BadBackup(
            f"{shown} is truncated ({size:,} of {pages * page_size:,} bytes): not a whole backup"
        )


def open_image(path: Path, shown: str) -> Engine:
    """A plain engine on a file this process owns: none of the live database's pragmas, so
    reading it changes nothing."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool, **cipher.engine_options(path))
    try:
        with engine.connect() as conn:
            problems = [r[0] for r in conn.execute(text("PRAGMA integrity_check(3)"))]
    except DatabaseError as exc:
        engine.dispose()
        raise BadBackup(f"{shown} is damaged ({_first_line(exc)}): not a usable backup") from None
    if problems != ["ok"]:
        engine.dispose()
        raise BadBackup(f"{shown} is damaged ({problems[0]}): not a usable backup")
    return engine


def target_engine(path: Path, shown: str) -> Engine | None:
    """None when there is nothing there yet to lose."""
    if path.is_dir():
        raise UserError(f"{shown} is a directory; name the database file to restore into")
    if not path.exists() and not Path(f"{path}-wal").exists():
        return None
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool, **cipher.engine_options(path))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except DatabaseError:
        engine.dispose()
        raise UserError(
            f"{shown} is not a SQLite database; restoring would overwrite it: "
            "name another file with --db"
        ) from None
    return engine


def same_database(live: Path, out: Path) -> bool:
    """A backup written over the live file, or its journal, would destroy what it copies."""
    out = out.resolve()
    live = live.resolve()
    return out == live or any(out == Path(f"{live}{s}") for s in SIDECARS)


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]


_BUILT: dict[str, bytes] = {}  # revision -> the empty reference database, once per process


def reference(revision: str, scratch: Path) -> Path:
    """An empty database at `revision` as casework's migrations write it, in `scratch`. The
    migrations run once per process and revision; later checks copy what they built."""
    path = scratch / f"reference-{revision}.db"
    if path.exists():
        return path
    if revision not in _BUILT:
        built = scratch / f".building-{revision}.db"
        engine = create_engine(f"sqlite:///{built}", poolclass=NullPool)
        try:
            schema.build_at(engine, revision)
        finally:
            engine.dispose()
        _BUILT[revision] = built.read_bytes()
        built.unlink()
    path.write_bytes(_BUILT[revision])
    return path


def foreign_shape(image: Path, revision: str, scratch: Path) -> str | None:
    """How the backup's tables, indexes, triggers and views differ from casework's, or None."""
    with closing(sqlite3.connect(reference(revision, scratch))) as ours, \
            closing(cipher.connect(image, readonly=True)) as theirs:
        return difference(shape(theirs), shape(ours))


def rebuild(image: Path, revision: str, scratch: Path, passphrase: str | None = None) -> Path:
    """A fresh database at the backup's revision holding the backup's rows and nothing else of
    it: the schema, triggers included, is casework's own, and the search indexes are filled by
    its triggers as the rows go in. With a passphrase the fresh database is encrypted with it
    from its first page: no row of the backup is ever written to disk in the clear."""
    out = scratch / "rebuilt.db"
    if passphrase is None:
        shutil.copyfile(reference(revision, scratch), out)
        conn = cipher.connect(out)
    else:
        cipher.use(out, passphrase)
        conn = cipher.connect(out)
        cipher.attach(conn, reference(revision, scratch), "ours", plain=True)
        conn.execute("SELECT sqlcipher_export('main', 'ours')")
        conn.execute("DETACH DATABASE ours")
    with closing(conn):
        cipher.attach(conn, image, "backup")
        objects = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
        virtual = [name for name, sql in objects if sql.upper().startswith("CREATE VIRTUAL")]
        for name, _ in objects:
            if name == "alembic_version" or any(name == v or name.startswith(f"{v}_") for v in virtual):
                continue
            columns = ", ".join(f'"{c[1]}"' for c in conn.execute(f'PRAGMA main.table_info("{name}")'))
            conn.execute(f'INSERT INTO main."{name}" ({columns}) SELECT {columns} FROM backup."{name}"')
        conn.commit()
        conn.execute("DETACH DATABASE backup")
    return out
