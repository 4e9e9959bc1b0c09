"""Disposal from the case screen: `D` asks the Monitoring Officer or a deputy first and disposes
through the same service as `casework dispose`; a held case is refused before the question, and
nobody else is offered it."""

from driving import settle

from casework.cases.papers import annotate
from casework.cases.views import show_case
from casework.imports.cases import import_cases
from casework.records.holds import place_hold
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.dialogs import Confirm

SHEET = """reference,about,by,clause,summary,received,stage,stage_since
OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted at an officer,2018-01-08,Withdrawn,2018-02-01
OLD/2,Bob Smith,Cllr Tom Price,21.9.1,Curt reply,2019-03-01,No case to answer,2019-06-28
"""


async def _press_dispose(council, login: str, ref: str, answer: str | None):
    app = CaseworkApp(council, login, offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        asked = isinstance(app.screen, Confirm)
        if asked and answer:
            await pilot.press(answer)
            await settle(pilot)
        said = getattr(app, "notified", [])
    return asked, said


async def test_the_monitoring_officer_disposes_after_saying_yes(council, tmp_path):
    sheet = tmp_path / "closed.csv"
    sheet.write_text(SHEET)
    import_cases(council, "mo", str(sheet))
    annotate(council, "OLD/1", "Bob Smith rang about it", "mo")
    place_hold(council, "OLD/2", "mo", "Information Commissioner")

    asked, said = await _press_dispose(council, "mo", "OLD/1", "escape")
    assert asked and any("nothing was disposed of" in m for m in said)
    assert show_case(council, "OLD/1", "mo")["notes"]

    asked, said = await _press_dispose(council, "hr", "OLD/1", None)
    assert not asked  # not offered to HR at all

    asked, said = await _press_dispose(council, "dep", "OLD/2", None)
    assert not asked and any("OLD/2 is under a legal hold" in m for m in said)

    asked, said = await _press_dispose(council, "dep", "OLD/1", "y")
    assert asked and any("OLD/1: personal data disposed of" in m for m in said)
    assert show_case(council, "OLD/1", "mo")["notes"] == []
