"""Who may read what. Every face (command line, TUI, exports, bundles) reads through these.

Any user may read a case's ordinary papers. Confidential notes and documents, and whole cases
marked restricted, are for those entitled: the Monitoring Officer and deputies; HR on complaints
about Officers; the committee clerk once a Member complaint goes to a hearing ("the committee
for hearing papers"); and an Investigating Officer or Independent Person only on the cases they
are assigned to. A party to a case never reads it, whatever their role, nor does a witness or
an earlier adviser on the matter (casework.workflow.involvement).
"""

from types import SimpleNamespace

from sqlalchemy import and_, exists, false, or_, select, true
from sqlmodel import Session

from casework.access.decisions import may_read
from casework.workflow.involvement import CONFLICTING
from casework.workflow.roles import MO
from db.models import AuditEvent, Case, CaseAccess, CaseRole, User

ASSIGNED_ROLES = frozenset({"investigator", "independent-person"})


def _reached_hearing(case_ref):
    return exists().where(AuditEvent.case_ref == case_ref, AuditEvent.to_state == "hearing")


def _assigned(user_id: int, case_id):
    return exists().where(CaseAccess.case_id == case_id, CaseAccess.user_id == user_id)


def entitled_clause(user: User):
    """SQL truth of "this user may read the case's confidential papers", over Case columns."""
    if user.role in MO:
        return true()
    if user.role == "hr":
        return Case.route == "officer"
    if user.role == "clerk":
        return and_(Case.route == "member", _reached_hearing(Case.ref))
    if user.role in ASSIGNED_ROLES:
        return or_(Case.handler_id == user.id, _assigned(user.id, Case.id))
    return false()


def _conflicted(person_id: int, case_id):
    return exists().where(CaseRole.case_id == case_id, CaseRole.person_id == person_id,
                          CaseRole.capacity.in_(sorted(CONFLICTING)))


def visible_clause(user: User):
    """The cases a user's lists may show: not their own, nor one they are a witness in or advised
    on, and restricted ones only if entitled."""
    clause = or_(Case.confidential.is_(False), entitled_clause(user))
    if user.person_id is not None:
        clause = and_(clause, Case.subject_id != user.person_id, Case.complainant_id != user.person_id,
                      ~_conflicted(user.person_id, Case.id))
    return clause


def may_see_confidential(session: Session, user: User, case: Case) -> bool:
    if user.role in MO:
        return True
    return bool(session.execute(select(entitled_clause(user)).select_from(Case).where(Case.id == case.id)).scalar())


def check_may_read(session: Session, user: User, case: Case) -> bool:
    """Refuses a reader who may not open the case; returns whether they see confidential papers."""
    return may_read(user, case, lambda: session.execute(conflict_held(case.id, user.person_id)).scalars().first(),
                    lambda: may_see_confidential(session, user, case))


def conflict_held(case_id, person_id):
    """The capacities a person holds in a case that bar them from reading it."""
    return select(CaseRole.capacity).where(CaseRole.case_id == case_id, CaseRole.person_id == person_id,
                                           CaseRole.capacity.in_(sorted(CONFLICTING)))  # one text, whatever the hash seed


def entitled_by_role(user_id, roles):
    """Columns of entitled_clause for a user of each of `roles` whose id is `user_id` (a value or
    an expression): for a statement written before the user's role is known."""
    return [entitled_clause(SimpleNamespace(id=user_id, role=role)) for role in roles]


def who_may_see(route: str, restricted: bool) -> str:
    """In words, who may read a case of this route, restricted or not: what entitled_clause and
    visible_clause decide, for the person deciding whether to restrict it."""
    entitled = {"officer": "the Monitoring Officer and deputies, HR",
                "member": "the Monitoring Officer and deputies, the committee clerk once it goes to a hearing"}
    entitled = f"{entitled[route]}, and an Investigating Officer or Independent Person assigned to it"
    if restricted:
        return f"Restricted: only {entitled} (never a party to it, a witness or an earlier adviser)."
    return (f"Open: every casework user except a party to it, a witness or an earlier adviser; its "
            f"confidential notes and papers only "
            f"{entitled}.")
