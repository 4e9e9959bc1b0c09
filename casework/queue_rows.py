"""A queue row as every face shows it: the stored columns turned into titles, working days
in the stage and the overdue mark. Free of the ORM, so the application's first page, read
with plain sqlite3, comes out exactly as every later page does."""

from datetime import date

from casework.deadlines import WorkingCalendar
from casework.workflow.stages import short_title, state_title


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)  # plain sqlite3 gives the stored ISO text


def as_dicts(cal: WorkingCalendar, rows, today: date) -> list[dict]:
    """`rows`: (ref, route, state, subject, complainant, handler, received, stage_entered,
    next_due, is_open), as the queue selects them."""
    out, days = [], {}  # many cases entered their stage on the same day
    for ref, route, st, subj, comp, hl, rec, entered, due, is_open in rows:
        rec, entered, due = _day(rec), _day(entered), _day(due)
        in_stage = days.get(entered)
        if in_stage is None:
            in_stage = days[entered] = cal.working_days_between(entered, today)
        out.append({
            "ref": ref, "route": route, "state": st, "stage": state_title(route, st),
            "stage_short": short_title(route, st),
            "subject": subj, "complainant": comp, "handler": hl,
            "received": rec.isoformat(), "days_in_stage": in_stage,
            "next_due": due.isoformat() if due and is_open else None,
            "overdue": bool(is_open and due and due < today),
        })
    return out
