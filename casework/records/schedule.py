"""The retention schedule of every ended case: the rule the council's profile gives its route and
outcome, the day its records' retention ends (from the day it ended, or from the subject Member
leaving office), and whether their disposal is due. A case under a legal hold is never due.

The rules are the profile's in force today, not those of the profile a case was opened under:
a retention schedule is the council's current policy for every record it holds.
"""

from datetime import date

from sqlalchemy import func, select

from casework.access.actors import acting_user, require
from casework.access.rules import visible_clause
from casework.clock import council_day
from casework.inputs import parse_date
from casework.transaction import read
from casework.workflow.outcomes import OUTCOME_TITLES, outcome_of
from casework.workflow.roles import MO, may
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import Case, CaseDisposal, CaseHold, Person

_HELD = CaseHold.__table__.alias("held")
_GONE = CaseDisposal.__table__.alias("gone")


def schedule(ws: Workspace, login: str, due_only: bool = False,
             as_at: str | date | None = None) -> list[dict]:
    """Every ended case the reader may see, the soonest due first; `as_at` asks how the schedule
    will stand on another day (default today)."""
    day = parse_date(as_at, "--as-at") or ws.today()
    with read(ws.engine) as s:
        user = acting_user(s, login)
        require(user, "retention", "read the retention schedule")
        rows = s.execute(
            select(Case.ref, Case.route, Case.state, Case.stage_entered, Person.left_office,
                   _HELD.c.reason, _HELD.c.placed_at, _GONE.c.disposed_at)
            .join(Person, Person.id == Case.subject_id)
            .outerjoin(_HELD, (_HELD.c.case_id == Case.id) & _HELD.c.lifted_at.is_(None))
            .outerjoin(_GONE, _GONE.c.case_id == Case.id)
            .where(*_ended(user)).order_by(Case.ref)).all()
    out = [_entry(ws, day, *row) for row in rows]
    if due_only:
        out = [e for e in out if e["due"]]
    return sorted(out, key=lambda e: (e["retention_ends"] is None, e["retention_ends"] or "", e["ref"]))


def disposals_due(ws: Workspace, login: str) -> int | None:
    """How many ended cases are due for disposal today, for those who may dispose of them; None
    for everyone else. Counted by distinct (route, state, day ended, day left office), so a
    queue of 100,000 ended cases costs a few hundred rules, not a row each."""
    today = ws.today()
    with read(ws.engine) as s:
        user = acting_user(s, login)
        if not may(user.role, "retention"):
            return None
        rows = s.execute(
            select(Case.route, Case.state, Case.stage_entered, Person.left_office, func.count())
            .join(Person, Person.id == Case.subject_id)
            .where(*_ended(user), ~select(_HELD.c.id).where(
                _HELD.c.case_id == Case.id, _HELD.c.lifted_at.is_(None)).exists(),
                   ~select(_GONE.c.case_id).where(_GONE.c.case_id == Case.id).exists())
            .group_by(Case.route, Case.state, Case.stage_entered, Person.left_office)).all()
    rules = ws.profile.retention
    due = 0
    for route, state, closed, left, n in _dated(rows):
        ends = rules.rule(route, outcome_of(state)).ends(closed, left)
        due += n if ends is not None and ends <= today else 0
    return due


def _ended(user) -> list:
    seen = [Case.is_open.is_(False)]
    if user.role not in MO or user.person_id is not None:  # as the queue filters
        seen.append(visible_clause(user))
    return seen


def _dated(rows):
    """Dates as dates: SQLite hands back text from a grouped column."""
    for route, state, closed, left, n in rows:
        yield route, state, _day(closed), _day(left), n


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _entry(ws: Workspace, today: date, ref, route, state, closed, left, reason, placed_at,
           disposed_at=None) -> dict:
    outcome = outcome_of(state)
    rule = ws.profile.retention.rule(route, outcome)
    closed, left = _day(closed), _day(left)
    ends = rule.ends(closed, left)
    held = reason is not None
    due = not held and disposed_at is None and ends is not None and ends <= today
    if disposed_at is not None:
        status = f"disposed of on {council_day(disposed_at).isoformat()}"
    elif held:
        status = f"held: {reason}"
    elif due:
        status = "due"
    elif ends is None:
        status = "kept while the subject Member is in office"
    else:
        status = f"kept until {ends.isoformat()}"
    return {"ref": ref, "route": route, "stage": state_title(route, state), "outcome": outcome,
            "outcome_title": OUTCOME_TITLES[outcome], "closed": closed.isoformat(),
            "rule": {"years": rule.years, "from": rule.since, "text": rule.describe()},
            "subject_left_office": left.isoformat() if left and rule.since == "left-office" else None,
            "retention_ends": ends.isoformat() if ends else None, "due": due, "held": held,
            "hold": {"reason": reason, "since": council_day(placed_at).isoformat()} if held else None,
            "disposed": disposed_at is not None, "status": status}
