"""What the triage queue says beside its count of cases: those falling due in the coming five
working days, letters that were to be emailed and were not, (to those who dispose of records)
ended cases due for disposal, and (to those who answer them) subject access requests due in the
same days or overdue. Each is counted over the cases the user may see."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from casework.access.actors import acting_user
from casework.access.rules import visible_clause
from casework.letters.pending import unsent_count
from casework.records.schedule import disposals_due
from casework.sar.requests import requests_due
from casework.transaction import read
from casework.workflow.roles import MO
from casework.workspace import Workspace
from db.models import Case

SOON = 5  # working days: "due this week" read as the coming week, whatever day today is


@dataclass
class Standing:
    due_soon: int
    unsent: int
    disposals: int | None  # None: not for this user
    requests: int | None = None  # subject access requests due; None: not for this user

    def words(self) -> str:
        said = f"   {self.due_soon} due within {SOON} working days" if self.due_soon else ""
        said += f"   {_n(self.unsent, 'letter')} not sent (see the case)" if self.unsent else ""
        said += f"   {_n(self.disposals, 'disposal')} due (casework retention)" if self.disposals else ""
        said += (f"   {_n(self.requests, 'subject access request')} due (casework sar list)"
                 if self.requests else "")
        return said


def _n(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' if n != 1 else ''}"


def coming(ws: Workspace, first: date, n: int = SOON) -> tuple[date, date]:
    """The first and last of the next `n` working days from `first`, itself included when it
    is one."""
    start = ws.calendar.add_working_days(first, 0)
    return start, ws.calendar.add_working_days(start, n - 1)


def due_soon(ws: Workspace, login: str) -> int:
    start, end = coming(ws, ws.today())
    with read(ws.engine) as s:
        user = acting_user(s, login)
        seen = [Case.is_open.is_(True), Case.next_due >= start, Case.next_due <= end]
        if user.role not in MO or user.person_id is not None:  # as the queue filters
            seen.append(visible_clause(user))
        return s.execute(select(func.count()).where(*seen)).scalar_one()


def requests_soon(ws: Workspace, login: str) -> int | None:
    """Open subject access requests due by the last of the coming working days, or overdue."""
    found = requests_due(ws, login, coming(ws, ws.today())[1])
    return None if found is None else len(found)


def standing(ws: Workspace, login: str) -> Standing:
    return Standing(due_soon(ws, login), unsent_count(ws, login), disposals_due(ws, login),
                    requests_soon(ws, login))
