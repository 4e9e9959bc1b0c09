"""Timeline PDF, decision notice and whole-case JSON: what each says, who may have it,
and that each export is written whole and recorded in the audit."""

import base64
import hashlib
import json
from datetime import date

import evidence as ev
import pytest
from cli_runner import run_cli
from helpers import assessed, draft_shared, dump
from helpers import heard as hearing_ready
from pypdf import PdfReader
from sqlalchemy import text

from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach, record_sanction
from casework.cases.timeline import timeline
from casework.errors import Refused, UserError
from casework.exports.decision import publish
from casework.exports.files import case_json, timeline_file


@pytest.fixture
def heard(ws, tmp_path):
    """A Member complaint taken to a hearing and found proven, with a sanction."""
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at a planning officer after committee", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-09-03")
    assessed(ws, ref, on="2026-09-30")
    advance(ws, ref, "investigate", "mo", on="2026-09-30")
    draft_shared(ws, ref, on="2026-10-20")
    advance(ws, ref, "complete_investigation", "inv", on="2026-10-20")
    annotate(ws, ref, "Bob Smith fears reprisal from the Member", "mo", confidential=True)
    grant(ws, ref, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, ref, "The IP considers a breach likely", "ip", kind="ip-view", confidential=True)
    attach(ws, ref, str(ev.pdf(tmp_path / "report.pdf", 2)), "inv", "investigation-report")
    attach(ws, ref, str(ev.pdf(tmp_path / "medical.pdf", 1)), "mo", "evidence", exemption="1")
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-27", note="Report finds a case to answer; for the Standards Committee")
    hearing_ready(ws, ref, on="2026-10-27")
    advance(ws, ref, "find_breach", "clerk", note="The Sub-Committee found a breach of 21.9.3.", on="2026-11-10")
    record_sanction(ws, ref, "training", "clerk", detail="Dignity at work course.", due="2026-12-31")
    return ref


def _last_export(ws):
    with ws.engine.connect() as conn:
        action, data = conn.execute(text("SELECT action, data FROM audit_event WHERE action = 'export' ORDER BY seq DESC LIMIT 1")).one()
    return action, json.loads(data)


def test_decision_notice_publishes_the_finding_and_nothing_private(ws, heard):
    notice = publish(ws, heard, "clerk")
    assert "Member complained about: Cllr Ann Jones" in notice
    assert "The Standards Committee, at its hearing, on 10 November 2026, found that Cllr Ann Jones breached" in notice
    assert "The Sub-Committee found a breach of 21.9.3." in notice
    assert "- Training: Dignity at work course, to be complied with by 31 December 2026." in notice
    assert "Independent Person were sought" in notice
    for private in ("Bob Smith", "reprisal", "breach likely", "medical"):
        assert private not in notice
    action, data = _last_export(ws)
    assert action == "export" and data["what"] == "decision notice"
    assert data["sha256"] == hashlib.sha256(notice.encode()).hexdigest()


def test_decision_notice_refusals(ws, heard):
    other = open_case(ws, "mo", "Cllr Tom Price", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    officer = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Rude", "2026-11-02")
    before = dump(ws)
    with pytest.raises(UserError, match="has no decision to publish yet"):
        publish(ws, other, "mo")
    with pytest.raises(Refused, match="personnel file"):
        publish(ws, officer, "mo")
    for login in ("view", "hr", "inv"):
        with pytest.raises(Refused):
            publish(ws, heard, login)
    assert dump(ws) == before


def test_timeline_pdf_lists_every_event_with_page_numbers(ws, heard, tmp_path):
    rows = timeline(ws, heard, "mo")["rows"]
    out = timeline_file(ws, heard, "hr", "pdf", tmp_path / "t.pdf")
    pages = [p.extract_text() for p in PdfReader(out).pages]
    whole = "\n".join(pages)
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in page
    assert "Working days in each stage" in whole
    for row in rows:
        assert row["what"][:20] in whole.replace("\n", " ")
    assert timeline(ws, heard, "mo")["rows"][-1]["what"] == "exported: timeline (pdf)"
    assert "10/11/2026" in whole
    action, data = _last_export(ws)
    assert data["what"] == "timeline (pdf)" and data["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    with pytest.raises(UserError, match="should end in .csv"):
        timeline_file(ws, heard, "mo", "csv", tmp_path / "t.pdf")


def test_case_json_carries_files_and_audit_hashes_as_the_reader_may_see_them(ws, heard, tmp_path):
    data = case_json(ws, heard, "mo", files=True)
    assert data["format"] == "casework-case/1" and data["case"]["ref"] == heard
    docs = {d["filename"]: d for d in data["case"]["documents"]}
    raw = (tmp_path / "report.pdf").read_bytes()
    assert base64.b64decode(docs["report.pdf"]["content_base64"]) == raw
    assert docs["medical.pdf"]["exemption"] == "1"
    with ws.engine.connect() as conn:
        chain = dict(conn.execute(text("SELECT seq, hash FROM audit_event WHERE case_ref = :r AND action != 'read'"), {"r": heard}).all())
    assert {e["seq"]: e["hash"] for e in data["case"]["history"]} == chain
    viewer = case_json(ws, heard, "view")
    assert [d["filename"] for d in viewer["case"]["documents"]] == ["subject-notice.txt", "draft-report.txt", "report.pdf", "hearing-notice.txt"]
    assert "reprisal" not in json.dumps(viewer)


def test_command_line_exports(ws, heard, tmp_path, db_url):
    def cli(*args, user="clerk"):
        return run_cli(db_url, *args, user=user)

    bare = cli("timeline", heard, "--format", "pdf", user="hr")
    assert bare.code == 2 and "needs --out" in bare.err
    assert cli("timeline", heard, "--format", "pdf", "--out", str(tmp_path / "t.pdf"), user="hr").code == 0
    assert len(PdfReader(tmp_path / "t.pdf").pages) >= 1
    assert cli("timeline", heard, "--format", "csv", "--out", str(tmp_path / "t.csv"), user="hr").code == 0
    assert (tmp_path / "t.csv").read_text().startswith("seq,at,on,actor")
    ok = cli("decision", heard, "--out", str(tmp_path / "notice.md"))
    assert ok.code == 0, ok.err
    assert "found that Cllr Ann Jones breached" in (tmp_path / "notice.md").read_text()
    assert cli("export", heard, "--out", str(tmp_path / "case.json"), "--files", user="mo").code == 0
    assert json.loads((tmp_path / "case.json").read_text())["case"]["ref"] == heard
    before = dump(ws)
    bad = cli("export", heard, "--out", str(tmp_path / "missing" / "case.json"), user="mo")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "does not exist" in bad.err
    assert dump(ws) == before


def test_a_paper_comes_out_as_attached_or_not_at_all(ws, heard, tmp_path):
    from casework.cases.views import show_case
    from casework.exports.files import document_file

    docs = {d["filename"]: d["id"] for d in show_case(ws, heard, "mo")["documents"]}
    out = document_file(ws, heard, docs["report.pdf"], "mo", tmp_path / "copy.pdf")
    assert out.read_bytes() == (tmp_path / "report.pdf").read_bytes()
    with pytest.raises(UserError, match="has no document"):
        document_file(ws, heard, docs["medical.pdf"], "view", tmp_path / "m.pdf")  # confidential
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE blob SET data = :d"), {"d": b"%PDF-1.4 swapped"})
    def exports():
        with ws.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'export'")).scalar()

    before = exports()
    with pytest.raises(UserError, match=r"document \d+ \(report.pdf\) no longer matches its SHA-256"):
        document_file(ws, heard, docs["report.pdf"], "mo", tmp_path / "again.pdf")
    assert not (tmp_path / "again.pdf").exists() and exports() == before


def test_the_decision_notice_deadline_is_met_only_by_issuing_the_notice(ws, heard):
    """Breach found on 2026-11-10: the notice is due ten working days later, 2026-11-24.
    Leaving the stage, or the stage merely running, does not meet it."""
    from casework.cases.listing import list_cases
    from casework.cases.views import show_case

    def notice():
        (step,) = [d for d in show_case(ws, heard, "mo")["deadlines"] if d["stage"] == "sanctions"]
        assert (step["step"], step["due"]) == ("decision notice", "2026-11-24")
        return step["met"]

    assert notice() is None  # today 2026-11-20: not yet due, none issued
    ws.today = lambda: date(2026, 11, 30)
    assert notice() is False  # due and none issued
    assert [c["ref"] for c in list_cases(ws, "mo", overdue=True)] == [heard]  # overdue, as any duty
    publish(ws, heard, "clerk", on=date(2026, 11, 23))
    assert notice() is True  # issued the day before it was due
    # Issued, nothing more is due of the stage: the queue no longer shows it overdue.
    assert [c["ref"] for c in list_cases(ws, "mo", overdue=True)] == []


def test_a_decision_notice_issued_late_is_a_missed_deadline(ws, heard):
    from casework.cases.views import show_case

    ws.today = lambda: date(2026, 12, 2)
    publish(ws, heard, "clerk", on=date(2026, 12, 1))
    (step,) = [d for d in show_case(ws, heard, "mo")["deadlines"] if d["stage"] == "sanctions"]
    assert step["met"] is False
