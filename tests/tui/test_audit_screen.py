"""The audit screen gives a seal for the minutes on `s`, and verifies only the case it is
filtered to."""

import re

from driving import settle
from textual.widgets import Static

from casework.audit.log import events
from casework.cases.opening import open_case
from tui.app import CaseworkApp
from tui.screens.audit import AuditScreen


def verdict(app) -> str:
    return str(app.screen.query_one("#verdict", Static).render())


async def test_s_shows_a_seal_and_records_it(council):
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AuditScreen())
        await settle(pilot)
        assert verdict(app).startswith("audit trail intact: ")
        await pilot.press("s")
        await settle(pilot)
        shown = verdict(app)
        assert re.fullmatch(r"For the minutes: seal \d{6}-[0-9a-f]{20} \S+Z", shown), shown
        status = str(app.screen.query_one("#audit-status", Static).render())
    rows, total = events(council, "mo", action="seal")
    assert total == 1 and rows[0]["actor"] == "clerk"
    assert shown.split()[4].startswith(f"{rows[0]['seq']:06d}-{rows[0]['hash'][:20]}")
    assert f"of {rows[0]['seq']:,} events" in status  # the list shows the seal's own event


async def test_a_case_filter_verifies_that_case(council):
    ref = open_case(council, "mo", about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3",
                    summary="Shouted at an officer", received="2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AuditScreen(ref))
        await settle(pilot)
        assert verdict(app) == (f"audit trail of {ref} intact: 1 event verified (#13), each "
                                "linked into the chain")
        await pilot.press("v")
        await settle(pilot)
        assert verdict(app).startswith(f"audit trail of {ref} intact")


def test_audit_times_are_shown_in_uk_time_with_the_zone():
    from casework.clock import council_time

    assert council_time("2026-07-01T09:15:00.000000Z") == "2026-07-01 10:15:00 BST"
    assert council_time("2026-11-20T09:15:00.000000Z") == "2026-11-20 09:15:00 GMT"
    assert council_time("2026-03-29T00:59:59.000000Z") == "2026-03-29 00:59:59 GMT"
    assert council_time("2026-03-29T01:00:00.000000Z") == "2026-03-29 02:00:00 BST"


async def test_the_audit_screen_shows_uk_time(demo_council):
    from driving import settle
    from textual.widgets import DataTable

    from casework.audit.log import events
    from casework.clock import council_time
    from tui.app import CaseworkApp

    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        table = app.screen.query_one("#audit", DataTable)
        newest = events(demo_council, "mo")[0][0]
        assert str(table.get_row_at(0)[1]) == council_time(newest["at"])
        assert str(table.get_row_at(0)[1]).endswith((" GMT", " BST"))


async def test_enter_on_an_event_reads_it_whole(council):
    from textual.widgets import DataTable

    from tui.screens.audit import EventScreen

    ref = open_case(council, "mo", about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3",
                    summary="Shouted [bold]at[/bold] an officer", received="2026-11-02")
    (opened,), _ = events(council, "mo", case=ref)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(AuditScreen(ref))
        await settle(pilot)
        assert app.screen.query_one("#audit", DataTable).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        shown = app.screen.query_one("#reader-text", Static).render().plain
        assert shown.startswith(f"Event #{opened['seq']} · {opened['action']}")
        assert re.search(r"When         \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (GMT|BST)\n", shown)
        assert f"UTC          {opened['at']} (as hashed)" in shown
        assert f"Case         {ref}" in shown and "Who          mo" in shown
        assert f"Hash         {opened['hash']}" in shown
        assert f"Previous     {opened['prev_hash']}" in shown
        data = shown[shown.index("\nData\n") + 6:]
        import json

        assert json.loads(data) == opened["data"]  # all of it, laid out as JSON
        assert "\n  " in data  # indented, one field a line
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
