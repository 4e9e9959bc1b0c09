"""Text people typed is shown as they typed it, never read as markup: bold tags stay tags, an
action link does nothing, and a closing tag with no opening one does not stop the application
(issue "Hostile files, hostile text", item 6: the application's part)."""

import pytest
from driving import choose_event, settle, type_text
from textual.widgets import DataTable, Static

from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.forms import AdvanceForm
from tui.screens.timeline import TimelineScreen

HOSTILE = ["[bold red]shouted[/]", "[@click=app.quit]press me[/]", "[/oops] unbalanced", "[link=http://x]x[/link]"]


def _cells(table: DataTable) -> str:
    return "\n".join(" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


@pytest.fixture
def planted(council, tmp_path):
    summary = "Summary: " + " ".join(HOSTILE)
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", summary, "2026-11-02")
    for text in HOSTILE:
        annotate(council, ref, text, "mo")
    paper = tmp_path / "[bold]letter.txt"
    paper.write_text("Dear Monitoring Officer")
    attach(council, ref, str(paper), "mo")
    return ref, summary


async def test_summary_notes_papers_and_timeline_show_markup_literally(council, planted):
    ref, summary = planted
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#summary", Static).render()) == summary
        notes = _cells(screen.query_one("#notes", DataTable))
        for text in HOSTILE:
            assert text in notes
        assert "[bold]letter.txt" in _cells(screen.query_one("#docs", DataTable))
        app.push_screen(TimelineScreen(ref))
        await settle(pilot)
        assert "complaint logged" in _cells(app.screen.query_one("#timeline", DataTable))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CaseScreen)


async def test_a_refusal_quoting_what_was_typed_shows_it_literally(council, planted):
    ref, _ = planted
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await choose_event(pilot, "refer_to_monitoring_officer")
        assert isinstance(app.screen, AdvanceForm)
        await pilot.press("tab")
        await type_text(pilot, "[/x]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "'[/x]' is not a date" in error
        app.notify("filed [@click=app.quit]x[/] [/oops]")
        await pilot.pause()
        assert app.is_running
