"""Where the passphrase of an encrypted database comes from (db.cipher keeps the files).

In order: CASEWORK_DB_PASSPHRASE in the environment (for a script or a service; only the
account itself can read a process's environment), the system keyring (GNOME Keyring, KWallet,
macOS Keychain, Windows Credential Locker, through the keyring package) under the database's
path, and last the person at the terminal. The passphrase is never written to the database,
the audit trail, a file of casework's or a command line.
"""

import getpass
import os
import sys
from pathlib import Path

from casework.errors import UserError
from db import cipher

ENV = "CASEWORK_DB_PASSPHRASE"
SERVICE = "casework"
# A passphrase protects every confidential note of every case: shorter ones fall to guessing.
SHORTEST = 12


def install() -> None:
    """Lets db.cipher ask here for the passphrase of an encrypted file."""
    if cipher.source is None:
        cipher.source = find


def unlock(db: str | None) -> None:
    """Finds an encrypted database's passphrase now, asking at the terminal if need be, so
    that nothing asks later: the application takes the screen once it starts."""
    from db.location import resolve_url, sqlite_file

    install()
    path = sqlite_file(resolve_url(db))
    if path is not None and cipher.encrypted(path):
        cipher.key_for(path)


def find(path: Path) -> str | None:
    if os.environ.get(ENV):
        return os.environ[ENV]
    kept = stored(path)
    if kept:
        return kept
    if _at_terminal():
        return getpass.getpass(f"Passphrase for {path}: ") or None
    return None


def stored(path: Path) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, str(Path(path).resolve()))
    except keyring.errors.KeyringError:
        return None


def store(path: Path, passphrase: str) -> str:
    """Keeps the passphrase in the system keyring; returns the keyring's name."""
    keyring = _keyring()
    if keyring is None or _no_backend(keyring):
        raise UserError("this computer has no system keyring casework can use; give the "
                        f"passphrase in {ENV} or type it when asked")
    try:
        keyring.set_password(SERVICE, str(Path(path).resolve()), passphrase)
    except keyring.errors.KeyringError as exc:
        raise UserError(f"the system keyring refused the passphrase: {exc}") from None
    return type(keyring.get_keyring()).__name__


def forget(path: Path) -> bool:
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.delete_password(SERVICE, str(Path(path).resolve()))
    except keyring.errors.KeyringError:
        return False
    return True


def new_passphrase(path: Path) -> str:
    """The passphrase for a database about to be encrypted: from the environment, or typed
    twice at the terminal."""
    given = os.environ.get(ENV)
    if not given:
        if not _at_terminal():
            raise UserError(f"give the new passphrase in {ENV}, or run this at a terminal to "
                            "type it")
        given = getpass.getpass(f"New passphrase for {path}: ")
        if given != getpass.getpass("The same passphrase again: "):
            raise UserError("the two passphrases differ; nothing was encrypted")
    if len(given) < SHORTEST:
        raise UserError(f"the passphrase has {len(given)} characters; use at least {SHORTEST} "
                        "(a few unrelated words are easy to remember and hard to guess)")
    return given


def _at_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _keyring():
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None
    return keyring


def _no_backend(keyring) -> bool:
    """No keyring, or only one that keeps secrets in a plain file (keyring rates those below
    1), which the user must have chosen by name (PYTHON_KEYRING_BACKEND) to be used."""
    from keyring.backends import fail

    chosen = keyring.get_keyring()
    if isinstance(chosen, fail.Keyring):
        return True
    return not os.environ.get("PYTHON_KEYRING_BACKEND") and chosen.priority < 1
