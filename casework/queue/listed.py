"""`casework list` without SQLAlchemy, on SQLite or a shared PostgreSQL database.

A council's script calls `casework list --json` in a fresh process each time, and importing
SQLAlchemy, SQLModel and the models cost about two thirds of each call. The list's statement
depends only on the code, on who is looking and on the filters named (and on the day, for
overdue cases), so once the ordinary way has answered, SQLAlchemy's own text of it is kept
(casework.queue.kept) and later calls run it with plain sqlite3, or with psycopg alone on
PostgreSQL, where the server's row policies apply as to any read of that login. A search or a handler named
goes the ordinary way each time: a search's statements change with its text, and a handler
named must exist.
"""

from datetime import date

from casework.clock import council_today
from casework.profile.working_days import calendar_for
from casework.queue import kept
from casework.queue.query import CaseQuery, known_stage
from casework.queue.rows import as_dicts
from db.location import resolve_url, sqlite_file

MARK = "list"


def list_query(state: str | None = None, overdue: bool = False, route: str | None = None,
               include_ended: bool = False) -> CaseQuery:
    """The queue query of `casework list` with these filters, newest first."""
    if state is not None:
        state = known_stage(state, route)
    return CaseQuery(state=state, route=route, overdue=overdue, include_ended=include_ended,
                     sort="received", descending=True)


def _names(query: CaseQuery, today: date) -> tuple[str, ...]:
    # The day is part of a statement only where overdue cases are asked for.
    return (MARK, query.state or "", query.route or "", "overdue" if query.overdue else "",
            "ended too" if query.include_ended else "", today.isoformat() if query.overdue else "")


def listed(db: str | None, profile: str | None, login: str, query: CaseQuery) -> list[dict] | None:
    """The cases `casework list` shows for `query`, read with plain sqlite3, or None to go the
    ordinary way (nothing kept yet, PostgreSQL, an anchor log to check, ...)."""
    today = council_today()

    def read(reading: kept.Reading):
        sql = reading.statements(*_names(query, today))
        if not isinstance(sql, str):
            return None
        rows = reading.conn.execute(sql).fetchall()
        return as_dicts(calendar_for(reading.profile.calendar), rows, today)

    return kept.read_kept(db, profile, login, read)


def listed_shared(db: str | None, profile: str | None, asked: str, explicit: bool,
                  query: CaseQuery) -> tuple[list[dict], str] | None:
    """On PostgreSQL, the cases `casework list` shows for `query` and the login acting, read
    with psycopg alone, connected and acting as the ordinary way would
    (casework.queue.first_page_pg.read_as), or None to go the ordinary way."""
    from casework.queue.first_page_pg import read_for_command

    today, place = council_today(), shared_place(resolve_url(db))

    def read(conn, me, prof):
        uid, login, _, role, person_id, _ = me
        sql = kept.kept_for(place, {"id": uid, "role": role, "person_id": person_id}, *_names(query, today))
        if not isinstance(sql, str):
            return None
        # One statement (psycopg's protocol takes no more), in a transaction that only reads
        # (the connection's default, first_page_pg.OPTIONS), as the login the server knows.
        return as_dicts(calendar_for(prof.calendar), conn.execute(sql).fetchall(), today), login

    return read_for_command(db, profile, asked, explicit, read)


def shared_place(url: str) -> str:
    """A shared database as the kept statements name it: where it is and who connects, never
    the password."""
    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict("postgresql://" + url.partition("://")[2])
    given.pop("password", None)
    return "postgresql:" + " ".join(f"{k}={v}" for k, v in sorted(given.items()))


def remember(ws, login: str, query: CaseQuery) -> None:
    """Keeps the statement that answered `query` for this user, for the next call."""
    url = ws.engine.url.render_as_string(hide_password=False)
    path = shared_place(url) if url.startswith("postgresql") else sqlite_file(url)
    if path is None:
        return
    from casework.queue.written import list_sql

    today = ws.today().isoformat()
    sql, user = list_sql(ws, login, query)

    def stale(key: str) -> bool:  # an overdue list kept for another day
        parts = key.split("|")
        return MARK in parts and parts[-1] not in ("", today)

    kept.keep(path, user, sql, *_names(query, ws.today()), stale=stale)
