"""A case's sanctions tab shows each sanction's details, who recorded it and when, and where
compliance stands; Enter on one reads it whole."""

import evidence as ev
import pytest
from driving import settle
from helpers import assessed, draft_shared, heard
from textual.widgets import DataTable, Static

from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach, record_sanction
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.papers import SanctionScreen
from tui.text import cut

TERMS = ("A written apology to the officer within 14 days, copied to the Monitoring Officer, "
         "and attendance at the council's training on the protocol before the next meeting.")


@pytest.fixture
def sanctioned(council, tmp_path):
    ref = open_case(council, "mo", "Cllr Tom Price", "Bob Smith", "21.9.1", "Rude", "2026-09-01")
    attach(council, ref, str(ev.pdf(tmp_path / "report.pdf", 1)), "mo", "investigation-report")
    advance(council, ref, "refer_to_monitoring_officer", "mo", on="2026-10-01")
    assessed(council, ref, on="2026-10-01")
    draft_shared(council, ref, on="2026-10-01")
    for event in ("investigate", "complete_investigation"):
        advance(council, ref, event, "mo", on="2026-10-01")
    grant(council, ref, "ip", "mo")
    annotate(council, ref, "Breach likely", "ip", kind="ip-view")
    advance(council, ref, "refer_to_hearing", "mo", on="2026-10-01", note="To a hearing")
    heard(council, ref, panel=("Cllr Ann Jones",), on="2026-10-01")
    advance(council, ref, "find_breach", "mo", note="Found", on="2026-10-02")
    kind = next(k for k in council.profile.sanctions["member"] if k != "censure")
    record_sanction(council, ref, kind, "mo", TERMS, due="2026-12-18")
    return ref, council.profile.sanctions["member"][kind]


async def test_the_sanctions_tab_shows_details_and_enter_reads_one_whole(council, sanctioned):
    ref, title = sanctioned
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await pilot.press("tab", "right", "right", "right", "tab")
        await settle(pilot)
        table = app.screen.query_one("#sanctions", DataTable)
        assert table.has_focus
        headings = [str(c.label) for c in table.columns.values()]
        assert headings == ["#", "Sanction", "Due", "Settled", "Details", "Recorded"]
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1] == cut(title, 28) and row[2] == "2026-12-18" and row[3] == "open"
        assert row[4].startswith("A written apology") and row[4].endswith("…")
        assert TERMS[len(row[4]) - 1] in " ,"  # cut between words
        assert row[5].endswith(" mo")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SanctionScreen)
        shown = app.screen.query_one("#reader-text", Static).render().plain
        assert f"{ref} · sanction #" in shown and title in shown
        assert " ".join(TERMS.split()) in " ".join(shown.split())
        assert "Recorded     by mo, " in shown and ("GMT" in shown or "BST" in shown)
        assert "Due          2026-12-18" in shown and "Complied     not yet" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
