"""The triage queue counts, in its status line, the cases due in the coming five working days,
and the ended cases due for disposal (for the Monitoring Officer and deputies alone; a held
case is not counted)."""

from driving import settle

from casework.cases.opening import open_case
from casework.imports.cases import import_cases
from casework.records.holds import place_hold
from tui.app import CaseworkApp

SHEET = """reference,about,by,clause,summary,received,stage,stage_since
OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted at an officer,2018-01-08,Withdrawn,2018-02-01
OLD/2,Bob Smith,Cllr Tom Price,21.9.1,Curt reply,2019-03-01,No case to answer,2019-06-28
OLD/3,Bob Smith,Cllr Ann Jones,21.9.1,Late reply,2025-03-03,Resolved,2025-04-01
"""


async def _status(council, login: str) -> str:
    app = CaseworkApp(council, login, offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)  # the counts are workers of the queue's; settle waits for them
        return str(app.screen.query_one("#status").render())


async def test_the_queue_counts_disposals_due_for_those_who_dispose(council, tmp_path):
    sheet = tmp_path / "closed.csv"
    sheet.write_text(SHEET)
    import_cases(council, "mo", str(sheet))
    assert "2 disposals due (casework retention)" in await _status(council, "mo")
    for login in ("hr", "view"):
        assert "disposal" not in await _status(council, login)
    place_hold(council, "OLD/1", "dep", "Complaint to the Information Commissioner pending")
    assert "1 disposal due (casework retention)" in await _status(council, "mo")


async def test_the_queue_says_how_many_fall_due_in_the_coming_week(council):
    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Due Monday", "2026-11-16")
    open_case(council, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Restricted", "2026-11-18")
    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Due later", "2026-11-20")
    assert "2 due within 5 working days" in await _status(council, "mo")
    assert "1 due within 5 working days" in await _status(council, "clerk")
