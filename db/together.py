"""Several statements run as one: on PostgreSQL sent as one psycopg pipeline, so the client
waits on the server once for them all (bench.round_trips); on SQLite one after another on the
same connection, where a statement costs microseconds and no wait.

`plainly` runs them on SQLite straight on the driver's cursor, each compiled once, for what a
change to a case reads and writes many times a day: SQLAlchemy's handling of each execution
cost more than the statement itself, and the writes are made holding the write lock every
other handler waits for (bench.handlers). Its rows are as the driver gives them: a date is
SQLite's text."""

from datetime import date
from functools import lru_cache


def _on_pg(stmt, dialect, values: dict) -> tuple[str, dict]:
    """As pg_sql; a statement given as SQL text (a change's own BEGIN) as it is."""
    return (stmt, {}) if isinstance(stmt, str) else pg_sql(stmt, dialect, tuple(sorted(values)))


@lru_cache(maxsize=256)
def pg_sql(stmt, dialect, keys: tuple) -> tuple[str, dict]:
    """A Core statement as psycopg takes it, for values of `keys` (an INSERT's or UPDATE's
    columns are those given, as SQLAlchemy compiles it), and the values it was built with
    (lists in it, IN, written out): compiled once, as the statements here are the
    module-level ones of the changes made many times a day."""
    done = stmt.compile(dialect=dialect, column_keys=list(keys))
    # The values given at each run stand empty while the lists are written out.
    given_later = {name: None for name, bind in done.binds.items() if bind.required}
    expanded = done.construct_expanded_state(given_later)
    return expanded.statement, dict(expanded.parameters)


def results(cursor) -> list | int:
    return cursor.fetchall() if cursor.description is not None else cursor.rowcount


def queue(driver, statements, dialect) -> list:
    """Sends each (statement, values) on `driver`, a psycopg connection in pipeline mode; the
    cursors, to be read once the pipeline is synced."""
    from psycopg.rows import namedtuple_row

    cursors = []
    for stmt, values in statements:
        sql, kept = _on_pg(stmt, dialect, values)
        cursor = driver.cursor(row_factory=namedtuple_row)
        cursor.execute(sql, {**kept, **values})
        cursors.append(cursor)
    return cursors


def together(conn, statements) -> list:
    """Each statement's rows, or the count of rows it changed, for a list of (Core statement,
    values) on a SQLAlchemy connection."""
    if conn.dialect.name != "postgresql":
        out = []
        for stmt, values in statements:
            result = conn.execute(stmt, values)
            out.append(result.all() if result.returns_rows else result.rowcount)
        return out
    import psycopg
    from sqlalchemy.exc import DBAPIError

    driver = conn.connection.driver_connection
    try:
        with driver.pipeline():
            cursors = queue(driver, statements, conn.dialect)
        return [results(cursor) for cursor in cursors]
    except psycopg.Error as exc:
        # As SQLAlchemy would have raised it: a lock timeout is retried as busy.
        first, values = statements[0]
        sql = _on_pg(first, conn.dialect, values)[0]
        raise DBAPIError.instance(sql, values, exc, psycopg.Error) from exc


@lru_cache(maxsize=256)
def sqlite_sql(stmt, dialect, keys: tuple) -> tuple[str, tuple, dict]:
    """As pg_sql, for SQLite: the SQL, its parameters' names in order, the values built in."""
    done = stmt.compile(dialect=dialect, column_keys=list(keys))
    expanded = done.construct_expanded_state({name: None for name, bind in done.binds.items()
                                              if bind.required})
    return expanded.statement, tuple(expanded.positiontup), dict(expanded.parameters)


def _stored(value):
    # As SQLAlchemy's Date writes a date on SQLite; booleans, numbers and text as they are.
    return value.isoformat() if isinstance(value, date) else value


def plainly(conn, statements) -> list:
    """As `together`, on SQLite straight on the driver's cursor, in the connection's
    transaction; rows as plain tuples (named ones on PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        return together(conn, statements)
    cursor = conn.connection.driver_connection.cursor()
    out = []
    try:
        for stmt, values in statements:
            sql, names, kept = sqlite_sql(stmt, conn.dialect, tuple(sorted(values)))
            cursor.execute(sql, tuple(_stored(values[n] if n in values else kept[n]) for n in names))
            out.append(cursor.fetchall() if cursor.description is not None else cursor.rowcount)
    finally:
        cursor.close()
    return out
