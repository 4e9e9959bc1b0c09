"""The queue's statements run on SQLite straight through its driver, for the pages a person
types for. At 10,000 cases a keystroke's statements take SQLite about 0.3 ms; SQLAlchemy's
session, its handling of each execution and of each row's dates cost as much again, so here
each statement is compiled once and run on a pooled connection's own cursor."""

import sqlite3
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from db import cipher
from db.together import sqlite_sql


class OutOfBudget(Exception):
    pass


@contextmanager
def plain_read(engine):
    """A cursor on one of the engine's pooled connections (configured as every other),
    inside one read transaction, so a page's statements all see the same cases."""
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        cursor.execute("BEGIN")
        try:
            yield cursor
        finally:
            cursor.execute("ROLLBACK")
    finally:
        raw.close()


@lru_cache(maxsize=512)
def compiled(stmt, dialect) -> tuple[str, tuple, dict]:
    """The statement's SQL, its parameters' names in order, and the values it was built with
    (dates as SQLite stores them), as db.together compiles a change's statements; lists in it
    (IN) are written out, as their values are part of what the statement is."""
    sql, names, built = sqlite_sql(stmt, dialect, ())
    return sql, names, {name: v.isoformat() if isinstance(v, date) else v for name, v in built.items()}


def runner(cursor: sqlite3.Cursor, dialect, values: dict):
    """Runs a statement with `values` for the parameters it names (the typed text's), and,
    when given, a LIMIT and OFFSET."""
    def run(stmt, limit=None, offset=0):
        sql, names, kept = compiled(stmt, dialect)
        params = tuple(values[name] if name in values else kept[name] for name in names)
        if limit is not None:
            sql, params = f"{sql} LIMIT ? OFFSET ?", (*params, limit, offset)
        return cursor.execute(sql, params).fetchall()
    return run


@contextmanager
def budget(conn: sqlite3.Connection, thousands: int):
    """Stops the statements run on `conn` inside it once, together, they have taken
    `thousands` thousand steps of SQLite's virtual machine, raising OutOfBudget. SQLite calls
    back every quarter of the allowance, not every thousand steps: each call needs Python's
    lock, and a walk in a worker thread then waited on the screen drawing in the main one."""
    quarter = max(1, min(thousands * 250, 2**31 - 1))
    quarters = 0

    def spend() -> int:
        nonlocal quarters
        quarters += 1
        return quarters >= 4

    conn.set_progress_handler(spend, quarter)
    try:
        yield
    except cipher.errors() as exc:  # sqlite3's, or SQLCipher's for an encrypted database
        if quarters >= 4 and "interrupted" in str(exc):
            raise OutOfBudget from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
