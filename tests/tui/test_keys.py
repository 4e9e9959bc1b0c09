"""Keys people who live in lazygit and k9s reach for, and a case screen that keeps its place:
j and k move in every list and table, q quits from the queue, the case opens on the first event
allowed, a save leaves the user where they were, and the palette offers the case's events."""

from driving import settle, type_text
from textual.widgets import DataTable, OptionList

from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.forms import AdvanceForm
from tui.widgets.queue_table import QueueTable


async def test_j_and_k_move_in_the_queue_and_in_a_cases_lists(demo_council):
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # ended cases too: twelve rows
        await settle(pilot)
        queue = app.screen.query_one("#queue", QueueTable)
        await pilot.press("j", "j", "j", "k")
        assert queue.cursor_row == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        events = app.screen.query_one("#events", OptionList)
        first = events.highlighted
        allowed = [i for i in range(events.option_count)
                   if not events.get_option_at_index(i).disabled]
        assert first == allowed[0]
        # Away and back again; from the last event allowed, away is up.
        away, back = ("k", "j") if first == allowed[-1] else ("j", "k")
        await pilot.press(away)
        assert events.highlighted not in (None, first) or len(allowed) == 1
        await pilot.press(back)
        assert events.highlighted == first
        await pilot.press("tab", "right", "tab")  # to the notes
        notes = app.screen.query_one("#notes", DataTable)
        assert app.focused is notes and notes.row_count >= 2
        await pilot.press("j")
        assert notes.cursor_row == 1
        await pilot.press("k")
        assert notes.cursor_row == 0


async def test_q_quits_from_the_queue_but_not_from_a_case(demo_council):
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_a_case_opens_on_its_first_allowed_event_and_keeps_its_place_after_a_save(council):
    from casework.cases.opening import open_case
    from casework.cases.papers import annotate

    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    annotate(council, ref, "first note", "mo")
    annotate(council, ref, "second note", "mo")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        screen = app.screen
        events = screen.query_one("#events", OptionList)
        allowed = [e["name"] for e in screen.case["events"] if e["role_allowed"] and e["allowed"]]
        shown = [e["name"] for e in screen.case["events"] if e["role_allowed"]]
        assert app.focused is events
        assert shown[events.highlighted] == allowed[0]
        await pilot.press("down")
        chosen = shown[events.highlighted]
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "third note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.case["notes"][-1]["text"] == "third note"
        assert shown[events.highlighted] == chosen  # still on the event the user was on
        await pilot.press("tab", "right", "tab", "down")
        notes = screen.query_one("#notes", DataTable)
        assert notes.cursor_row == 1
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "fourth note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes.row_count == 4 and notes.cursor_row == 1


async def test_the_palette_offers_the_cases_events_by_name(council):
    from casework.cases.opening import open_case

    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        offered = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Refer to the Monitoring Officer → Monitoring Officer's initial assessment" in offered
        offered["Refer to the Monitoring Officer → Monitoring Officer's initial assessment"].callback()
        await settle(pilot)
        assert isinstance(app.screen, AdvanceForm)


async def test_pickers_narrow_as_you_type(demo_council):
    """Type-ahead: the stage picker keeps the stages holding every word typed; the arrows
    still move, enter picks, and the queue is filtered by what was picked."""
    from textual.widgets import Input

    from tui.screens.pickers import Picker

    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, Picker) and app.focused is app.screen.query_one("#picker-typed", Input)
        shown = app.screen.query_one("#picker-options", OptionList)
        every = shown.option_count
        await type_text(pilot, "hear")
        await pilot.pause()
        titles = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert 0 < len(titles) < every and all("hear" in t.casefold() for t in titles)
        await pilot.press("down")
        assert shown.highlighted == min(1, len(titles) - 1)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, Picker)
        from casework.workflow.stages import all_stages

        picked = titles[min(1, len(titles) - 1)]
        assert all_stages()[app.screen.query_.state] == picked
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "no such stage")
        await pilot.pause()
        assert shown is not app.screen.query_one("#picker-options", OptionList)
        assert app.screen.query_one("#picker-options", OptionList).option_count == 0
        await pilot.press("enter")  # nothing to pick: stays open
        await pilot.pause()
        assert isinstance(app.screen, Picker)
