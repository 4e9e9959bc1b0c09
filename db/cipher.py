"""Encryption at rest for the embedded database, with SQLCipher (the sqlcipher3 package).

An encrypted file is told apart by its first bytes: every plain SQLite file begins with the
same sixteen, and SQLCipher's begin with a random salt. Every connection casework opens on a
database file goes through `connect` here, so a file encrypted once is opened with its key
everywhere: the application, backup, restore and the first page alike.

The key is a passphrase; SQLCipher derives the page key from it (PBKDF2, 256,000 rounds) each
time a connection opens. Where the passphrase comes from (the environment, the system keyring,
a prompt) is casework's business: it registers a `source` here; this module never asks.
"""

import os
import sqlite3
from pathlib import Path
from typing import Callable

from db import derived
from db.header import first_bytes
from db.location import DatabaseUnavailable, private_mode

MAGIC = b"SQLite format 3\x00"

INSTALL = "encryption at rest is not installed: pip install 'casework[encryption]'"


class CipherRefused(DatabaseUnavailable):
    """An encrypted database could not be opened: no key, the wrong key, or no SQLCipher."""


# Passphrases known in this process, by resolved file: given for a new file, or found once.
_keys: dict[Path, str] = {}
# Asked for the passphrase of an encrypted file this process has no key for; None when
# nobody can say (no terminal, nothing stored).
source: Callable[[Path], str | None] | None = None


def module():
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise CipherRefused(INSTALL) from None
    return dbapi2


def errors() -> tuple[type[Exception], ...]:
    """What a connection of either kind raises for a database fault."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi2.Error)


# SQLCipher's page, which casework never changes: an encrypted file is whole pages of it.
PAGE = 4096


def faults(path: Path) -> tuple[type[Exception], ...]:
    """What opening and using the file at `path` may raise: SQLCipher's refusals too for an
    encrypted one (importing SQLCipher only then)."""
    return (*errors(), CipherRefused) if encrypted(path) else (sqlite3.Error,)


def encrypted(path: Path) -> bool:
    """Whole pages of what looks random; a file of any other length, or that begins as plain
    SQLite, is not SQLCipher's."""
    try:
        head, size = first_bytes(path, len(MAGIC))  # not open(): db.header says why
    except OSError:
        return False
    return size >= PAGE and size % PAGE == 0 and head != MAGIC


def use(path: Path, passphrase: str) -> None:
    """Encrypt `path` with `passphrase` when it is created, or open it with it."""
    _keys[Path(path).resolve()] = passphrase


def forget(path: Path) -> None:
    _keys.pop(Path(path).resolve(), None)


def key_for(path: Path) -> str | None:
    """The passphrase for `path`: None for a plain file; refused when it is encrypted and no
    passphrase can be found."""
    path = Path(path).resolve()
    if path in _keys:
        return _keys[path]
    if not encrypted(path):
        return None
    found = source(path) if source is not None else None
    if not found:
        raise CipherRefused(
            f"{path} is encrypted: give its passphrase in CASEWORK_DB_PASSPHRASE, keep it in the "
            "system keyring (casework key store), or run casework at a terminal to be asked")
    _keys[path] = found
    derived.prefetch(path, found)  # the page key, while the caller carries on
    return found


def connect(path: Path, passphrase: str | None = None, readonly: bool = False, **kwargs):
    """A DB-API connection on `path`: plain sqlite3 for a plain file, SQLCipher with its key
    for an encrypted one (or with `passphrase`, which makes a new file encrypted)."""
    key = passphrase if passphrase is not None else key_for(path)
    name = f"file:{path}?mode=ro" if readonly else str(path)
    if readonly:
        kwargs["uri"] = True
    if key is None:
        return sqlite3.connect(name, **kwargs)
    dbapi = module()
    raw = derived.raw_key(path, key) if encrypted(path) else None
    for pragma in ([raw] if raw else []) + [_quoted(key)]:
        conn = dbapi.connect(name, **kwargs)
        try:
            # The key must be the first statement on the connection; a bound parameter is not
            # accepted by PRAGMA, so the passphrase is quoted as an SQL string.
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is said once, below
            conn.execute(f"PRAGMA key = {pragma}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi.DatabaseError:
            conn.close()
            continue
        return conn
    raise CipherRefused(f"{path} did not open with the passphrase given: it is the wrong "
                        "passphrase, or the file is not a casework database")


def attach(conn, path: Path, alias: str, plain: bool = False) -> None:
    """ATTACH `path` to `conn`, read-only, with its own key (an empty one for a plain file
    on an encrypted connection, as SQLCipher takes it)."""
    key = None if plain else key_for(path)
    if key is None and isinstance(conn, sqlite3.Connection):
        conn.execute(f"ATTACH DATABASE ? AS {alias}", (f"file:{path}?mode=ro",))
        return
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY {_quoted(key or '')}", (str(path),))


def encrypt_copy(source: Path, dest: Path, passphrase: str) -> None:
    """Writes an encrypted copy of the plain database `source` to the new file `dest`, with
    SQLCipher's own export (schema, rows, indexes and triggers alike)."""
    conn = module().connect(str(source))
    try:
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {_quoted(passphrase)}", (str(dest),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()


def engine_options(path: Path, passphrase: str | None = None) -> dict:
    """create_engine's arguments for an encrypted file, or {} for a plain one."""
    key = passphrase if passphrase is not None else key_for(path)
    if key is None:
        return {}
    dbapi = module()
    use(path, key)
    return {"module": dbapi,
            "creator": lambda: connect(path, key, timeout=15, check_same_thread=False)}


def make_private(path: Path) -> None:
    """A new file made with casework's private mode before SQLite makes it as the umask allows."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private_mode()))
    except FileExistsError:
        pass


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
