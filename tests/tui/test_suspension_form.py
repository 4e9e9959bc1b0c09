"""In Wales the sanction dialog asks for a suspension's last day and refuses one longer than six
months (SI 2001/2281 reg. 9(1)(d)) with the reason, leaving the case as it was."""

from driving import pick_in_select, settle, type_text
from helpers import assessed, draft_shared, heard, populated_workspace
from sqlmodel import Session, select

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import attach
from db.models import Sanction
from tui.app import CaseworkApp


def _breach_found(ws, tmp_path) -> str:
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-09-02")
    assessed(ws, ref, on="2026-09-02")
    draft_shared(ws, ref, on="2026-09-02")
    for event in ("refer_to_ombudsman", "ombudsman_refers_for_investigation", "complete_investigation"):
        advance(ws, ref, event, "mo", on="2026-09-02", note="as decided")
    report = tmp_path / "report.txt"
    report.write_text("report")
    attach(ws, ref, str(report), "mo", section="investigation-report")
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-09-03", note="for the committee")
    heard(ws, ref, on="2026-09-03")
    advance(ws, ref, "find_breach", "clerk", on="2026-11-02", note="breach of the code")
    return ref


async def _sanction(ws, until: str):
    app = CaseworkApp(ws, "clerk", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s")
        await settle(pilot)
        await pick_in_select(pilot, "Suspension")
        await pilot.press("tab", "tab", "tab")  # past the detail and the comply-by day
        await type_text(pilot, until)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query("#form-error")
        return str(error.first().render()) if error else ""


async def test_a_suspension_is_given_its_last_day_and_no_more_than_six_months(sqlite_url, tmp_path):
    ws = populated_workspace(sqlite_url, "wales")
    _breach_found(ws, tmp_path)
    said = await _sanction(ws, "01/07/2027")
    assert "at most six months" in said
    with Session(ws.engine) as s:
        assert s.exec(select(Sanction)).all() == []
    await _sanction(ws, "01/04/2027")
    with Session(ws.engine) as s:
        assert [(x.kind, x.ends.isoformat()) for x in s.exec(select(Sanction))] == [("suspension", "2027-04-01")]
