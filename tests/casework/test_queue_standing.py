"""What the triage queue says beside its count: cases due in the coming five working days
(on a Friday, next week's, not the week that is ending), over the cases the user may see."""

from datetime import date

from helpers import TODAY

from casework.cases.opening import open_case
from casework.cases.views import show_case
from casework.queue.standing import coming, due_soon, standing


def test_on_a_friday_the_coming_week_is_next_week(ws_sqlite):
    assert TODAY.weekday() == 4
    assert coming(ws_sqlite, TODAY) == (date(2026, 11, 20), date(2026, 11, 26))
    assert coming(ws_sqlite, date(2026, 11, 21)) == (date(2026, 11, 23), date(2026, 11, 27))  # a Saturday


def test_due_soon_counts_the_coming_working_days_and_only_what_the_user_sees(ws_sqlite):
    opened = {
        "monday": open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "a", "2026-11-16"),
        "overdue": open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "b", "2026-11-10"),
        "later": open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "c", "2026-11-20"),
        "officer": open_case(ws_sqlite, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "d", "2026-11-18"),
    }
    due = {k: show_case(ws_sqlite, ref, "mo")["next_due"] for k, ref in opened.items()}
    start, end = (d.isoformat() for d in coming(ws_sqlite, TODAY))
    assert start <= due["monday"] <= end and start <= due["officer"] <= end
    assert due["overdue"] < start and due["later"] > end
    assert due_soon(ws_sqlite, "mo") == 2
    assert due_soon(ws_sqlite, "clerk") == 1  # the officer complaint is restricted: HR's, not the clerk's
    assert standing(ws_sqlite, "mo").words().startswith("   2 due within 5 working days")
