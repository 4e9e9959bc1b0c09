"""Bring a database to the current schema. Every command calls it on start; the common case
(already current) costs one query and no Alembic import."""

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from db.engine import DatabaseUnavailable

# The newest revision in db/migrations/versions; a test keeps the two in step.
HEAD = "0009"
MIGRATIONS = Path(__file__).parent / "migrations"


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
    """Returns True when it changed the schema."""
    if current_revision(engine) == HEAD:
        return False
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def _not_a_database(exc: Exception) -> bool:
    return "not a database" in str(exc) or "file is encrypted" in str(exc)


def _unreadable(engine: Engine) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"{engine.url.database} is not a casework database (not SQLite); "
        "name another file with --db or move this one away"
    )


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]
