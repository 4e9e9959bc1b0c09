"""Forms as people fill them: dates written the UK way, typing over a proposed date replaces
it, and Esc on a form with something typed asks before throwing it away."""

from datetime import date

import pytest
from driving import choose_event, settle, type_text
from textual.widgets import TextArea

from casework.cases.opening import open_case
from casework.cases.views import show_case
from casework.errors import UserError
from casework.inputs import parse_date
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.dialogs import Confirm
from tui.screens.forms import AdvanceForm, NoteForm


@pytest.mark.parametrize("typed,day", [("1/12/2026", date(2026, 12, 1)), ("01/12/2026", date(2026, 12, 1)),
                                       ("01.12.2026", date(2026, 12, 1)), ("2026-12-01", date(2026, 12, 1))])
def test_a_uk_date_is_a_date(typed, day):
    assert parse_date(typed, "--on") == day


@pytest.mark.parametrize("typed", ["31/02/2026", "12/31/2026", "next week", "1/12/26"])
def test_what_is_not_a_day_says_how_to_write_one(typed):
    with pytest.raises(UserError, match=r"is not a date: write it as DD/MM/YYYY or YYYY-MM-DD"):
        parse_date(typed, "--on")


async def _case_screen(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    return ref, app


async def test_typing_a_uk_date_over_the_proposed_one_replaces_it(council):
    ref, app = await _case_screen(council)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await choose_event(pilot, "refer_to_monitoring_officer")
        assert isinstance(app.screen, AdvanceForm)
        await pilot.press("tab")  # from the note to the day it happened
        await type_text(pilot, "19/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert show_case(council, ref, "mo")["stage_entered"] == "2026-11-19"


async def test_esc_asks_before_throwing_away_what_was_typed(council):
    ref, app = await _case_screen(council)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: gone at once
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "A long note I would hate to lose")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")  # keep typing
        await settle(pilot)
        assert isinstance(app.screen, NoteForm)
        assert app.screen.query_one("#text", TextArea).text == "A long note I would hate to lose"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert show_case(council, ref, "mo")["notes"] == []
