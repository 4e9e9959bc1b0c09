"""A paper on the timeline is dated when it was filed, with its own date beside it, so a letter
written last month and filed today does not read as filed last month (issue 18, item 5)."""

from pathlib import Path

from helpers import TODAY

from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.cases.timeline import timeline
from casework.clock import council_day
from casework.letters.issue import issue_letter


def test_a_paper_is_dated_when_filed_and_its_own_date_shown(ws_sqlite, tmp_path):
    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    paper = Path(tmp_path / "email.txt")
    paper.write_text("The email of 3 November.")
    attach(ws_sqlite, ref, str(paper), "mo", on="2026-11-03")
    issue_letter(ws_sqlite, ref, "acknowledgement", "mo", on="2026-11-04")
    rows = timeline(ws_sqlite, ref, "mo")["rows"]
    [filed] = [r for r in rows if r["action"] == "attach"]
    assert filed["on"] == council_day(filed["at"]).isoformat() != "2026-11-03"
    assert filed["what"] == "document filed to evidence, dated 03/11/2026"
    [letter] = [r for r in rows if r["action"] == "letter"]
    assert letter["what"] == "letter issued: acknowledgement to the complainant, dated 04/11/2026"
    # Events that took effect on a day of their own (a move --on) keep that day.
    [opened] = [r for r in rows if r["action"] == "open"]
    assert opened["on"] == "2026-11-02" and TODAY.isoformat() != "2026-11-02"
