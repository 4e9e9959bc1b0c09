"""On PostgreSQL, trigram indexes (pg_trgm) of the text the queue's search reads: references,
summaries, the register's names and ordinary notes' text. `ILIKE '%text%'` over them is answered
from the index instead of by reading every row (casework.queue.pages; SQLite has its own, FTS5
tables of migrations 0006 and 0009).

pg_trgm ships with PostgreSQL and is a trusted extension since PostgreSQL 13: whoever may create
objects in the database (the schema owner, who runs upgrades) may create it. The names here are
also what a backup's archive may hold beyond the tables (casework.backup.archive).
"""

from db.location import DatabaseUnavailable

EXTENSION = "pg_trgm"
SINCE = "0032"  # the revision that creates them

# index -> (table, column, which rows). Only ordinary notes are searched, so only they are indexed.
INDEXES = {
    "ix_case_file_ref_trgm": ("case_file", "ref", None),
    "ix_case_file_summary_trgm": ("case_file", "summary", None),
    "ix_person_name_trgm": ("person", "name", None),
    "ix_note_text_trgm": ("note", "text", "confidential IS false"),
}


def install(conn) -> None:
    """Creates the extension where missing, then the indexes, in the caller's transaction."""
    have = conn.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = %s", (EXTENSION,)).scalar()
    if have is None:
        if not conn.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = %s", (EXTENSION,)).scalar():
            raise DatabaseUnavailable(
                f"upgrading to schema {SINCE} needs PostgreSQL's {EXTENSION} extension, which this server "
                "lacks: install PostgreSQL's contrib modules on it (Debian and Ubuntu ship them with "
                "the server; Red Hat: postgresql-contrib), then upgrade again")
        may_create = conn.exec_driver_sql("SELECT has_database_privilege(current_database(), 'CREATE')").scalar()
        if not may_create and _owns_schema(conn):
            raise DatabaseUnavailable(
                f"upgrading to schema {SINCE} creates PostgreSQL's {EXTENSION} extension, which "
                f"{conn.exec_driver_sql('SELECT current_user').scalar()} may not create here: grant it "
                "CREATE on the database, or have a superuser run CREATE EXTENSION pg_trgm, then upgrade again")
        conn.exec_driver_sql(f"CREATE EXTENSION {EXTENSION}")
        have = conn.exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = %s", (EXTENSION,)).scalar()
    # Named with its schema: an extension a superuser installed elsewhere need not be on the path.
    ops = f"{have}.gin_trgm_ops"
    for name, (table, column, where) in INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} {ops})"
                             + (f" WHERE {where}" if where else ""))


def _owns_schema(conn) -> bool:
    """Whether this login owns casework's tables, or there are none yet. Anyone else (a
    handler's login) is refused by the server below, as any upgrade by a handler is, and told
    to have the schema owner run it (db.schema.upgrade), not to be granted more."""
    return conn.exec_driver_sql(
        "SELECT coalesce((SELECT pg_get_userbyid(relowner) FROM pg_class "
        "WHERE oid = to_regclass('alembic_version')), current_user) = current_user").scalar()


def remove(conn) -> None:
    """Drops the indexes. The extension stays: it may have been there before, for something
    else in the database."""
    for name in INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
