"""Each screen opens by its key and shows what it is for (a crash would leave a blank
screenshot that a snapshot alone could accept)."""

import pytest
from driving import settle
from textual.widgets import Static

from tui.app import CaseworkApp
from tui.screens.audit import AuditScreen
from tui.screens.case import CaseScreen
from tui.screens.help import HelpScreen
from tui.screens.new_complaint import NewComplaintScreen
from tui.screens.timeline import TimelineScreen
from tui.screens.triage import TriageScreen
from tui.widgets.queue_table import QueueTable


@pytest.mark.parametrize("keys,screen", [
    ((), TriageScreen), (("down", "enter"), CaseScreen), (("down", "t"), TimelineScreen),
    (("u",), AuditScreen), (("n",), NewComplaintScreen), (("question_mark",), HelpScreen),
])
async def test_screen_opens(demo_council, keys, screen):
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, screen)
    assert app.return_code in (None, 0)


async def test_help_lists_every_screens_bindings(demo_council):
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = str(app.screen.query_one("#help-text", Static).render())
        for phrase in ("Filter", "Advance", "Bundle", "Export CSV", "Verify again", "Save", "command palette"):
            assert phrase in text


async def test_queue_filters_as_you_type(demo_council):
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # with ended cases: all 12
        await settle(pilot)
        table = app.screen.query_one("#queue", QueueTable)
        assert table.row_count == 12
        ref = app.screen.rows[5]["ref"]
        assert sum(ref[4:] in r["ref"] for r in app.screen.rows) == 1
        await pilot.press("slash", *ref[4:])  # typed one key at a time: 2026-0003
        await settle(pilot)
        assert [r["ref"] for r in app.screen.rows] == [ref]


async def test_unknown_login_is_refused_clearly(demo_council):
    app = CaseworkApp(demo_council, "stranger", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#fatal-message", Static).render())
        assert "no user 'stranger'" in message
        await pilot.press("enter")
    assert app.return_code == 2


@pytest.mark.parametrize("login,can_log,can_audit", [
    ("mo", True, True), ("hr", True, True), ("clerk", True, True),
    ("inv", False, False), ("ip", False, False), ("view", False, False),
])
async def test_queue_offers_only_what_the_role_may_do(council, login, can_log, can_audit):
    app = CaseworkApp(council, login, offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("new_complaint", ()) is can_log
        assert screen.check_action("audit", ()) is can_audit
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewComplaintScreen) is can_log
