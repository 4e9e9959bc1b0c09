"""Where the database is. Kept apart from the engine so the application's first page can
find its SQLite file without importing SQLAlchemy."""

import os
from pathlib import Path

import platformdirs


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
