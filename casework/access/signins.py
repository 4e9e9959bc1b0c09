"""Signing in to the browser view, in the audit trail: every sign-in, refusal and sign-out, and
each enrolment the Monitoring Officer issues. The secrets themselves never come here
(casework.serve.logins keeps them apart from the database)."""

from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.audit.personal import in_log, reveal
from casework.errors import NotFound, Refused, quote
from casework.transaction import read, write
from casework.workspace import Workspace
from db.audit_personal import LOG_MONTH
from db.models import AuditEvent, User

ACTIONS = ("sign-in", "sign-in-refused", "sign-out", "user-reset")
NOBODY = "(unknown login)"  # the actor of a refusal for a name that is no user's


def active(ws: Workspace, login: str) -> bool:
    with read(ws.engine) as s:
        # Login and standing only: all that the browser view's server may read of users.
        return s.execute(select(User.login).where(User.login == login, User.active.is_(True))).first() is not None


def record(ws: Workspace, login: str, action: str, address: str, reason: str | None = None) -> None:
    """A sign-in, a refusal or a sign-out, from `address`. A refused name that is no user's is
    not written to the trail: only that someone tried."""
    def change(s: Session) -> None:
        known = s.execute(select(User.login).where(User.login == login)).scalar()
        # The address is personal data about the member of staff: kept beside the trail under
        # the month's key, which the log's retention rule destroys (casework.records.logs).
        data = {"address": address, **({"reason": reason} if reason else {}), **in_log()}
        audit.append(s, known or NOBODY, action, data=data)

    write(ws.engine, change)


def reset(ws: Workspace, login: str, target: str, issue) -> str:
    """The Monitoring Officer's reset of `target`'s password and second factor: `issue(target)`
    makes the one-time enrolment code (in the serving account's sign-in file) once the reset
    is in the trail."""
    def change(s: Session) -> str:
        actor = acting_user(s, login)
        require(actor, "users", "reset sign-ins")
        user = s.execute(select(User).where(User.login == target.strip())).scalar_one_or_none()
        if user is None:
            raise NotFound(f"no user {quote(target)}; casework users list shows who there is")
        if not user.active:
            raise Refused(f"{user.login} is deactivated; reactivate them first (casework users reactivate)")
        audit.append(s, actor.login, "user-reset", data={"login": user.login})
        return user.login

    return issue(write(ws.engine, change))


def history(ws: Workspace, login: str, who: str | None = None, limit: int = 100) -> list[dict]:
    """Sign-ins, refusals and sign-outs, newest first."""
    import json

    with read(ws.engine) as s:
        require(acting_user(s, login), "users", "read who signed in")
        q = select(AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.data).where(
            AuditEvent.action.in_(ACTIONS[:3]))
        if who:
            q = q.where(AuditEvent.actor == who.strip())
        rows = s.execute(q.order_by(AuditEvent.seq.desc()).limit(limit)).all()
        shown = reveal(s.connection(), [{"seq": seq, "action": action, "case": None, "data": json.loads(data)}
                                         for seq, _, _, action, data in rows])
    return [{"at": at, "login": actor, "what": action,
             **{k: v for k, v in e["data"].items() if k != LOG_MONTH}}
            for (_, at, actor, action, _), e in zip(rows, shown)]
