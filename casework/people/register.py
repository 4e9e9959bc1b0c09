"""The people register (Members and Officers) and the users of the system."""

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access import dbroles
from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import NotFound, UserError, quote
from casework.inputs import clean_name, parse_date
from casework.transaction import write
from casework.workflow.papers import STATUTORY_POSTS
from casework.workflow.roles import ALL_ROLES
from casework.workspace import Workspace
from db.models import PERSON_KINDS, Person, User


def init(ws: Workspace, login: str, name: str | None = None) -> str | None:
    """Registers `login` as the Monitoring Officer of a database that has no users yet.
    Returns the login registered, or None when the database already had users."""

    def change(s: Session) -> str | None:
        if s.execute(select(func.count()).select_from(User)).scalar():
            return None
        user = User(login=login, name=name or login, role="monitoring-officer")
        s.add(user)
        s.flush()
        audit.append(s, login, "init", data={"login": login, "role": user.role})
        return login

    return write(ws.engine, change)


def add_user(
    ws: Workspace, login: str, new_login: str, name: str, role: str, person: str | None = None,
    undone: list[str] | None = None,
) -> int:
    """`undone` receives the statements a shared database's administrator must still run to
    give the new user their database login (casework.access.dbroles)."""
    new_login = clean_name(new_login, "login")
    if any(c.isspace() for c in new_login):
        raise UserError("a login has no spaces")
    name = clean_name(name, "name")
    if role not in ALL_ROLES:
        raise UserError(f"--role {quote(role)} is not a role; use one of: {', '.join(ALL_ROLES)}")

    def change(s: Session) -> int:
        actor = acting_user(s, login)
        require(actor, "users", "add users")
        if s.execute(select(User).where(User.login == new_login)).scalar_one_or_none():
            raise UserError(f"the login {quote(new_login)} already exists")
        person_id = _person_id(s, person) if person else None
        user = User(login=new_login, name=name, role=role, person_id=person_id)
        s.add(user)
        s.flush()
        audit.append(s, actor.login, "user-add", data={"login": new_login, "role": role, "person_id": person_id})
        dbroles.follow(s, new_login, role, into=undone)
        return user.id

    return write(ws.engine, change)


def add_person(
    ws: Workspace, login: str, kind: str, name: str, service: str | None = None,
    manager: str | None = None, politically_restricted: bool = False,
    protocol_signed: str | date | None = None, tier: int | str | None = None,
    statutory_post: str | None = None,
) -> int:
    from casework.people.protocol import check_tier, parse_tier

    if kind not in PERSON_KINDS:
        raise UserError(f"--kind {quote(kind)} must be member or officer")
    tier = parse_tier(tier)
    check_tier(kind, tier)
    if statutory_post is not None:
        if kind != "officer":
            raise UserError("--statutory-post applies to officers; a Member holds no statutory post")
        if statutory_post not in STATUTORY_POSTS:
            raise UserError(f"--statutory-post {quote(statutory_post)} is not a statutory post; use one "
                            f"of: {', '.join(STATUTORY_POSTS)}")
    name = clean_name(name, "name")
    service = clean_name(service, "service") if service else None
    signed = parse_date(protocol_signed, "--signed")

    def change(s: Session) -> int:
        actor = acting_user(s, login)
        require(actor, "people", "change the register")
        if s.execute(select(Person).where(func.lower(Person.name) == name.lower())).scalar_one_or_none():
            raise UserError(f"{quote(name)} is already in the register")
        manager_id = None
        if manager:
            if kind != "officer":
                raise UserError("--manager applies to officers; Members have no line manager")
            manager_id = _person_id(s, manager)
        person = Person(
            name=name, kind=kind, service=service, manager_id=manager_id,
            politically_restricted=politically_restricted, protocol_signed=signed, tier=tier,
            statutory_post=statutory_post,
        )
        s.add(person)
        s.flush()
        audit.append(s, actor.login, "person-add", data={"person_id": person.id, "name": name, "kind": kind})
        return person.id

    return write(ws.engine, change)


def _person_id(s: Session, name: str) -> int:
    found = s.execute(
        select(Person.id).where(func.lower(Person.name) == name.strip().lower())
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no one called {quote(name)} in the register")
    return found
