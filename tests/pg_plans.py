"""A statement's plan as PostgreSQL runs it in the queue's sessions (db.engine.planned_once):
prepared, and planned once for any value of its parameters. EXPLAIN of a statement with its
values bound plans it for those values, which is not the plan that runs there."""

import re
from itertools import count

from psycopg import sql as sql_

ANALYZED = "(ANALYZE, COSTS off, TIMING off)"
_NAMES = count()


def generic_plan(conn, statement, values: dict, how: str = "") -> list[str]:
    """The plan's lines, run (`how` ANALYZED) or not, in `conn`'s transaction (a SQLAlchemy
    connection), under its settings of the moment: the statement prepared with the types
    psycopg gives its parameters, then explained as that prepared statement with the values."""
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    given = {**compiled.params, **values}
    text = str(compiled)
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    raw = conn.connection.dbapi_connection
    # psycopg's own preparing tells the types it sends; its plan is kept under the settings of
    # its first use, so the statement is prepared again here, afresh.
    raw.execute(text, given, prepare=True).fetchall()
    types = raw.execute("SELECT parameter_types FROM pg_prepared_statements WHERE NOT from_sql "
                        "ORDER BY prepare_time DESC LIMIT 1").fetchone()[0]
    # psycopg numbers the parameters in the order they first appear, a name used twice once.
    order = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", text)))
    assert len(order) == len(types), (order, types)
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${order.index(m.group(1)) + 1}", text).replace("%%", "%")
    name = sql_.Identifier(f"generic_{next(_NAMES)}")
    typed = sql_.SQL("({})").format(sql_.SQL(", ").join(sql_.SQL(t) for t in types)) if types else sql_.SQL("")
    raw.execute(sql_.SQL("PREPARE {}{} AS ").format(name, typed) + sql_.SQL(numbered))
    try:
        # Written into EXECUTE: a parameter of EXPLAIN's own would have no type the server could tell.
        args = sql_.SQL(", ").join(sql_.Literal(given[n]) for n in order)
        execute = sql_.SQL("EXECUTE {}({})").format(name, args) if order else sql_.SQL("EXECUTE {}").format(name)
        return [r[0] for r in raw.execute(sql_.SQL(f"EXPLAIN {how} ") + execute)]
    finally:
        raw.execute(sql_.SQL("DEALLOCATE {}").format(name))
