"""A shared PostgreSQL database's own roles kept in step with casework's users.

`casework roles` gives the script that creates the group roles and their privileges
(db.privileges) and a login role for each active user; a database administrator runs it, or
casework does with --apply when the connection may. Adding a user, changing a role and
deactivating a login change the person's database role in the same transaction where the
connection may do so; where it may not, the casework change stands and the statements the
administrator must run are handed back to be shown.
"""

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.errors import Refused
from casework.transaction import read, write
from casework.workspace import Workspace
from db import privileges
from db.models import User

SQLITE = ("an embedded SQLite database has no database roles: the file's permissions are its "
          "boundary (casework warns when others may read it); use PostgreSQL for shared logins")


def script(ws: Workspace, login: str) -> list[str]:
    """Every statement that sets up this database's roles and its users' logins: those
    deactivated in casework may no longer sign in."""
    _postgres(ws)
    with read(ws.engine) as s:
        require(acting_user(s, login), "users", "set up database roles")
        schema = s.connection().exec_driver_sql("SELECT current_schema()").scalar_one()
        users = s.execute(select(User.login, User.role, User.active).order_by(User.login)).all()
    out = privileges.setup_sql(schema)
    for who, role, active in users:
        out += privileges.person_sql(who, role) + [privileges.may_sign_in(who, active)]
    return out


def apply(ws: Workspace, login: str) -> int:
    """Runs the script in one transaction; refused whole if the connection may not."""
    statements = script(ws, login)

    def change(s: Session) -> int:
        conn = s.connection()
        try:
            for sql in statements:
                conn.exec_driver_sql(sql)
        except DBAPIError as exc:
            raise Refused(f"the database refused to set up its roles ({_first(exc)}); give the "
                          "script to its administrator: casework roles > roles.sql") from None
        return len(statements)

    return write(ws.engine, change)


def follow(s: Session, who: str, role: str, old_role: str | None = None, active: bool = True,
           reactivated: bool = False, into: list[str] | None = None) -> None:
    """Brings `who`'s database login in step with a change made in session `s`. The
    statements the connection may not run are put `into` the list given, for the
    administrator (none on SQLite, which has no roles)."""
    if s.get_bind().dialect.name != "postgresql":
        return
    q = privileges.quoted(who)
    if not active:
        # Sessions already open end too, where the connection may end them.
        wanted = [f"ALTER ROLE {q} NOLOGIN",
                  f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  f"WHERE usename = {privileges.literal(who)} AND pid <> pg_backend_pid()"]
    else:
        wanted = [*privileges.person_sql(who, role, old_role),
                  *([f"ALTER ROLE {q} LOGIN"] if reactivated else [])]
    conn = s.connection()
    undone = []
    for n, sql in enumerate(wanted):
        step = conn.begin_nested()
        try:
            conn.exec_driver_sql(sql)
            step.commit()
        except DBAPIError:
            step.rollback()
            undone = wanted[n:]  # each step needs the one before it
            break
    if into is not None:
        into[:] = undone  # a retried change leaves only its last try's


def _postgres(ws: Workspace) -> None:
    if ws.engine.dialect.name != "postgresql":
        raise Refused(SQLITE)


def _first(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
