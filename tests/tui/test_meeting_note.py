"""The note of a disciplinary meeting from the case screen: HR ticks it as the meeting's note
and names who accompanied the employee; without a companion it is refused in one line and
nothing is written; a complaint about a Member offers no such note. An Independent Person marks
their advice to the member complained about as such, one kind of note at a time."""

from driving import settle, type_text
from sqlmodel import Session, select

from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.views import show_case
from db.models import Note
from tui.app import CaseworkApp


def _notes(ws):
    with Session(ws.engine) as s:
        return [(n.kind, n.companion) for n in s.exec(select(Note)).all()]


async def _write(app, pilot, companion: str | None) -> str:
    await pilot.press("n")
    await settle(pilot)
    await type_text(pilot, "Disciplinary meeting held; each allegation answered")
    app.screen.query_one("#meeting").value = True
    if companion is not None:
        app.screen.query_one("#companion").value = companion
    await pilot.press("ctrl+s")
    await settle(pilot)
    error = app.screen.query("#form-error")
    return str(error.first().render()) if error else ""


async def test_hr_notes_the_meeting_and_its_companion(council):
    ref = open_case(council, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.3", "Shouted", "2026-11-02")
    advance(council, ref, "refer_serious", "hr", note="Gross misconduct alleged", on="2026-11-03")
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        said = await _write(app, pilot, None)
        assert "names who accompanied the employee" in said
        assert _notes(council) == [("note", None)]  # only the referral's note
        await pilot.press("escape", "y")
        await settle(pilot)
        assert await _write(app, pilot, "Jo Pritchard, UNISON") == ""
    assert ("meeting", "Jo Pritchard, UNISON") in _notes(council)
    assert show_case(council, ref, "hr")["notes"][-1]["companion"] == "Jo Pritchard, UNISON"


async def test_a_member_case_offers_no_meeting_note(council):
    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not app.screen.query("#meeting") and app.screen.query("#text")


async def test_an_independent_person_records_advice_to_the_subject_member_as_such(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    grant(council, ref, "ip", "mo")
    app = CaseworkApp(council, "ip", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Explained the procedure to the councillor")
        app.screen.query_one("#ip-view").value = True
        app.screen.query_one("#ip-subject").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "tick one kind of note" in str(app.screen.query_one("#form-error").render())
        assert _notes(council) == []
        app.screen.query_one("#ip-view").value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#form-error")
    assert _notes(council) == [("ip-subject", None)]
