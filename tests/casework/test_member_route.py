"""A complaint about a Member, end to end through the services, on SQLite and PostgreSQL."""

import json
from datetime import date

import pytest
from helpers import assessed, draft_shared, heard
from sqlmodel import Session, select

from casework.audit import chain as audit
from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach, record_compliance, record_sanction
from casework.cases.views import show_case
from casework.errors import Refused
from casework.exports.decision import publish
from db.models import AuditEvent, Case, Note, Sanction


def _case(ws, ref):
    with Session(ws.engine) as s:
        return s.exec(select(Case).where(Case.ref == ref)).one()


def test_intake_to_sanctions_and_closure(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at a planning officer after committee", "2026-09-01")
    assert ref == "MOP-2026-0001"
    advance(ws, ref, "consult_head_of_service", "mo", on="2026-09-03")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-09-10")
    assessed(ws, ref, on="2026-09-30")
    advance(ws, ref, "investigate", "mo", on="2026-09-30")
    draft_shared(ws, ref, on="2026-10-20")
    advance(ws, ref, "complete_investigation", "inv", on="2026-10-20")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 final report")
    attach(ws, ref, str(report), "inv", section="investigation-report")
    report.unlink()  # the case keeps its own copy
    grant(ws, ref, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, ref, "The IP considers a breach likely", "ip", kind="ip-view")
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-27", note="Report finds a case to answer; for the Standards Committee")
    heard(ws, ref, on="2026-10-27")
    advance(ws, ref, "find_breach", "clerk", note="Panel found a breach of 21.9.3", on="2026-11-10")
    sid = record_sanction(ws, ref, "training", "clerk", detail="Dignity at work course", due="2026-12-31")
    record_sanction(ws, ref, "censure", "mo")
    with pytest.raises(Refused, match="sanctions still open"):
        advance(ws, ref, "close", "mo")
    record_compliance(ws, ref, sid, "mo", complied="2026-11-18")
    censure = _sanction_id(ws, ref, "censure")
    record_compliance(ws, ref, censure, "mo", not_complied="Member declined to acknowledge")
    with pytest.raises(Refused, match=r"the decision notice has not been issued: issue it with "
                                      r"casework decision MOP-2026-0001"):
        advance(ws, ref, "close", "clerk")
    publish(ws, ref, "clerk", on=date(2026, 11, 19))
    advance(ws, ref, "close", "clerk")
    with pytest.raises(Refused, match=r"^MOP-2026-0001 has ended \(Closed\), so no sanction can be recorded; "
                                      r"sanctions are recorded after a finding of breach, before the case is closed$"):
        record_sanction(ws, ref, "censure", "mo")

    case = _case(ws, ref)
    assert case.state == "closed" and not case.is_open and case.next_due is None
    shown = show_case(ws, ref, "mo")
    assert [d["stage"] for d in shown["deadlines"]][:3] == ["received", "hos_consulted", "assessment"]
    # every stage in time, the decision notice among them (due 2026-11-24)
    assert all(d["met"] is True for d in shown["deadlines"])
    assert [d["section"] for d in shown["documents"]][:3] == ["subject-notice", "draft-report", "investigation-report"]
    with Session(ws.engine) as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.case_ref == ref)
                      .where(AuditEvent.action == "transition").order_by(AuditEvent.seq.desc())).first()
        assert last.to_state == "closed"
        assert audit.verify(s).ok
        finding = s.exec(select(Note).where(Note.text.like("Panel found%"))).one()
        assert json.loads(s.exec(select(AuditEvent.data).where(AuditEvent.to_state == "sanctions")).one())["note_id"] == finding.id


def _sanction_id(ws, ref, kind):
    with Session(ws.engine) as s:
        case = s.exec(select(Case).where(Case.ref == ref)).one()
        return s.exec(select(Sanction.id).where(Sanction.case_id == case.id, Sanction.kind == kind)).one()


def test_no_further_action_review_and_reopen(ws):
    ref = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.2", "Pressed for a decision", "2026-10-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    advance(ws, ref, "no_further_action", "mo", reason="below-threshold", note="Does not meet the assessment criteria")
    assert not _case(ws, ref).is_open
    advance(ws, ref, "request_review", "mo", note="Complainant asked for a review")
    advance(ws, ref, "reassess", "dep", note="New evidence from the complainant")
    assert _case(ws, ref).state == "assessment"
    advance(ws, ref, "seek_local_resolution", "mo")
    advance(ws, ref, "resolve", "mo", note="Resolved: apology given and accepted")
    advance(ws, ref, "reopen", "mo", note="Behaviour repeated within a month")
    case = _case(ws, ref)
    assert case.state == "assessment" and case.is_open


def test_withdrawal_and_local_resolution_failing_to_investigation(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Olive Manager", "21.9.1", "Rude emails", "2026-11-02")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    advance(ws, ref, "seek_local_resolution", "mo")
    advance(ws, ref, "investigate", "mo")  # the Member would not apologise
    advance(ws, ref, "withdraw", "mo", note="Complainant withdrew; no public interest in continuing")
    assert _case(ws, ref).state == "withdrawn"
