"""Someone else changes the case while a dialog is open: the user is told, the case reloads
behind the dialog, what they typed stays, and saving again works."""

from driving import settle, type_text
from sqlmodel import Session, select
from textual.widgets import Static, TextArea

from casework.cases.opening import open_case
from casework.cases.papers import annotate
from db.models import Note
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.forms import NoteForm


async def test_conflict_keeps_what_was_typed(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "My note")
        annotate(council, ref, "The deputy's note, saved first", "dep")  # someone else, meanwhile
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteForm)
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "changed by someone else" in error
        assert app.screen.query_one("#text", TextArea).text == "My note"
        await pilot.press("ctrl+s")  # the case behind was reloaded: this save goes through
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    with Session(council.engine) as s:
        texts = s.exec(select(Note.text).order_by(Note.id)).all()
    assert texts == ["The deputy's note, saved first", "My note"]
