"""The caches casework keeps in the user's cache folder (the application's first-page
statements, the bank holidays) are believed only if this account sealed them: each is kept with
an HMAC keyed by a secret in a file only the account can read, apart from the caches. A file
planted by anyone else, or edited, is ignored as if absent, and casework works it out afresh."""

import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path

import platformdirs


def _key_file() -> Path:
    return Path(platformdirs.user_data_dir("casework", appauthor=False)) / "cache.key"


def _key() -> bytes | None:
    """The account's sealing key, made on first use; None where it cannot be kept private."""
    path = _key_file()
    try:
        info = path.stat()
    except FileNotFoundError:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        except FileExistsError:
            pass  # another process made it first
        except OSError:
            return None
        return _key()
    except OSError:
        return None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or info.st_uid != os.getuid():
        return None  # a key others can read or replace seals nothing
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def seal(data) -> str | None:
    """`data` as the text of a sealed cache file, or None if no key can be kept."""
    key = _key()
    if key is None:
        return None
    body = json.dumps(data, sort_keys=True)
    return json.dumps({"hmac": hmac.new(key, body.encode(), hashlib.sha256).hexdigest(), "data": body})


def unseal(text: str):
    """What a sealed cache file holds, or None if it is not one this account sealed."""
    key = _key()
    try:
        kept = json.loads(text)
        body, mac = kept["data"], kept["hmac"]
        if key is None or not isinstance(body, str) or not isinstance(mac, str):
            return None
        if not hmac.compare_digest(hmac.new(key, body.encode(), hashlib.sha256).hexdigest(), mac):
            return None
        return json.loads(body)
    except (ValueError, KeyError, TypeError):
        return None
