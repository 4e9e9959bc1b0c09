"""Bring a database to the current schema. Every command calls it on start; the common case
(already current) costs one query and no Alembic import."""

from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, ProgrammingError

from db.engine import DatabaseUnavailable

# The newest revision in db/migrations/versions; a test keeps the two in step.
HEAD = "0032"
MIGRATIONS = Path(__file__).parent / "migrations"


class NewerSchema(DatabaseUnavailable):
    """A database a newer casework has upgraded: this one does not know its schema."""


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if _not_a_database(exc):
            raise _unreadable(engine) from None
        if "no such table" in str(exc) or "does not exist" in str(exc):
            return None
        raise DatabaseUnavailable(_first_line(exc)) from None
    except DatabaseError:
        raise _unreadable(engine) from None


def upgrade(engine: Engine) -> bool:
    """Returns True when it changed the schema. A database at a revision this casework does not
    have is refused (NewerSchema) and left as it is."""
    found = current_revision(engine)
    if found == HEAD:
        return False
    if found is not None and found not in _known_revisions():
        raise NewerSchema(_newer_message(engine, found))
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        _migrate(engine, cfg)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise DatabaseUnavailable(
                f"this database is at schema {found or 'none'} and this casework needs {HEAD}; "
                "a handler's login may not upgrade it: ask its administrator to run "
                "`casework init` as the schema owner") from None
        raise
    return True


def _migrate(engine: Engine, cfg) -> None:
    from alembic import command

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if conn.dialect.name == "postgresql":
            from db.privileges import regrant

            regrant(conn)
        conn.execute(text("DELETE FROM schema_release WHERE revision = :r"), {"r": HEAD})
        conn.execute(text("INSERT INTO schema_release (revision, release, upgraded_at) "
                          "VALUES (:r, :v, :t)"),
                     {"r": HEAD, "v": release(), "t": datetime.now(UTC).isoformat(timespec="seconds")})


def build_at(engine: Engine, revision: str) -> None:
    """An empty database at `revision`, exactly as casework's migrations write it: what a
    restore compares a backup with, and copies its rows into."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def release() -> str:
    """This casework's release, from its installed metadata (db never imports casework)."""
    try:
        return version("casework")
    except PackageNotFoundError:
        return "unknown"


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def _newer_message(engine: Engine, found: str) -> str:
    try:
        with engine.connect() as conn:
            writer = conn.execute(text("SELECT release FROM schema_release WHERE revision = :r"),
                                  {"r": found}).scalar()
    except (OperationalError, ProgrammingError):
        writer = None
    who = f"casework {writer}" if writer else "a newer casework"
    return (f"this database was written by {who} (schema {found}); this is casework {release()} "
            f"(schema {HEAD}): upgrade casework to open it")


def _not_a_database(exc: Exception) -> bool:
    return "not a database" in str(exc) or "file is encrypted" in str(exc)


def _unreadable(engine: Engine) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"{engine.url.database} is not a casework database (not SQLite); "
        "name another file with --db or move this one away"
    )


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]
