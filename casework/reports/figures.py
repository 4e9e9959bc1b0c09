"""The figures of the annual report, gathered with SQL aggregates.

A report covers the complaints *received* in a calendar year (a cohort), each counted with
its outcome as it stands on the day the report is run; sanctions are those on that year's
complaints. A cohort gives each complaint one row of the report whatever year it ended in,
and the figures of a closed year stop moving once its complaints are concluded.

Working days cannot be counted in SQL (bank holidays), so the queries group by the dates
involved and Python counts the working days once per distinct date pair, not per case.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, cast, extract, func, select
from sqlalchemy.dialects.postgresql import JSONB

from casework.access.rules import visible_clause
from casework.transaction import read
from casework.workflow.events import NOT_MET_BY_LEAVING
from casework.workflow.outcomes import OUTCOME_TITLES, OUTCOMES, outcome_of  # noqa: F401  (the report names them from here)
from casework.workflow.stages import ENDED
from casework.workspace import Workspace
from db.models import AuditEvent, Case, Sanction, User

TREND_YEARS = 3  # preceding years shown beside the report's year

@dataclass
class Figures:
    """Raw counts; report_tables turns them into the report's tables (and suppresses)."""
    year: int
    years: list[int]  # trend years, oldest first, ending with `year`
    as_at: date
    # (year, route, clause, state) -> complaints received
    received: Counter = field(default_factory=Counter)
    # (year, route) -> working days from receipt to conclusion, one entry per concluded case
    durations: dict = field(default_factory=lambda: defaultdict(list))
    # (route, stage) -> complaints of `year` that entered the stage at least once
    reached: Counter = field(default_factory=Counter)
    # (route, stage) -> [visits completed, of them within the timescale, Counter of working days]
    stage_times: dict = field(default_factory=dict)
    # route -> [concluded, concluded with every stage within its timescale]
    on_time: dict = field(default_factory=dict)
    # (year, route, kind, status) -> sanctions; status complied | not_complied | outstanding
    sanctions: Counter = field(default_factory=Counter)
    overdue_sanctions: int = 0
    # classification (None: not classified) -> complaints of `year` about a Member
    classified: Counter = field(default_factory=Counter)
    # (route, reason) -> complaints of `year` that went no further, by the reason recorded
    # (None: decided before reasons were recorded)
    nfa_reasons: Counter = field(default_factory=Counter)
    cases: list[dict] = field(default_factory=list)  # full version only


def gather(ws: Workspace, user: User, year: int, with_cases: bool) -> Figures:
    today = ws.today()
    first = _first_year(ws)
    start = max(year - TREND_YEARS, first if first is not None else year)
    fig = Figures(year=year, years=list(range(min(start, year), year + 1)), as_at=today)
    lo, hi = date(fig.years[0], 1, 1), date(year, 12, 31)
    with read(ws.engine) as s:
        yr = extract("year", Case.received)
        in_span = and_(Case.received >= lo, Case.received <= hi)
        for y, route, clause, state, n in s.execute(
                select(yr, Case.route, Case.clause, Case.state, func.count())
                .where(in_span).group_by(yr, Case.route, Case.clause, Case.state)):
            fig.received[int(y), route, clause, state] += n
        _durations(ws, s, fig, yr, in_span)
        _sanctions(s, fig, yr, in_span, today)
        _visits(ws, s, fig)
        _assessment(ws, s, fig)
        if with_cases:
            fig.cases = _cases(ws, s, user, year, today)
    return fig


def _first_year(ws: Workspace) -> int | None:
    with read(ws.engine) as s:
        first = s.execute(select(func.min(Case.received))).scalar()
    if isinstance(first, str):  # SQLite hands back text from an aggregate
        first = date.fromisoformat(first)
    return first.year if first else None


def _durations(ws: Workspace, s, fig: Figures, yr, in_span) -> None:
    """Receipt to conclusion: an ended case entered its last state on the day it concluded."""
    index = _WorkingIndex(ws.calendar, fig.years[0])
    rows = s.execute(
        select(yr, Case.route, Case.received, Case.stage_entered, func.count())
        .where(in_span, Case.state.in_(ENDED))
        .group_by(yr, Case.route, Case.received, Case.stage_entered))
    for y, route, received, ended, n in rows:
        fig.durations[int(y), route].extend([index.between(received, ended)] * n)


def _sanctions(s, fig: Figures, yr, in_span, today: date) -> None:
    complied, refused = Sanction.complied.is_not(None), Sanction.non_compliance.is_not(None)
    rows = s.execute(
        select(yr, Case.route, Sanction.kind, complied, refused, Sanction.due, func.count())
        .join(Case, Case.id == Sanction.case_id).where(in_span)
        .group_by(yr, Case.route, Sanction.kind, complied, refused, Sanction.due))
    for y, route, kind, was_complied, was_refused, due, n in rows:
        state = "complied" if was_complied else "not_complied" if was_refused else "outstanding"
        fig.sanctions[int(y), route, kind, state] += n
        if int(y) == fig.year and state == "outstanding" and due is not None and due < today:
            fig.overdue_sanctions += n


def _data_key(dialect: str, key: str):
    """One top-level key of an event's data, as text."""
    if dialect == "postgresql":
        return cast(AuditEvent.data, JSONB)[key].astext
    return func.json_extract(AuditEvent.data, f"$.{key}")


def _on_date(dialect: str):
    """The day an event took effect (its `on`), else the UTC day it was recorded."""
    return func.coalesce(_data_key(dialect, "on"), func.substr(AuditEvent.at, 1, 10))


def _assessment(ws: Workspace, s, fig: Figures) -> None:
    """How the year's complaints about Members were classified, and why those that went no
    further did (the reason of the last decision to take no further action)."""
    in_year = and_(Case.received >= date(fig.year, 1, 1), Case.received <= date(fig.year, 12, 31))
    for kind, n in s.execute(select(Case.classification, func.count())
                             .where(in_year, Case.route == "member").group_by(Case.classification)):
        fig.classified[kind] += n
    reason = _data_key(ws.engine.dialect.name, "reason")
    last: dict[int, tuple] = {}
    for case_id, route, why in s.execute(
            select(Case.id, Case.route, reason).join(AuditEvent, AuditEvent.case_ref == Case.ref)
            .where(in_year, Case.state == "no_action", AuditEvent.action == "transition",
                   AuditEvent.to_state == "no_action").order_by(Case.id, AuditEvent.seq)):
        last[case_id] = (route, why)
    fig.nfa_reasons.update(last.values())


def _visits(ws: Workspace, s, fig: Figures) -> None:
    """Every stage each of the year's complaints went through; a stage is left on the day of
    the case's next transition. Rows come in case order, so each is closed by the next."""
    on = _on_date(ws.engine.dialect.name)
    rows = s.execute(
        select(Case.id, Case.route, Case.state, AuditEvent.to_state, on)
        .join(AuditEvent, AuditEvent.case_ref == Case.ref)
        .where(Case.received >= date(fig.year, 1, 1), Case.received <= date(fig.year, 12, 31),
               AuditEvent.action.in_(("open", "import", "transition")),
               AuditEvent.to_state.is_not(None))
        .order_by(Case.id, AuditEvent.seq))
    scales = {k: v for k, v in ws.profile.timescales.items() if k not in NOT_MET_BY_LEAVING}
    index = _WorkingIndex(ws.calendar, fig.year)
    # Per case: its route, whether it has ended, and whether every stage was within timescale.
    case_ok: dict[int, list] = {}
    last_case, last_stage, last_entered, stages = None, None, None, set()
    for case_id, route, now, stage, entered in rows:
        if case_id == last_case:
            days = scales.get(last_stage)
            if days is not None:
                # Due on the working day `days` after entry: a stage left on a weekend after
                # that working day was left late.
                start, _ = index[last_entered]
                end, working = index[entered]
                ok = end + (not working) <= start + days
                times = fig.stage_times.get((route, last_stage))
                if times is None:
                    times = fig.stage_times[route, last_stage] = [0, 0, Counter()]
                times[0] += 1
                times[1] += ok
                times[2][end - start if end > start else 0] += 1
                if not ok:
                    case_ok[case_id][2] = False
        else:
            case_ok[case_id] = [route, now in ENDED, True]
            last_case, stages = case_id, set()
        if stage not in stages:
            stages.add(stage)
            fig.reached[route, stage] += 1
        last_stage, last_entered = stage, entered
    for route, ended, ok in case_ok.values():
        if ended:
            counts = fig.on_time.setdefault(route, [0, 0])
            counts[0] += 1
            counts[1] += ok


class _WorkingIndex(dict):
    """A date (as the database gives it) -> (working days up to and including it, whether it
    is a working day), so working days between two dates are one subtraction."""

    def __init__(self, cal, first_year: int):
        super().__init__()
        # Any fixed day before every date asked about: only differences are used.
        self.cal, self.origin = cal, date(first_year - 1, 12, 31)

    def __missing__(self, text):
        d = text if isinstance(text, date) else date.fromisoformat(text)
        value = self[text] = (self.cal.working_days_between(self.origin, d), self.cal.is_working_day(d))
        return value

    def between(self, start, end) -> int:
        return max(0, self[end][0] - self[start][0])


def _cases(ws: Workspace, s, user: User, year: int, today: date) -> list[dict]:
    """The year's complaints by reference, as far as this reader may see them."""
    cal = ws.calendar
    rows = s.execute(
        select(Case.ref, Case.route, Case.clause, Case.received, Case.state, Case.stage_entered)
        .where(Case.received >= date(year, 1, 1), Case.received <= date(year, 12, 31),
               visible_clause(user))
        .order_by(Case.received, Case.ref))
    return [{"ref": ref, "route": route, "clause": clause, "received": received, "state": state,
             "outcome": outcome_of(state),
             "days": cal.working_days_between(received, entered if state in ENDED else today),
             "concluded": state in ENDED}
            for ref, route, clause, received, state, entered in rows]
