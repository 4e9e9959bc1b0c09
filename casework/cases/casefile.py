"""Loading one case and the facts its guards read."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, and_, bindparam, cast, func, literal, or_, select, union_all, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from casework.access.actors import ACTING, acting_row, acting_user
from casework.audit.chain import canonical
from casework.audit.personal import KEYS
from casework.cases.context import context_from
from casework.errors import Conflict, NotFound, has_control, quote
from casework.workflow.events import DECISION_NOTICE, NOTICE_STAGES, NOTICE_WITHDRAWN
from casework.workflow.guards import GuardContext
from casework.workspace import Workspace
from db.audit_personal import scope_of
from db.models import (
    AuditEvent,
    Case,
    CaseAccess,
    CaseMeasure,
    CaseRole,
    Document,
    Note,
    Person,
    Sanction,
    User,
)
from db.together import plainly


def load_case(session: Session, ref: str) -> Case:
    ref = ref.strip().upper()
    if has_control(ref):  # PostgreSQL rejects NUL in a query; no reference has one
        raise no_case(ref)
    case = session.execute(select(Case).where(Case.ref == ref)).scalar_one_or_none()
    if case is None:
        raise no_case(ref)
    return case


def no_case(ref: str) -> NotFound:
    return NotFound(f"no case {quote(ref)}: check the reference with `casework list`")


def check_version(case: Case, seen: int | None) -> None:
    if seen is not None and case.version != seen:
        raise Conflict(case.ref)


_DATES = frozenset({"stage_entered", "next_due", "paused_due", "received"})


class CaseRow:
    """The columns of one case a change decides on, read with one Core statement: the
    machine is bound to this, and the change writes the row back itself."""

    __slots__ = ("id", "ref", "route", "state", "version", "stage_entered",
                 "complainant_id", "subject_id", "next_due", "paused_from", "paused_due",
                 "classification", "anonymity", "complainant_choice", "received")

    def __init__(self, row):
        for name, value in zip(self.__slots__, row):
            # Read plainly from SQLite (db.together.plainly), a date is the text it stores.
            if name in _DATES and isinstance(value, str):
                value = date.fromisoformat(value)
            setattr(self, name, value)


CASES = Case.__table__
_CASE_ROW = select(*(CASES.c[name] for name in CaseRow.__slots__)).where(
    CASES.c.ref == bindparam("ref"))
_KEY = select(KEYS.c.secret, KEYS.c.erased_at).where(KEYS.c.scope == bindparam("scope"))


def load_case_row(session: Session, ref: str) -> CaseRow:
    ref = ref.strip().upper()
    row = None
    if not has_control(ref):  # PostgreSQL rejects NUL in a query; no reference has one
        row = session.connection().execute(_CASE_ROW, {"ref": ref}).first()
    if row is None:
        raise no_case(ref)
    return CaseRow(row)


_N, _D, _S, _A = Note.__table__, Document.__table__, Sanction.__table__, AuditEvent.__table__
_ACCESS, _USER = CaseAccess.__table__, User.__table__
_ADVISED = Note.__table__.alias("advised")
_ROLE, _P, _M = CaseRole.__table__, Person.__table__, CaseMeasure.__table__
_NONE = literal(None).label("at")
# How the decision notice's export reads in the event's canonical JSON.
NOTICE_MARK = "%" + canonical({"what": DECISION_NOTICE})[1:-1] + "%"
REOPEN_MARK = "%" + canonical({"event": "reopen"})[1:-1] + "%"
# One round trip for every fact the guards read: the kinds of note, the sections papers
# are filed to, the sanctions with a date to meet not yet settled (a censure or a warning
# takes effect when recorded; training or an apology awaits compliance), when assigned
# Independent Persons gave views and when the investigation was completed, and who recorded
# each finding of breach, with when papers, notes and panels were recorded and when the case
# was last reopened (a new round of the procedure needs its own).
def guard_facts(case_id, ref, complainant):
    """The statement of _FACTS for a case named by values or by expressions (a statement that
    reads them with others, before the case's row is known)."""
    return union_all(
        # Of each kind of note and each section, only when it was last filed is asked (a
        # round's paper filed since the case was reopened), not a row for each of hundreds.
        select(literal("k").label("what"), _N.c.kind.label("value"),
               func.max(_N.c.created_at).label("at"))
        .where(_N.c.case_id == case_id).group_by(_N.c.kind),
        select(literal("s"), _D.c.section, func.max(_D.c.added_at))
        .where(_D.c.case_id == case_id).group_by(_D.c.section),
        select(literal("d"), cast(_D.c.dated, String), _D.c.added_at).where(
            _D.c.case_id == case_id, _D.c.section == "draft-report"),
        select(literal("x"), _S.c.kind, _NONE).where(
            _S.c.case_id == case_id, _S.c.due.is_not(None),
            _S.c.complied.is_(None), _S.c.non_compliance.is_(None)),
        select(literal("v"), _USER.c.login, _N.c.created_at)
        .join(_USER, _USER.c.id == _N.c.author_id)
        .join(_ACCESS, (_ACCESS.c.user_id == _N.c.author_id) & (_ACCESS.c.case_id == _N.c.case_id))
        .where(_N.c.case_id == case_id, _N.c.kind == "ip-view",
               _USER.c.role == "independent-person",
               # Not one who advised the subject member (s.28(7)(b)): that is not the authority's view.
               _N.c.author_id.not_in(select(_ADVISED.c.author_id).where(
                   _ADVISED.c.case_id == case_id, _ADVISED.c.kind == "ip-subject"))),
        select(literal("t"), _A.c.to_state, _A.c.at).where(
            _A.c.case_ref == ref, _A.c.action == "transition",
            _A.c.to_state.in_(("decision", *NOTICE_STAGES))),
        select(literal("n"), _A.c.action, _A.c.at).where(
            _A.c.case_ref == ref,
            or_(and_(_A.c.action == "export", _A.c.data.like(NOTICE_MARK)), _A.c.action == NOTICE_WITHDRAWN)),
        select(literal("r"), _ROLE.c.capacity,
               _ROLE.c.recorded_at.concat(" ").concat(cast(_ROLE.c.person_id, String))).where(
            _ROLE.c.case_id == case_id),
        select(literal("p"), _P.c.kind, _NONE).where(_P.c.id == complainant),
        select(literal("m"), _M.c.kind, cast(_M.c.id, String)).where(
            _M.c.case_id == case_id, _M.c.ended.is_(None)),
        select(literal("z"), _A.c.action, _A.c.at).where(
            _A.c.case_ref == ref, _A.c.action == "transition",
            _A.c.data.like(REOPEN_MARK)),
        select(literal("o"), _A.c.actor, _A.c.at).where(
            _A.c.case_ref == ref, _A.c.action == "transition",
            _A.c.to_state == "outcome"),
    )


_FACTS = guard_facts(bindparam("id"), bindparam("ref"), bindparam("complainant"))
_BY_REF = CASES.c.ref == bindparam("ref")
# The same, for a change that reads them with the case in one wait (read_for_change).
FACTS_BY_REF = guard_facts(select(CASES.c.id).where(_BY_REF).scalar_subquery(), bindparam("ref"),
                           select(CASES.c.complainant_id).where(_BY_REF).scalar_subquery())


def guard_context(session: Session, ws: Workspace, case, user, note: str | None = None,
                  reason: str | None = None, day: date | None = None, facts=None) -> GuardContext:
    """`case` is a Case or a CaseRow, `user` a User or a row of its columns; `day` the day of
    the change (today unless given); `facts` the rows of guard_facts (FACTS_BY_REF, say) when
    read already."""
    if facts is None:
        facts = session.connection().execute(_FACTS, {"id": case.id, "ref": case.ref,
                                                      "complainant": case.complainant_id})
    return context_from(ws, case, user, facts, note, reason, day)


class Acting(NamedTuple):
    id: int
    login: str
    role: str
    person_id: int | None


@dataclass
class ChangeReads:
    user: object  # the acting user's row (casework.access.actors.ACTING)
    case: CaseRow
    facts: list  # FACTS_BY_REF's rows, for guard_context
    key: tuple  # (secret, erased_at) of the case's key for its trail, (None, None) for none yet
    more: list  # the rows of each statement asked for besides


def read_for_change(session: Session, login: str, ref: str, more=()) -> ChangeReads:
    """What a change to one case decides on: the acting user, the case, its guards' facts and
    its key, with `more` ((statement, values) by the case's reference), in one wait on
    PostgreSQL (db.together); an advance had waited once for each."""
    ref = ref.strip().upper()
    if has_control(login):
        acting_row(session, login)  # says why
    if has_control(ref):
        load_case_row(session, ref)
    conn = session.connection()
    statements = [(ACTING, {"login": login}), (_CASE_ROW, {"ref": ref}),
                  (_KEY, {"scope": scope_of("open", ref, {})}), *more]
    pg = conn.dialect.name == "postgresql"
    if pg:  # in the same wait; on SQLite by the case's id, which SQLite finds sooner
        statements.append((FACTS_BY_REF, {"ref": ref}))
    rows = plainly(conn, statements)
    user = Acting(*rows[0][0]) if rows[0] else acting_user(session, login)
    if not rows[1]:
        raise NotFound(f"no case {quote(ref)}: check the reference with `casework list`")
    case = CaseRow(rows[1][0])
    facts = rows[-1] if pg else plainly(conn, [(_FACTS, {
        "id": case.id, "ref": case.ref, "complainant": case.complainant_id})])[0]
    key = tuple(rows[2][0]) if rows[2] else (None, None)
    return ChangeReads(user, case, facts, key, rows[3:3 + len(more)])


CLAIM = update(CASES).where(CASES.c.id == bindparam("case_id"), CASES.c.version == bindparam("seen")) \
    .values(version=bindparam("next"))


def claim(session: Session, case, seen: int) -> None:
    """Takes the case for this change: fails if anyone changed it since `seen` was read.

    This is the first write of every case change, so on SQLite it is also where the
    write lock is taken, before the audit head is read.
    """
    result = session.connection().execute(CLAIM, {"case_id": case.id, "seen": seen, "next": seen + 1})
    if result.rowcount != 1:
        raise Conflict(case.ref)
    if isinstance(case, Case):
        # The ORM must not write the version again from its stale copy.
        set_committed_value(case, "version", seen + 1)
    else:
        case.version = seen + 1
