"""A complaint about an Officer: the line manager, Head of Service and HR rungs."""

import pytest
from helpers import acas_papers, outcome_letter
from sqlmodel import Session, select

from casework.cases.advance import advance
from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.cases.papers import record_sanction
from casework.errors import Refused
from casework.people import register
from casework.workflow.routes import events_from
from db.models import Case


def _state(ws, ref):
    with Session(ws.engine) as s:
        return s.exec(select(Case.state).where(Case.ref == ref)).one()


def test_informal_resolution(ws):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1",
                    "Officer was curt at a ward surgery", "2026-11-10")
    advance(ws, ref, "try_informal", "hr", on="2026-11-11")
    advance(ws, ref, "resolve", "hr", on="2026-11-17", note="Resolved: apology given and accepted")
    assert _state(ws, ref) == "resolved"
    assert list_cases(ws, "hr") == []


def test_escalation_to_disciplinary_outcome_and_appeal(ws):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Tom Price", "21.10.3",
                    "No reply to three letters over two months", "2026-09-01")
    advance(ws, ref, "refer_to_line_manager", "hr", on="2026-09-02")
    advance(ws, ref, "escalate", "hr", on="2026-09-20")
    assert _state(ws, ref) == "head_of_service"
    advance(ws, ref, "escalate", "hr", on="2026-10-01")
    acas_papers(ws, ref, on="2026-10-15")
    advance(ws, ref, "find_breach", "hr", note="Disciplinary hearing found misconduct", on="2026-10-20")
    record_sanction(ws, ref, "first-written-warning", "hr", detail="12 months")
    outcome_letter(ws, ref, on="2026-10-21")
    advance(ws, ref, "lodge_appeal", "hr", on="2026-10-27")
    with pytest.raises(Refused, match=r"you recorded the outcome under appeal.*ACAS Code"):
        advance(ws, ref, "dismiss_appeal", "hr", note="Appeal panel upheld the warning")
    register.add_user(ws, "mo", "hr2", "Second Adviser", "hr")
    advance(ws, ref, "dismiss_appeal", "hr2", note="Appeal panel upheld the warning")
    assert _state(ws, ref) == "closed"  # heard once: no appeal after appeal
    assert events_from("officer", "closed") == ["reopen"]


def test_the_monitoring_officer_advises_but_does_not_record_the_employers_decisions(ws):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Tom Price", "21.10.3", "No replies", "2026-09-01")
    advance(ws, ref, "refer_serious", "mo", note="Possible misconduct")
    acas_papers(ws, ref)
    for event in ("find_breach", "find_no_breach"):
        with pytest.raises(Refused, match=r"only the HR adviser may record a finding"):
            advance(ws, ref, event, "mo", note="misconduct")
    advance(ws, ref, "find_breach", "hr", note="misconduct")
    with pytest.raises(Refused, match=r"HR adviser"):
        record_sanction(ws, ref, "final-written-warning", "mo")
    record_sanction(ws, ref, "final-written-warning", "hr")


def test_direct_referral_of_serious_matter_and_no_case_to_answer(ws):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.11",
                    "Leaked a confidential report", "2026-11-02")
    advance(ws, ref, "refer_serious", "hr", note="Possible gross misconduct")
    acas_papers(ws, ref)
    advance(ws, ref, "find_no_breach", "hr", note="The report was already public")
    assert _state(ws, ref) == "no_breach"
