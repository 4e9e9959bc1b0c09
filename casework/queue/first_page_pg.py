"""The application's first page on PostgreSQL without SQLAlchemy.

On a shared server each person connects as their own database login. The first page's
statements ship with casework (casework.queue.shipped); here psycopg alone connects as the
person would, asks who connected as casework.access.identity does, and reads the page on a
connection whose transactions can only read, while SQLAlchemy and the rest load behind the
painted page. The server's row policies apply as they do to every other read. Whenever
anything is not as the ordinary start would have it (another login asked for by name, a
database not at the current schema, a login that is no user and no administrator) `peek` returns None and the application starts the ordinary way, which
reports any fault.
"""

import os
from collections.abc import Callable
from typing import TypeVar

from casework.clock import council_today
from casework.errors import UserError
from casework.profile.working_days import calendar_for
from casework.queue import shipped
from casework.queue.first_page import FirstPage
from casework.queue.rows import as_dicts
from casework.queue.sources import schema_head
from casework.workflow.roles import ROLE_TITLES
from db.location import resolve_url
from db.pg_connect import LOGIN_SQL, SET_ROLE, tls_options

SCHEMES = ("postgresql+psycopg", "postgresql")
USER = "SELECT id, login, name, role, person_id FROM user_account WHERE login = %s AND active"
# A read that waits behind a lock (a migration, say) gives up soon: the ordinary start waits.
OPTIONS = "-c default_transaction_read_only=on -c lock_timeout=5000"
T = TypeVar("T")


def peek(db: str | None, profile: str | None, asked: str, explicit: bool) -> tuple[FirstPage, str] | None:
    """The first page and the login acting, or None to start the ordinary way. `asked`: who
    casework was asked to act as; `explicit`: asked by name (--as, CASEWORK_USER, settings)."""
    if not shipped.available():
        return None
    try:
        from casework.profile.council import load_profile

        prof = load_profile(profile)
    except UserError:
        return None

    def page(conn, me):
        uid, login, name, role, person_id, _ = me
        (statement,) = shipped.first_page("postgresql", role, person_id)
        rows = conn.execute(statement["sql"], shipped.named(statement, uid, person_id)).fetchall()
        user = {"login": login, "name": name, "role": role, "role_title": ROLE_TITLES[role],
                "person_id": person_id}
        return FirstPage(user, prof.council, as_dicts(calendar_for(prof.calendar), rows, council_today())), login

    return read_as(db, asked, explicit, page)


def read_as(db: str | None, asked: str, explicit: bool, reader: Callable[[object, tuple], T]) -> T | None:
    """`reader(conn, me)`'s answer, read with psycopg alone as the ordinary way would connect
    and act: `me` the acting user's (id, login, name, role, person_id), then the database login
    the connection acts through (an administrator's, acting for them). None, to go the
    ordinary way, for anything else: not PostgreSQL, a database not at this casework's schema,
    another login asked for by name, a login that is no user and no administrator, or any
    error of the server's."""
    scheme, _, rest = resolve_url(db).partition("://")
    if scheme not in SCHEMES:
        return None
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        return None
    conninfo = f"postgresql://{rest}"
    try:
        given = conninfo_to_dict(conninfo)
        tls = tls_options(given.get("host"), "sslmode" in given)
        with psycopg.connect(conninfo, autocommit=True, options=OPTIONS, **tls) as conn:
            if person := os.environ.get(SET_ROLE):  # as db.engine connects for a browser tab
                from psycopg import sql

                conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(person)))
            me = _acting(conn, asked, explicit)
            return None if me is None else reader(conn, me)
    except psycopg.Error:
        return None


def read_for_command(db: str | None, profile: str | None, asked: str, explicit: bool,
                     reader: Callable[[object, tuple, object], T]) -> T | None:
    """read_as for a command (`show`, `list`): `reader(conn, me, profile)` with the council's
    profile loaded, or None to go the ordinary way, which also first checks that an anchors'
    log can be written, and says what is wrong with a profile that does not load."""
    from casework.config import setting

    if setting("anchors"):
        return None
    try:
        from casework.profile.council import load_profile

        prof = load_profile(profile)
    except UserError:
        return None
    return read_as(db, asked, explicit, lambda conn, me: reader(conn, me, prof))


def _acting(conn, asked: str, explicit: bool) -> tuple | None:
    login, head = conn.execute(f"SELECT ({LOGIN_SQL}), (SELECT version_num FROM alembic_version)").fetchone()
    if head != schema_head():
        return None
    me = conn.execute(USER, (login,)).fetchone()
    if me is None:  # an administrator's connection acts for whoever was asked for
        if not conn.execute("SELECT casework_is_admin(%s)", (login,)).fetchone()[0]:
            return None
        me = conn.execute(USER, (asked,)).fetchone()
    elif explicit and asked != login:
        return None  # refused the ordinary way, in words
    if me is None or me[3] not in ROLE_TITLES:
        return None
    return (*me, login)
