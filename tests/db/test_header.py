"""Looking at a database's header (is it encrypted, its salt) while this process has the database
open must not let go of SQLite's locks: another process closing the database would then take
itself for the last one and delete the WAL under this one (db.header)."""

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from db import cipher
from db.engine import make_engine

PASS = "correct horse battery staple"

# Another process: opens the database, writes, closes; with SQLCipher's driver for an encrypted one.
OTHER = """
import sys
path, key, value = sys.argv[1], sys.argv[2], sys.argv[3]
if key:
    from sqlcipher3 import dbapi2 as driver
else:
    import sqlite3 as driver
conn = driver.connect(path)
if key:
    conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
conn.execute("INSERT INTO probe VALUES (?)", (value,))
conn.commit()
conn.close()
"""


def _other_process_writes(path: Path, key: str, value: str) -> None:
    subprocess.run([sys.executable, "-c", OTHER, str(path), key, value], check=True)


def _engine_with_probe(path: Path):
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE probe (value TEXT)"))
    return engine


def _sees(engine, value: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM probe WHERE value = :v"), {"v": value}).scalar() == 1


def _held_open_while_looking(engine, path: Path, key: str) -> None:
    """One connection held open (as the application's threads hold theirs) while the header is
    looked at again, a second connection opened, and another process writes and closes."""
    with engine.connect() as held:
        held.execute(text("SELECT count(*) FROM probe")).scalar()
        for _ in range(3):
            cipher.encrypted(path)
        with engine.connect() as second:  # an encrypted database's reads its header again
            second.execute(text("SELECT 1")).scalar()
        _other_process_writes(path, key, "from the other process")
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
        assert _sees(engine, "from the other process")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO probe VALUES ('ours, after')"))
    _other_process_writes(path, key, "and theirs")
    assert _sees(engine, "ours, after") and _sees(engine, "and theirs")


def test_a_plain_database_keeps_its_locks_while_its_header_is_read(tmp_path):
    path = tmp_path / "plain.db"
    engine = _engine_with_probe(path)
    try:
        assert not cipher.encrypted(path)
        _held_open_while_looking(engine, path, "")
    finally:
        engine.dispose()


def test_an_encrypted_database_keeps_its_locks_while_each_connection_reads_its_header(tmp_path):
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "encrypted.db"
    cipher.use(path, PASS)
    try:
        engine = _engine_with_probe(path)
        try:
            assert cipher.encrypted(path)
            _held_open_while_looking(engine, path, PASS)
        finally:
            engine.dispose()
    finally:
        cipher.forget(path)
