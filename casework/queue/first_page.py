"""The application's first page without SQLAlchemy.

Importing SQLAlchemy and SQLModel costs more than importing Textual, so an application that
needs them before it can show anything starts at about twice the time of a bare Textual
app. The queue's first page does not need them: its statements depend only on the code and
on who is looking, so they ship with casework, written out by SQLAlchemy itself
(casework.queue.shipped), and every start runs them with plain sqlite3 (casework.queue.kept)
while the rest loads behind the painted page. Whenever anything is not as expected `peek`
returns None and the application starts the ordinary way, which reports any fault.
"""

from dataclasses import dataclass
from datetime import date

from casework.clock import council_today
from casework.profile.working_days import calendar_for
from casework.queue import kept, shipped
from casework.queue.rows import as_dicts
from casework.workflow.roles import ROLE_TITLES

PAGE = shipped.PAGE


@dataclass
class FirstPage:
    me: dict  # as casework.people.directory.whoami gives it
    council: str
    rows: list[dict]


def peek(db: str | None, profile: str | None, login: str) -> FirstPage | None:
    """The first page for `login`, read with plain sqlite3, or None to start the ordinary way."""
    return kept.read_kept(db, profile, login, _read)


def _read(reading: kept.Reading) -> FirstPage | None:
    uid, login, name, role, person_id = reading.me
    statements = shipped.first_page("sqlite", role, person_id)
    if not statements or len(statements) != 2:
        return None
    conn = reading.conn
    new, rest = ((s["sql"], shipped.positional(s, uid, person_id)) for s in statements)
    # One snapshot for both, as the ordinary page reads in one transaction.
    conn.execute("BEGIN")
    rows = conn.execute(*new).fetchall()
    if len(rows) < PAGE:
        rows += conn.execute(*rest).fetchall()[:PAGE - len(rows)]
    conn.execute("COMMIT")
    today: date = council_today()
    me = {"login": login, "name": name, "role": role, "role_title": ROLE_TITLES[role],
          "person_id": person_id}
    return FirstPage(me, reading.profile.council,
                     as_dicts(calendar_for(reading.profile.calendar), rows, today))

