"""An encrypted file's page key, derived once per process.

SQLCipher derives the page key from the passphrase every time a connection opens
(PBKDF2-HMAC-SHA512, 256,000 rounds: about 0.13 s on the machines we measure on), and the
application opens several. casework derives it once, with the same function from the standard
library, and opens each connection with the raw key and the file's salt (SQLCipher's documented
"raw key with explicit salt" form). The derivation starts in a thread as soon as the passphrase
is known, so it runs while the application loads. Should a SQLCipher release change its
defaults, the raw key fails to open the file and the passphrase is used as before.
"""

import hashlib
import threading
from pathlib import Path

from db.header import first_bytes

ROUNDS = 256_000  # SQLCipher 4's kdf_iter
KEY_BYTES = 32
SALT_BYTES = 16  # the first bytes of an encrypted file

_done: dict[tuple, str] = {}
_busy: dict[tuple, threading.Lock] = {}
_guard = threading.Lock()


def raw_key(path: Path, passphrase: str) -> str | None:
    """The key as SQLCipher's PRAGMA key takes it raw ("x'...'"), or None for a file too short
    to hold a salt (a new one, which SQLCipher salts itself)."""
    try:
        salt, _ = first_bytes(path, SALT_BYTES)  # not open(): db.header says why
    except OSError:
        return None
    if len(salt) < SALT_BYTES:
        return None
    key = (str(Path(path).resolve()), passphrase, salt)
    with _guard:
        if key in _done:
            return _done[key]
        lock = _busy.setdefault(key, threading.Lock())
    with lock:  # a second caller waits for the first one's derivation instead of repeating it
        if key not in _done:
            derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, ROUNDS, KEY_BYTES)
            _done[key] = f"\"x'{derived.hex()}{salt.hex()}'\""
    return _done[key]


def prefetch(path: Path, passphrase: str) -> None:
    """Starts deriving in a thread (hashlib lets go of the interpreter while it works)."""
    threading.Thread(target=raw_key, args=(path, passphrase), daemon=True,
                     name="casework-key").start()


def forget() -> None:
    with _guard:
        _done.clear()
        _busy.clear()
