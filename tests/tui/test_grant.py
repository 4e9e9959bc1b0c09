"""The Monitoring Officer assigns an Investigating Officer from the case screen, by keys."""

from driving import pick_in_select, settle
from textual.widgets import Static

from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.cases.views import show_case
from tui.app import CaseworkApp
from tui.screens.forms import GrantForm


async def test_assigning_lets_the_investigator_read_the_confidential_note(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    annotate(council, ref, "Witness fears reprisal", "mo", confidential=True)
    assert not any(n["confidential"] for n in show_case(council, ref, "inv")["notes"])
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GrantForm)
        await pick_in_select(pilot, "Inv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GrantForm)
        assert "Assigned inv" in str(app.screen.query_one("#case-head", Static).render())
    assert any(n["confidential"] for n in show_case(council, ref, "inv")["notes"])


async def test_only_the_monitoring_officer_is_offered_it(council):
    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    for login, offered in (("clerk", False), ("hr", False), ("dep", True)):
        app = CaseworkApp(council, login, offer_demo=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, GrantForm) == offered, login
