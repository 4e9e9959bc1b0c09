"""Pausing from the case screen: the advance dialog asks why and when it is reviewed, refuses a
pause without a review date in one line, and the case resumes where it stood."""

from driving import choose_event, pick_in_select, settle, type_text
from sqlmodel import Session, select

from casework.cases.advance import advance
from casework.cases.opening import open_case
from db.models import Case
from tui.app import CaseworkApp


def _case(ws, ref):
    with Session(ws.engine) as s:
        return s.exec(select(Case).where(Case.ref == ref)).one()


async def _pause(app, pilot, review: str) -> str:
    await choose_event(pilot, "pause")
    await type_text(pilot, "The member is standing for election")
    await pilot.press("tab", "tab")  # past the day it happened
    await pick_in_select(pilot, "An election")
    await pilot.press("tab")
    await type_text(pilot, review)
    await pilot.press("ctrl+s")
    await settle(pilot)
    said = [str(box.render()) for box in app.screen.query("#form-error, #review-error")]
    return " | ".join(line for line in said if line)


async def test_a_pause_asks_why_and_when_and_resumes_where_it_stood(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    advance(council, ref, "refer_to_monitoring_officer", "mo", on="2026-11-03")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        said = await _pause(app, pilot, "")
        assert "a pause needs a review date" in said
        # Said beside the review date's box, which has the focus.
        assert "a pause needs a review date" in str(app.screen.query_one("#review-error").render())
        assert app.focused.id == "review"
        assert _case(council, ref).state == "assessment"
        await pilot.press("escape", "y")  # leave the dialog, discarding what was typed
        await settle(pilot)
        assert await _pause(app, pilot, "15/01/2027") == ""
        case = _case(council, ref)
        assert (case.state, case.paused_from, case.next_due.isoformat()) == ("paused", "assessment", "2027-01-15")
        await choose_event(pilot, "resume")
        await type_text(pilot, "The election is over")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _case(council, ref).state == "assessment"
