"""Which passphrase, if any, a restore of an embedded database opens the backup with and
encrypts the restored database with (db.cipher)."""

from pathlib import Path

from casework.atrest import passphrase as phrases
from casework.errors import UserError
from db import cipher


def restored_key(backup: Path, copy: Path, target: Path, shown: str, encrypt: bool) -> str | None:
    """Registers the backup copy's passphrase and returns the restored database's: the
    target's own when it exists, else the backup's, else a new one asked for by --encrypt.
    A restore never leaves an encrypted backup's rows in a plain file."""
    exists = target.is_file() and target.stat().st_size > 0
    target_key = cipher.key_for(target) if exists else None
    backup_key = None
    if cipher.encrypted(copy):
        backup_key = _backup_key(backup, copy, target_key)
        cipher.use(copy, backup_key)
        if exists and target_key is None:
            raise UserError(f"{shown} is encrypted but {target} is not; restore it into a new file "
                            "(--db NEW.db) so that its cases stay encrypted")
    if exists:
        if encrypt and target_key is None:
            raise UserError(f"{target} already holds a plain database; --encrypt restores into a "
                            "new file (--db NEW.db)")
        if target_key is not None:
            cipher.use(target, target_key)
        return target_key
    key = backup_key
    if key is None and encrypt:
        key = phrases.new_passphrase(target)
    if key is not None:
        cipher.use(target, key)
    return key


def _backup_key(backup: Path, copy: Path, target_key: str | None) -> str:
    """The target's passphrase first, as a council's backups mostly share it; then wherever
    casework looks for a passphrase, asking for the backup's own."""
    if target_key is not None and _opens(copy, target_key):
        return target_key
    key = cipher.key_for(backup)
    if not _opens(copy, key):
        raise UserError(f"{backup} did not open with the passphrase given: it is the wrong "
                        "passphrase, or the file is not a casework backup")
    return key


def _opens(path: Path, key: str) -> bool:
    try:
        cipher.connect(path, key).close()
    except cipher.CipherRefused:
        return False
    return True
