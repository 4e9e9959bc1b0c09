"""The retention schedule on screen: from the palette, the ended cases with their rule and day,
d for those due, h to place and lift a legal hold (a reason asked for, a refusal beside the box),
enter to open a case where D disposes of it."""

from driving import settle, type_text
from helpers import dump
from textual.widgets import DataTable, Static

from casework.imports.cases import import_cases
from casework.records.schedule import schedule
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.retention import HoldForm, RetentionScreen

SHEET = """reference,about,by,clause,summary,received,stage,stage_since,handler
OLD/3,Cllr Ann Jones,Olive Manager,21.9.2,Pressed for a decision,2020-01-06,Withdrawn,2020-02-29,
OLD/4,Bob Smith,Cllr Tom Price,21.9.1,Curt reply,2021-03-01,No case to answer,2021-06-30,
"""


def _council(council, tmp_path):
    sheet = tmp_path / "old.csv"
    sheet.write_text(SHEET)
    import_cases(council, "mo", str(sheet))
    return council


def _rows(app) -> list[str]:
    table = app.screen.query_one("#schedule", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_the_monitoring_officer_holds_a_case_due_and_lifts_it(council, tmp_path):
    ws = _council(council, tmp_path)
    app = CaseworkApp(ws, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Retention schedule" in [c.title for c in app.get_system_commands(app.screen)]
        app.push_screen(RetentionScreen())
        await settle(pilot)
        assert _rows(app) == ["OLD/3", "OLD/4"]  # the soonest due first
        status = str(app.screen.query_one("#retention-status", Static).render())
        assert "2 ended cases, 1 due" in status
        await pilot.press("d")
        await settle(pilot)
        assert _rows(app) == ["OLD/3"]
        # A hold with no reason is refused beside the box, and nothing is written.
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HoldForm)
        before = dump(ws)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HoldForm) and dump(ws) == before
        assert "say why" in str(app.screen.query_one("#reason-error", Static).render())
        await type_text(pilot, "Employment tribunal claim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        assert _rows(app) == []  # held: no longer due
        row = next(r for r in schedule(ws, "mo") if r["ref"] == "OLD/3")
        assert row["held"] and row["status"] == "held: Employment tribunal claim"
        await pilot.press("d")
        await settle(pilot)
        assert _rows(app) == ["OLD/3", "OLD/4"]
        app.screen.query_one("#schedule", DataTable).move_cursor(row=_rows(app).index("OLD/3"))
        await pilot.press("h")
        await settle(pilot)
        assert "Lift the legal hold on OLD/3" in str(app.screen.query_one(".title").render())
        await type_text(pilot, "Claim settled")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert next(r for r in schedule(ws, "mo") if r["ref"] == "OLD/3")["due"]
        # Enter opens the case, where it may be disposed of.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.ref == "OLD/3"
        assert app.screen.case["can"]["dispose"]


async def test_those_who_may_not_read_it_are_not_offered_it(council):
    app = CaseworkApp(council, "inv", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Retention schedule" not in [c.title for c in app.get_system_commands(app.screen)]


async def test_the_sign_in_log_s_months_due_are_shown_and_disposed_of_after_a_question(council):
    """The sign-in addresses of a month kept long enough (retention.log_months): the schedule says
    which months are due, `l` asks first, "Keep" changes nothing, "Dispose" erases them as
    `casework dispose-logs` does."""
    from datetime import timedelta

    from sqlalchemy import text

    from casework.access.signins import history, record
    from casework.audit.log import verify_all
    from casework.records.logs import _ends
    from tui.screens.dialogs import Confirm

    record(council, "hr", "sign-in", "203.0.113.9")
    with council.engine.connect() as conn:  # the month the sign-in was kept under (the real clock's)
        month = conn.execute(text("SELECT scope FROM audit_key WHERE scope LIKE 'log:%'")).scalar()[4:]
    due = _ends(month, council.profile.retention.log_months)
    council.today = lambda: due - timedelta(days=1)
    app = CaseworkApp(council, "dep", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RetentionScreen())
        await settle(pilot)
        line = str(app.screen.query_one("#log-status", Static).render())
        assert "sign-in log: no month due" in line and "kept 12 months" in line
        council.today = lambda: due
        app.screen.reload()
        await settle(pilot)
        assert f"sign-in log: {month} due for disposal" in str(app.screen.query_one("#log-status", Static).render())
        before = dump(council)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and month in app.screen.question
        await pilot.click("#no")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen) and dump(council) == before
        await pilot.press("l")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        assert "no month due" in str(app.screen.query_one("#log-status", Static).render())
    assert history(council, "mo")[0]["address"].startswith("erased on ")
    assert verify_all(council, "mo").ok
