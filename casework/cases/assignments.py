"""Assigning an Investigating Officer or Independent Person to a case, and taking it back.

Only assignment lets those roles read a case's confidential papers (see access.py). Each grant
and revocation is a change to the case: versioned, and in the audit trail with who and when.
"""

from datetime import date

from sqlalchemy import delete, select
from sqlmodel import Session

from casework.access.actors import acting_user
from casework.access.rules import ASSIGNED_ROLES
from casework.audit import chain as audit
from casework.cases.casefile import check_version, claim, load_case
from casework.errors import NotFound, Refused, UserError, quote
from casework.inputs import effective_day
from casework.transaction import write
from casework.words import with_article
from casework.workflow.roles import MO, ROLE_TITLES
from casework.workspace import Workspace
from db.models import CaseAccess, User


def _prepare(s: Session, ws: Workspace, ref: str, login: str, grantee: str, seen: list):
    user = acting_user(s, login)
    if user.role not in MO:
        raise Refused("only the Monitoring Officer or a deputy assigns investigators and Independent Persons")
    case = load_case(s, ref)
    if user.person_id is not None and user.person_id in (case.subject_id, case.complainant_id):
        raise Refused(f"you are a party to {case.ref}; a deputy must assign its investigator")
    if seen[0] is None:
        seen[0] = case.version
    check_version(case, seen[0])
    other = s.execute(select(User).where(User.login == grantee)).scalar_one_or_none()
    if other is None:
        raise NotFound(f"no user {quote(grantee)}: add them with casework users add")
    return user, case, other


def is_assigned(s: Session, case_id: int, user_id: int) -> bool:
    return s.execute(select(CaseAccess.id).where(CaseAccess.case_id == case_id,
                                                 CaseAccess.user_id == user_id)).first() is not None


def grant(ws: Workspace, ref: str, grantee: str, login: str, expected_version: int | None = None,
          on: str | date | None = None) -> str:
    seen = [expected_version]

    def change(s: Session) -> str:
        user, case, other = _prepare(s, ws, ref, login, grantee, seen)
        if other.role not in ASSIGNED_ROLES:
            raise UserError(
                f"{other.login} is {with_article(ROLE_TITLES[other.role])}, whose access follows from the role; "
                f"only Investigating Officers and Independent Persons are assigned to cases"
            )
        if other.person_id is not None and other.person_id in (case.subject_id, case.complainant_id):
            raise Refused(f"{other.login} is a party to {case.ref} and cannot be assigned to it")
        if s.execute(select(CaseAccess.id).where(CaseAccess.case_id == case.id,
                                                 CaseAccess.user_id == other.id)).first():
            raise UserError(f"{other.login} is already assigned to {case.ref}")
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        claim(s, case, seen[0])
        s.add(CaseAccess(case_id=case.id, user_id=other.id, granted_by=user.id, granted_at=audit.now_utc()))
        audit.append(s, user.login, "grant", case.ref, None, None,
                     {"user": other.login, "role": other.role, "on": day.isoformat()})
        return case.ref

    return write(ws.engine, change)


def revoke(ws: Workspace, ref: str, grantee: str, login: str, expected_version: int | None = None) -> str:
    seen = [expected_version]

    def change(s: Session) -> str:
        user, case, other = _prepare(s, ws, ref, login, grantee, seen)
        claim(s, case, seen[0])
        gone = s.execute(delete(CaseAccess).where(CaseAccess.case_id == case.id, CaseAccess.user_id == other.id))
        if not gone.rowcount:
            raise UserError(f"{other.login} is not assigned to {case.ref}")
        audit.append(s, user.login, "revoke", case.ref, None, None, {"user": other.login, "role": other.role})
        return case.ref

    return write(ws.engine, change)


def assigned(s: Session, case_id: int) -> list[str]:
    return list(s.execute(assigned_logins(case_id)).scalars())


def assigned_logins(case_id):
    """The logins assigned to a case (`case_id` a value or an expression)."""
    return (select(User.login).join(CaseAccess, CaseAccess.user_id == User.id)
            .where(CaseAccess.case_id == case_id).order_by(User.login))
