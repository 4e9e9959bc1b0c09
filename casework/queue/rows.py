"""A queue row as every face shows it: the stored columns turned into titles, working days
in the stage and the overdue mark. Free of the ORM, so the application's first page, read
with plain sqlite3, comes out exactly as every later page does."""

from datetime import date

from casework.profile.working_days import WorkingCalendar
from casework.workflow.stages import short_title, state_title


def _iso(value) -> str | None:
    """Dates as ISO text: plain sqlite3 gives the stored text already, and ISO text sorts
    and compares as the dates do, so a page's dates need not be parsed to be shown."""
    if value is None or value.__class__ is str:
        return value
    return value.isoformat()


# Working days from each day a case entered its stage to today, kept between pages: typing
# asks for the same few hundred days again at every key. One calendar and day at a time.
_DAYS: dict = {}


def _days_to(cal: WorkingCalendar, today: date) -> dict:
    key = (cal, today)
    days = _DAYS.get(key)
    if days is None:
        _DAYS.clear()
        days = _DAYS[key] = {}
    return days


def as_dicts(cal: WorkingCalendar, rows, today: date) -> list[dict]:
    """`rows`: (ref, route, state, subject, complainant, handler, received, stage_entered,
    next_due, is_open), as the queue selects them.

    Shaping a page cost more than SQLite's work to find it, so what many rows share (the
    working days since a date, a stage's titles) is worked out once per page."""
    out, titles = [], {}
    days = _days_to(cal, today)
    now = today.isoformat()
    for ref, route, st, subj, comp, hl, rec, entered, due, is_open in rows:
        entered, due = _iso(entered), _iso(due) if is_open else None
        in_stage = days.get(entered)
        if in_stage is None:
            in_stage = days[entered] = cal.working_days_between(date.fromisoformat(entered), today)
        named = titles.get((route, st))
        if named is None:
            named = titles[route, st] = (state_title(route, st), short_title(route, st))
        out.append({
            "ref": ref, "route": route, "state": st, "stage": named[0], "stage_short": named[1],
            "subject": subj, "complainant": comp, "handler": hl,
            "received": _iso(rec), "days_in_stage": in_stage,
            "next_due": due, "overdue": bool(due and due < now),
        })
    return out
