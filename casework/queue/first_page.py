"""The application's first page without SQLAlchemy.

Importing SQLAlchemy and SQLModel costs more than importing Textual, so an application that
needs them before it can show anything starts at about twice the time of a bare Textual
app. The queue's first page does not need them: its statements depend only on the code and
on who is looking, so the application keeps them (casework.queue.kept), written out by
SQLAlchemy itself (casework.queue.pages.first_page_sql), and on the next start runs them with
plain sqlite3 while the rest loads behind the painted page. Whenever anything is not as
expected `peek` returns None and the application starts the ordinary way, which reports any
fault.
"""

from dataclasses import dataclass
from datetime import date

from casework.clock import council_today
from casework.profile.working_days import calendar_for
from casework.queue import kept
from casework.queue.rows import as_dicts
from casework.workflow.roles import ROLE_TITLES
from db.location import sqlite_file

PAGE = 100


@dataclass
class FirstPage:
    me: dict  # as casework.people.directory.whoami gives it
    council: str
    rows: list[dict]


def peek(db: str | None, profile: str | None, login: str) -> FirstPage | None:
    """The first page for `login`, read with plain sqlite3, or None to start the ordinary way."""
    return kept.read_kept(db, profile, login, _read)


def _read(reading: kept.Reading) -> FirstPage | None:
    sql = reading.statements()
    if not sql or len(sql) != 2:
        return None
    new, rest = sql
    conn = reading.conn
    # One snapshot for both, as the ordinary page reads in one transaction.
    conn.execute("BEGIN")
    rows = conn.execute(new).fetchmany(PAGE)
    if len(rows) < PAGE:
        rows += conn.execute(rest).fetchmany(PAGE - len(rows))
    conn.execute("COMMIT")
    today: date = council_today()
    _, login, name, role, person_id = reading.me
    me = {"login": login, "name": name, "role": role, "role_title": ROLE_TITLES[role],
          "person_id": person_id}
    return FirstPage(me, reading.profile.council,
                     as_dicts(calendar_for(reading.profile.calendar), rows, today))


def remember(ws, login: str) -> None:
    """Keeps the first page's statements for this user and database, for the next start.
    Called once the workspace is open; costs a few milliseconds, and nothing when kept."""
    path = sqlite_file(str(ws.engine.url))
    if path is None:
        return
    from casework.queue.pages import first_page_sql

    sql, user = first_page_sql(ws, login, PAGE)
    kept.keep(path, user, sql)
