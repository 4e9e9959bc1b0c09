"""The figures of the dashboard: where the open cases stand today, as the reader's queue shows them.

Each figure is one grouped query over the stored state and dates (never a machine per case),
and working days are counted once per distinct date, so 100,000 cases take a fraction of a second.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import extract, func, select

from casework.access.actors import acting_user
from casework.access.rules import visible_clause
from casework.transaction import read
from casework.workflow.roles import MO
from casework.workflow.stages import short_title
from casework.workspace import Workspace
from db.models import Case

# Working days in the current stage: the bands a Monitoring Officer asks about (a week, a
# fortnight, the 20-day assessment, two months, the 65-day investigation, longer).
AGE_BANDS = ((0, 5, "0-5"), (6, 10, "6-10"), (11, 20, "11-20"), (21, 40, "21-40"),
             (41, 65, "41-65"), (66, None, "over 65"))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Stages in the order a complaint meets them, both routes; the dashboard merges "Received".
STAGE_ORDER = ("received", "hos_consulted", "assessment", "local_resolution", "investigation",
               "decision", "hearing", "sanctions", "review", "informal_resolution", "line_manager",
               "head_of_service", "disciplinary", "outcome", "appeal")


@dataclass
class Dashboard:
    today: date
    open_cases: int = 0
    overdue: int = 0
    by_stage: list[tuple[str, int]] = field(default_factory=list)  # (stage title, open cases)
    ageing: list[tuple[str, int]] = field(default_factory=list)  # (band of working days, open cases)
    # (Fri 04/12, deadlines) for the coming five working days, today among them if it is one:
    # on a Friday, what falls due next week matters, not the week that is ending.
    due_soon: list[tuple[str, int]] = field(default_factory=list)
    received_by_month: list[tuple[str, int]] = field(default_factory=list)  # this year to date


def dashboard(ws: Workspace, login: str) -> Dashboard:
    today = ws.today()
    coming = _working_days_from(ws, today, 5)
    out = Dashboard(today=today)
    with read(ws.engine) as s:
        user = acting_user(s, login)
        seen = [Case.is_open.is_(True)]
        if user.role not in MO or user.person_id is not None:  # as the queue filters
            seen.append(visible_clause(user))
        stages = Counter()
        for route, state, n in s.execute(select(Case.route, Case.state, func.count())
                                         .where(*seen).group_by(Case.route, Case.state)):
            stages[state, short_title(route, state)] += n
        entered = s.execute(select(Case.stage_entered, func.count()).where(*seen)
                            .group_by(Case.stage_entered)).all()
        due = dict(s.execute(select(Case.next_due, func.count())
                             .where(*seen, Case.next_due >= coming[0], Case.next_due <= coming[-1])
                             .group_by(Case.next_due)).all())
        out.overdue = s.execute(select(func.count()).where(*seen, Case.next_due < today)).scalar_one()
        this_year = [Case.received >= date(today.year, 1, 1), Case.received <= today]
        if len(seen) > 1:
            this_year.append(seen[1])
        month = extract("month", Case.received)
        months = {int(m): n for m, n in s.execute(select(month, func.count()).where(*this_year)
                                                   .group_by(month))}
    order = {state: i for i, state in enumerate(STAGE_ORDER)}
    out.by_stage = [(title, n) for (state, title), n in
                    sorted(stages.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1]))]
    out.open_cases = sum(stages.values())
    out.ageing = _ageing(ws, entered, today)
    out.due_soon = [(f"{WEEKDAYS[day.weekday()]} {day.strftime('%d/%m')}", due.get(day, 0)) for day in coming]
    out.received_by_month = [(MONTHS[m - 1], months.get(m, 0)) for m in range(1, today.month + 1)]
    return out


def _working_days_from(ws: Workspace, first: date, n: int) -> list[date]:
    days, day = [], first
    while len(days) < n:
        if ws.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _ageing(ws: Workspace, entered, today: date) -> list[tuple[str, int]]:
    bands = Counter()
    for day, n in entered:
        days = ws.calendar.working_days_between(day, today)
        label = next(lbl for lo, hi, lbl in AGE_BANDS if days >= lo and (hi is None or days <= hi))
        bands[label] += n
    return [(label, bands[label]) for _, _, label in AGE_BANDS]
