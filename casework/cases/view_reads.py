"""What opening a case reads (casework.cases.views.show_case), all at once.

Every statement is keyed by the case's reference and the reader's login, never by an id read
before it (the case's id, its parties', the reader's are subqueries), so all of them are read
together (casework.together): on PostgreSQL one statement, one wait on the server. Who may
read the case is then decided from what was read, by the same rules as ever
(casework.access.rules.may_read); the statements are the same ones the other faces use, given
subqueries for the ids."""

from sqlalchemy import bindparam, literal, select

from casework.access.rules import conflict_held, entitled_by_role
from casework.audit.personal import erasures_of, values_of
from casework.cases.assignments import assigned_logins
from casework.cases.casefile import guard_facts
from casework.cases.involvement import roles_read
from casework.cases.measures import measures_read
from casework.people.protocol import training_of
from casework.together import read_together
from db.models import AuditEvent, Case, CaseDisposal, CaseHold, Document, Note, Person, Sanction, User
from db.roles import ROLES

_REF, _LOGIN = bindparam("ref"), bindparam("login")
_C, _U, _A, _P = Case.__table__, User.__table__, AuditEvent.__table__, Person.__table__


def _of_case(column):
    return select(column).where(_C.c.ref == _REF).scalar_subquery()


def _of_reader(column):
    return select(column).where(_U.c.login == _LOGIN).scalar_subquery()


def _by_case(model):
    table = model.__table__
    return select(table).where(table.c.case_id == _of_case(_C.c.id)).order_by(table.c.id)


_CASE_ID = _of_case(_C.c.id)
_PARTIES = [_of_case(_C.c.subject_id), _of_case(_C.c.complainant_id)]
# The case's history: what happened to it, not who read it (the access log is the audit screen's).
_HISTORY = select(_A).where(_A.c.case_ref == _REF, _A.c.action != "read").order_by(_A.c.seq)
_READS = {
    "user": select(_U).where(_U.c.login == _LOGIN),
    "case": select(_C).where(_C.c.ref == _REF),
    "held": conflict_held(_CASE_ID, _of_reader(_U.c.person_id)),
    # Whether the reader may read its confidential papers, for each role they may have.
    "entitled": select(*(clause.label(f"as_{n}") for n, clause in enumerate(
        entitled_by_role(_of_reader(_U.c.id), ROLES)))).where(_C.c.ref == _REF),
    "people": select(_P).where(_P.c.id.in_(_PARTIES)),
    "training": training_of(_PARTIES),
    "logins": select(_U.c.id, _U.c.login),
    "history": _HISTORY,
    "notes": _by_case(Note),
    "documents": _by_case(Document),
    "sanctions": _by_case(Sanction),
    "facts": guard_facts(_CASE_ID, _REF, _of_case(_C.c.complainant_id)),
    "assigned": assigned_logins(_CASE_ID),
    "involved": roles_read(_CASE_ID),
    "measures": measures_read(_CASE_ID),
    "hold": select(CaseHold.reason, CaseHold.placed_at).where(
        CaseHold.case_id == _CASE_ID, CaseHold.lifted_at.is_(None)),
    "values": values_of(select(_A.c.seq).where(_A.c.case_ref == _REF, _A.c.action != "read")),
    "erased": erasures_of(literal("case:") + _REF),
    # Only an ended case can have been disposed of: show_case looks at this for no other.
    "disposed": select(CaseDisposal.disposed_at).where(CaseDisposal.case_id == _CASE_ID),
}
_STATEMENTS = tuple(_READS.values())


def read_case(conn, ref: str, login: str) -> dict[str, list]:
    """Each of _READS's rows, by name, for the case `ref` (as stored: stripped, upper case)
    opened by `login`."""
    return dict(zip(_READS, read_together(conn, _STATEMENTS, {"ref": ref, "login": login})))
