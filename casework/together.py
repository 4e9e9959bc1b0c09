"""Reads that do not depend on one another, sent to the server as one statement.

What one wait on the server costs is what a person feels through a network (bench.round_trips):
a case opened or a keystroke's page should wait once, not once per statement. So on
PostgreSQL the statements, each written with SQLAlchemy as everywhere else, become the columns
of one row: each statement's rows gathered as a JSON array of arrays (json_agg), in the order
the statement gives them. psycopg's pipeline was tried first: it sends each statement as soon
as it is executed and the pipeline's end (its Sync) last, so a page large enough to fill the
server's buffer began to come back before that end had gone: a second wait on the wire, as
bench.round_trips counts them. Elsewhere (SQLite, in the same process) a
wait costs nothing and JSON would be work for nothing: the statements run one by one.

Either way the rows read alike: by place or by column name, dates as dates. Each statement
reads as it would alone, on the caller's connection and login role, so PostgreSQL's row-level
security applies as ever.
"""

from collections import namedtuple
from datetime import date
from functools import lru_cache

from sqlalchemy import JSON, Date, func, select


def read_together(conn, statements: tuple, values: dict) -> list[list]:
    """Each statement's rows, in order. `values` fills the parameters a statement names
    (bindparam without a value); the rest keep the values they were built with. Statements
    are best kept (built once): their one statement is built once for each tuple of them."""
    if conn.dialect.name != "postgresql":
        return [conn.execute(stmt, values).all() for stmt in statements]
    found = conn.execute(_one(statements), values).one()
    return [[shape(row) for row in rows or ()] for shape, rows in zip(_shapes(statements), found)]


@lru_cache(maxsize=256)
def _one(statements: tuple):
    return select(*(_gathered(stmt).label(f"r{n}") for n, stmt in enumerate(statements)))


def _gathered(stmt):
    """The statement's rows as one JSON value. The aggregate reads a subquery that sorts and
    nothing else, so it takes the rows in that order (as PostgreSQL's documentation of
    aggregates says); arrays, not objects, so columns of the same name stay apart."""
    rows = stmt.subquery("rows")
    return select(func.json_agg(func.json_build_array(*rows.c), type_=JSON)).scalar_subquery()


@lru_cache(maxsize=256)
def _shapes(statements: tuple) -> list:
    return [_shape(stmt) for stmt in statements]


def _shape(stmt):
    """Turns one JSON array back into the row SQLAlchemy would have given: JSON has no dates."""
    columns = list(stmt.selected_columns)
    row = namedtuple("Row", [c.key for c in columns], rename=True)
    dated = [n for n, c in enumerate(columns) if isinstance(c.type, Date)]

    def shape(values: list):
        for n in dated:
            if values[n] is not None:
                values[n] = date.fromisoformat(values[n])
        return row(*values)
    return shape
