"""Who is who: the acting user, the register and the users, for the faces; one person by name
for the services."""

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access.actors import acting_user
from casework.audit.personal import DISPOSED_NAME
from casework.errors import NotFound, has_control, quote
from casework.transaction import read
from casework.workflow.roles import ROLE_TITLES
from casework.workspace import Workspace
from db.models import Person, User


def whoami(ws: Workspace, login: str) -> dict:
    with read(ws.engine) as s:
        user = acting_user(s, login)
        return {"login": user.login, "name": user.name, "role": user.role,
                "role_title": ROLE_TITLES[user.role], "person_id": user.person_id}


def people(ws: Workspace, kind: str | None = None) -> list[dict]:
    with read(ws.engine) as s:
        # Not the places of people disposed of (casework.records.erasure): they are no one.
        q = select(Person.id, Person.name, Person.kind, Person.service).where(
            Person.name.not_like(DISPOSED_NAME + "%")).order_by(Person.name)
        if kind:
            q = q.where(Person.kind == kind)
        return [{"id": i, "name": n, "kind": k, "service": sv} for i, n, k, sv in s.execute(q)]


def users(ws: Workspace) -> list[dict]:
    with read(ws.engine) as s:
        rows = s.execute(select(User.login, User.name, User.role).where(User.active.is_(True))
                         .order_by(User.login)).all()
    return [{"login": lg, "name": n, "role": r, "role_title": ROLE_TITLES[r]} for lg, n, r in rows]


def find_person(session: Session, name: str, option: str) -> Person:
    person = None
    if not has_control(name):  # PostgreSQL rejects NUL in a query; no name has one
        # Both sides lowered by the database: SQLite lowers ASCII only, so a Welsh capital
        # (Ŵ, Ŷ) lowered by Python would never match its own stored name.
        person = session.execute(
            select(Person).where(func.lower(Person.name) == func.lower(name.strip()))
        ).scalar_one_or_none()
    if person is None or person.name.startswith(DISPOSED_NAME):
        raise NotFound(
            f"{option}: no one called {quote(name.strip())} in the register; add them first "
            f"(casework people add --kind member|officer --name NAME)"
        )
    return person
