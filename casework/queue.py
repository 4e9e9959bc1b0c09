"""The case queue: filtered, sorted pages of cases, fast at any size.

Lists read the stored state and dates; they never build a state machine per row.
A page is a LIMIT/OFFSET query, and counting stops at a cap, so neither grows with the
number of cases a council has.
"""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import aliased

from casework.access import visible_clause
from casework.actors import acting_user
from casework.transaction import read
from casework.workflow.roles import MO
from casework.workflow.stages import short_title, state_title
from casework.workspace import Workspace
from db.models import Case, Note, Person, User

Complainant = aliased(Person)
Subject = aliased(Person)

SORTS = {
    "triage": "new complaints first, then the nearest deadline",
    "ref": "reference",
    "route": "route",
    "stage": "stage",
    "subject": "subject",
    "complainant": "complainant",
    "handler": "handler",
    "received": "date received",
    "days": "days in stage",
    "due": "next deadline",
}


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # matched in references, names and summaries
    notes: bool = False  # also search the text of notes (slower)
    state: str | None = None
    route: str | None = None
    handler: str | None = None
    overdue: bool = False
    include_ended: bool = False
    sort: str = "triage"
    descending: bool = False

    def with_(self, **changes) -> "CaseQuery":
        return replace(self, **changes)


def _columns():
    return (Case.ref, Case.route, Case.state, Subject.name, Complainant.name, User.login,
            Case.received, Case.stage_entered, Case.next_due, Case.is_open)


# Trigram search needs three characters; shorter text is matched with LIKE.
FTS_MIN = 3


def _note_matches(text: str, fts: bool):
    """Cases with a non-confidential note containing `text`."""
    if fts and len(text) >= FTS_MIN:
        phrase = '"' + text.replace('"', '""') + '"'
        # One index row per case (migration 0006): its row id is the case's, no lookups.
        hits = sql_text("SELECT rowid FROM case_note_text WHERE case_note_text MATCH :phrase"
                        ).bindparams(phrase=phrase)
        return Case.id.in_(hits)
    return exists().where(and_(Note.case_id == Case.id, Note.text.ilike(f"%{text}%"),
                               Note.confidential.is_(False)))


def _filtered(q, query: CaseQuery, user: User, today: date, fts: bool = False):
    q = (q.join(Subject, Subject.id == Case.subject_id)
         .join(Complainant, Complainant.id == Case.complainant_id)
         .outerjoin(User, User.id == Case.handler_id))
    if query.state:
        q = q.where(Case.state == query.state)
    elif not query.include_ended:
        q = q.where(Case.is_open.is_(True))
    if query.overdue:
        q = q.where(Case.is_open.is_(True), Case.next_due < today)
    if query.route:
        q = q.where(Case.route == query.route)
    if query.handler:
        q = q.where(User.login == query.handler)
    text = query.text.strip()
    if text:
        like = f"%{text}%"
        matches = [Case.ref.ilike(like), Subject.name.ilike(like), Complainant.name.ilike(like),
                   Case.summary.ilike(like)]
        if query.notes:
            matches.append(_note_matches(text, fts))
        q = q.where(or_(*matches))
    if user.role not in MO or user.person_id is not None:  # the common case stays one plain query
        q = q.where(visible_clause(user))
    return q


def _order(query: CaseQuery):
    column = {
        "ref": Case.ref, "route": Case.route, "stage": Case.state, "subject": Subject.name,
        "complainant": Complainant.name, "handler": User.login, "received": Case.received,
        "due": Case.next_due,
    }.get(query.sort)
    if query.sort == "days":  # more days in the stage means an earlier entry into it
        return [Case.stage_entered if query.descending else Case.stage_entered.desc(), Case.ref]
    return [column.desc() if query.descending else column, Case.ref]


def _triage(s, base, query: CaseQuery, offset: int, limit: int) -> list:
    """New complaints first, then the nearest deadline. Done as two queries, because each
    can then walk an index in order and stop at the page's end instead of sorting every
    open case on each keystroke."""
    new = base.where(Case.state == "received")
    # Counted no further than this page's end: beyond it the exact number changes nothing.
    n_new = s.execute(select(func.count()).select_from(new.limit(offset + limit).subquery())).scalar_one()
    rows = []
    if offset < n_new:
        rows = list(s.execute(new.order_by(Case.received.desc(), Case.ref).offset(offset).limit(limit)))
    if len(rows) < limit:
        rest = base.where(Case.state != "received")
        # Open cases always have a deadline; only ended ones need NULLs put last.
        nulls = [Case.next_due.is_(None)] if query.include_ended or query.state else []
        rest = rest.order_by(*nulls, Case.next_due, Case.received.desc(), Case.ref)
        rows += s.execute(rest.offset(max(0, offset - n_new)).limit(limit - len(rows))).all()
    return rows


def page(ws: Workspace, login: str, query: CaseQuery, offset: int = 0, limit: int = 100) -> list[dict]:
    today = ws.today()
    with read(ws.engine) as s:
        user = acting_user(s, login)
        base = _filtered(select(*_columns()), query, user, today, _fts(ws))
        if query.sort == "triage":
            rows = _triage(s, base, query, offset, limit)
        else:
            rows = s.execute(base.order_by(*_order(query)).offset(offset).limit(limit)).all()
    return _dicts(ws, rows, today)


def _fts(ws: Workspace) -> bool:
    return ws.engine.dialect.name == "sqlite"


def _dicts(ws: Workspace, rows, today: date) -> list[dict]:
    cal = ws.calendar
    return [
        {
            "ref": ref, "route": route, "state": st, "stage": state_title(route, st),
            "stage_short": short_title(route, st),
            "subject": subj, "complainant": comp, "handler": hl,
            "received": rec.isoformat(), "days_in_stage": cal.working_days_between(entered, today),
            "next_due": due.isoformat() if due and is_open else None,
            "overdue": bool(is_open and due and due < today),
        }
        for ref, route, st, subj, comp, hl, rec, entered, due, is_open in rows
    ]


def count(ws: Workspace, login: str, query: CaseQuery, cap: int = 100_000) -> tuple[int, bool]:
    """How many cases match, counting no further than `cap`; True when the cap was hit."""
    today = ws.today()
    with read(ws.engine) as s:
        user = acting_user(s, login)
        inner = _filtered(select(Case.id), query, user, today, _fts(ws)).limit(cap + 1).subquery()
        n = s.execute(select(func.count()).select_from(inner)).scalar_one()
    return min(n, cap), n > cap
