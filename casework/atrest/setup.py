"""Turning encryption on for a new embedded database, and keeping its passphrase."""

from pathlib import Path

from casework.atrest import passphrase
from casework.errors import UserError
from db import cipher
from db.location import resolve_url, sqlite_file


def _file(db: str | None, what: str) -> Path:
    path = sqlite_file(resolve_url(db))
    if path is None:
        raise UserError(f"{what} is for the embedded database file; a PostgreSQL server's data is "
                        "encrypted by the server's own disk encryption")
    return path


def prepare_encrypted(db: str | None) -> Path:
    """Registers a new passphrase for a database file that does not exist yet (or is empty), so
    the engine creates it encrypted. An existing plain database is never rewritten in place:
    other handlers may have it open."""
    path = _file(db, "--encrypt")
    if path.is_file() and path.stat().st_size:
        if cipher.encrypted(path):
            raise UserError(f"{path} is already encrypted; run casework init without --encrypt")
        raise UserError(
            f"{path} already holds a plain database; to encrypt it, back it up and restore the "
            "backup into a new file: casework backup --out B.db, then casework --db NEW.db "
            "restore B.db --encrypt")
    passphrase.install()
    cipher.use(path, passphrase.new_passphrase(path))
    return path


def store_key(db: str | None) -> str:
    path = _file(db, "casework key")
    if not cipher.encrypted(path):
        raise UserError(f"{path} is not encrypted; it has no passphrase to keep")
    passphrase.install()
    # Opened with it first: a mistyped passphrase is refused, not kept.
    key = cipher.key_for(path)
    cipher.connect(path, key).close()
    where = passphrase.store(path, key)
    return f"the passphrase of {path} is kept in the system keyring ({where})"


def forget_key(db: str | None) -> str:
    path = _file(db, "casework key")
    if passphrase.forget(path):
        return f"the passphrase of {path} is no longer kept in the system keyring"
    return f"the system keyring held no passphrase for {path}"
