"""The keystroke's floor on PostgreSQL: psycopg running exactly the statements the queue ran.

On SQLite bench.tui_queue compiles the queue's statements itself and walks them as the queue
does; on PostgreSQL the queue runs its statements through SQLAlchemy, so here they are taken
as they reach the driver (SQLAlchemy's before_cursor_execute, while the queue builds each
keystroke's page once, untimed) and replayed with their parameters on a psycopg connection of
the floor's own, one transaction per keystroke as the queue reads, each statement prepared
and planned once as the queue's are (db.engine.planned_once). Beside it, the queue service
alone (casework.queue.pages.page, no screen), as on SQLite.
"""

import time

from bench.advance_rows import connect_floor

LOGIN = "mo"


def captured(ws, query) -> list[tuple[str, object]]:
    """The statements, with their parameters, that the queue sends for one page."""
    from sqlalchemy import event

    from casework.queue.pages import page
    from db.engine import planned_once

    sent = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    engine = planned_once(ws.engine)  # the typed text's statements are sent there
    event.listen(engine, "before_cursor_execute", keep)
    try:
        page(ws, LOGIN, query)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return sent


def child_plain_pg(db: str, runs: str, ref: str) -> dict:
    """Each figure's keys as bench.tui_queue types them."""
    from bench.tui_queue import _keys
    from casework.queue.pages import CaseQuery, page
    from casework.workspace import open_workspace

    ws = open_workspace(db)
    conn, _ = connect_floor(db, planned_once=True)
    out = {}
    for name, (typed, notes) in _keys(ref).items():
        queries = [CaseQuery(text=typed[:n], notes=notes) for n in range(1, len(typed) + 1)]
        statements = [captured(ws, q) for q in queries]  # also warms the service's caches
        plain, service = [], []
        for _ in range(int(runs)):
            for sent in statements:
                t = time.perf_counter()
                with conn.transaction():
                    for sql, params in sent:
                        conn.execute(sql, params).fetchall()
                plain.append(time.perf_counter() - t)
            for q in queries:
                t = time.perf_counter()
                page(ws, LOGIN, q)
                service.append(time.perf_counter() - t)
        out[name], out[f"service_{name}"] = plain, service
    return out
