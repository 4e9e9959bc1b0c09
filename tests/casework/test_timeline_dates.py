"""A paper on the timeline is dated when it was filed, with its own date beside it, so a letter
written last month and filed today does not read as filed last month (issue 18, item 5)."""

from pathlib import Path

import pytest
from helpers import TODAY, dump, make_workspace
from sqlalchemy import select

from casework.bundle.contents import gather
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from casework.cases.show_text import render
from casework.cases.timeline import timeline
from casework.cases.views import show_case
from casework.clock import council_day
from casework.demo.council import build
from casework.errors import UserError
from casework.letters.issue import issue_letter
from casework.profile.deadlines import effective_day
from casework.transaction import read
from db.models import Case


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


def test_a_paper_recorded_late_is_filed_on_the_day_given(ws_sqlite, tmp_path):
    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    paper = Path(tmp_path / "email.txt")
    paper.write_text("The email of 3 November.")
    attach(ws_sqlite, ref, str(paper), "mo", on="2026-11-03", filed="2026-11-05")
    [filed] = [r for r in timeline(ws_sqlite, ref, "mo")["rows"] if r["action"] == "attach"]
    assert filed["on"] == "2026-11-05"
    assert filed["what"] == "document filed to evidence, dated 03/11/2026"


@pytest.mark.parametrize("filed, said", [
    ("2026-11-01", "--filed 2026-11-01 is before the complaint was received (2026-11-02)"),
    ("2026-11-02", "--filed 2026-11-02 is before the document's own date (2026-11-03, --on)"),
    ("2026-11-21", "--filed 2026-11-21 is in the future (today is 2026-11-20)"),
    ("31/11/2026", "--filed '31/11/2026' is not a date"),
])
def test_a_filing_day_that_cannot_be_is_refused_and_nothing_filed(ws_sqlite, tmp_path, filed, said):
    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    paper = Path(tmp_path / "email.txt")
    paper.write_text("The email of 3 November.")
    before = dump(ws_sqlite)
    with pytest.raises(UserError) as refused:
        attach(ws_sqlite, ref, str(paper), "mo", on="2026-11-03", filed=filed)
    assert said in str(refused.value)
    assert dump(ws_sqlite) == before


def test_a_note_is_dated_by_its_own_day_and_keeps_when_it_was_recorded(ws_sqlite):
    ref = open_case(ws_sqlite, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02")
    nid = annotate(ws_sqlite, ref, "Met the complainant on the 4th.", "mo", on="2026-11-04")
    [note] = [n for n in show_case(ws_sqlite, ref, "mo")["notes"] if n["id"] == nid]
    assert note["day"] == "2026-11-04"
    assert note["at"][:10] != "2026-11-04"  # recorded now, as the trail has it
    assert f"#{nid} 2026-11-04 mo: Met the complainant" in render(show_case(ws_sqlite, ref, "mo"))


def test_the_demo_dates_notes_papers_and_views_on_the_case_calendar(tmp_path):
    """Issue 18, item 6: a demo case from last year reads as last year everywhere."""
    ws = make_workspace(f"sqlite:///{tmp_path}/demo.db")
    build(ws, "mo", 16, 2026)
    with read(ws.engine) as s:
        refs = list(s.execute(select(Case.ref)).scalars())
    seen_view = False
    for ref in refs:
        case = show_case(ws, ref, "mo")
        said = {e["data"]["note_id"]: effective_day(e["data"], e["at"]).isoformat()
                for e in case["history"] if e["data"].get("note_id")}
        for n in case["notes"]:
            assert n["day"] == said[n["id"]], (ref, n)
        days = [r["on"] for r in timeline(ws, ref, "mo")["rows"]]
        assert days == sorted(days) and days[-1] <= TODAY.isoformat(), (ref, days)
        views = [it for it in gather(ws, ref, "mo", False, None).items if it.kind == "note"]
        for it in views:
            seen_view = True
            note = next(n for n in case["notes"] if f"note {n['id']}" == it.filename)
            assert it.dated.isoformat() == note["day"] < TODAY.isoformat()
    assert seen_view, "the demo has no Independent Person's view to check"
