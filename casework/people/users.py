"""Managing the users of the system once they exist: list them, rename one, change a role,
deactivate or reactivate a login. Only those who may add users may do these, each change is
an audit event naming who made it, and the council is never left without an active
Monitoring Officer."""

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access import dbroles
from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import NotFound, Refused, UserError, quote
from casework.inputs import clean_name
from casework.transaction import read, write
from casework.workflow.roles import ALL_ROLES, ROLE_TITLES
from casework.workspace import Workspace
from db.models import Case, Person, User


def list_users(ws: Workspace, login: str, include_inactive: bool = False) -> list[dict]:
    with read(ws.engine) as s:
        require(acting_user(s, login), "users", "list the users")
        query = select(User.login, User.name, User.role, User.active, Person.name).outerjoin(
            Person, Person.id == User.person_id).order_by(User.login)
        if not include_inactive:
            query = query.where(User.active.is_(True))
        rows = s.execute(query).all()
    return [{"login": lg, "name": n, "role": r, "role_title": ROLE_TITLES[r], "active": a, "person": p}
            for lg, n, r, a, p in rows]


def rename_user(ws: Workspace, login: str, target: str, name: str) -> None:
    name = clean_name(name, "name")

    def change(s: Session) -> None:
        actor, user = _actor_and_user(s, login, target, "rename users")
        if user.name == name:
            return
        # A handler's names stay in clear, unlike the log's addresses (db.audit_personal): who
        # handled a complaint, under which name, must stay answerable for as long as the trail
        # is kept (UK GDPR art. 5(2), accountability), so no retention rule would ever erase them.
        audit.append(s, actor.login, "user-rename", data={"login": user.login, "from": user.name, "to": name})
        user.name = name

    write(ws.engine, change)


def set_role(ws: Workspace, login: str, target: str, role: str, undone: list[str] | None = None) -> None:
    role = role.strip()
    if role not in ALL_ROLES:
        raise UserError(f"{quote(role)} is not a role; use one of: {', '.join(ALL_ROLES)}")

    def change(s: Session) -> None:
        actor, user = _actor_and_user(s, login, target, "change roles")
        if user.role == role:
            return
        _keep_a_monitoring_officer(s, user, f"change {user.login}'s role")
        audit.append(s, actor.login, "user-role", data={"login": user.login, "from": user.role, "to": role})
        dbroles.follow(s, user.login, role, old_role=user.role, into=undone)
        user.role = role

    write(ws.engine, change)


def set_active(ws: Workspace, login: str, target: str, active: bool,
               undone: list[str] | None = None) -> None:
    def change(s: Session) -> None:
        actor, user = _actor_and_user(s, login, target, "deactivate users" if not active else "reactivate users")
        if user.active == active:
            return
        if not active:
            if user.id == actor.id:
                raise Refused("you cannot deactivate your own login; another Monitoring Officer or deputy must")
            _keep_a_monitoring_officer(s, user, f"deactivate {user.login}")
            handled = list(s.execute(select(Case.ref).where(Case.handler_id == user.id, Case.is_open)
                                     .order_by(Case.ref)).scalars())
            if handled:
                raise Refused(f"{user.login} handles {len(handled)} open case{'s' if len(handled) != 1 else ''} "
                              f"({', '.join(handled[:5])}{', ...' if len(handled) > 5 else ''}); give "
                              f"{'them' if len(handled) != 1 else 'it'} another handler first "
                              f"(casework assign REF LOGIN)")
        audit.append(s, actor.login, "user-activate" if active else "user-deactivate", data={"login": user.login})
        dbroles.follow(s, user.login, user.role, active=active, reactivated=active, into=undone)
        user.active = active

    write(ws.engine, change)


def _actor_and_user(s: Session, login: str, target: str, what: str) -> tuple[User, User]:
    actor = acting_user(s, login)
    require(actor, "users", what)
    user = s.execute(select(User).where(User.login == target.strip())).scalar_one_or_none()
    if user is None:
        raise NotFound(f"no user {quote(target)}; casework users list shows who there is")
    return actor, user


def _keep_a_monitoring_officer(s: Session, user: User, what: str) -> None:
    if user.role != "monitoring-officer" or not user.active:
        return
    others = s.execute(select(func.count()).select_from(User).where(
        User.role == "monitoring-officer", User.active.is_(True), User.id != user.id)).scalar_one()
    if not others:
        raise Refused(f"cannot {what}: {user.login} is the only active Monitoring Officer; make someone "
                      "else Monitoring Officer first (casework users role LOGIN monitoring-officer)")
