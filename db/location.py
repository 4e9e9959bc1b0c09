"""Where the database is. Kept apart from the engine so the application's first page can
find its SQLite file without importing SQLAlchemy."""

import os
from pathlib import Path

import platformdirs


class DatabaseUnavailable(Exception):
    """The database named cannot be opened as a casework database."""


def default_url() -> str:
    path = Path(platformdirs.user_data_dir("casework", appauthor=False)) / "casework.db"
    return f"sqlite:///{path}"


def resolve_url(given: str | None = None) -> str:
    """`--db`, then CASEWORK_DB, then the embedded default. A bare path means SQLite."""
    url = given or os.environ.get("CASEWORK_DB") or default_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().absolute()}"
    return url


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL; None for anything else (PostgreSQL, memory,
    URLs with options), which always goes the ordinary way."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url == prefix + ":memory:":
        return None
    return Path(url[len(prefix):])


# What casework writes is its owner's alone (folders 0700, files 0600): the database holds
# confidential health and HR notes. A council whose handlers share an embedded database through a
# group sets this to 1, and the group may read and write too (0770, 0660); others never.
SHARE_ENV = "CASEWORK_SHARE_GROUP"


def sharing_group() -> bool:
    return os.environ.get(SHARE_ENV, "").strip().lower() in ("1", "yes", "true")


def private_mode(folder: bool = False) -> int:
    """The mode of a new file (or folder) casework writes."""
    if folder:
        return 0o770 if sharing_group() else 0o700
    return 0o660 if sharing_group() else 0o600
