"""A council's complaints as the public register is tested on: one of each kind it must show,
and those it must leave out."""

from datetime import date

from helpers import _letter, assessed, draft_shared
from helpers import heard as hearing_ready

from casework.cases.advance import advance
from casework.cases.assessment import anonymity
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, record_sanction
from casework.exports.decision import publish
from casework.exports.withdrawal import withdraw_notice


def _to_hearing(ws, about: str, received: str, panel: str) -> str:
    ref = open_case(ws, "mo", about, "Bob Smith", "21.9.3", f"Shouted at an officer ({about})", received)
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-09-07")
    assessed(ws, ref, on="2026-09-30")
    advance(ws, ref, "investigate", "mo", on="2026-09-30")
    draft_shared(ws, ref, on="2026-10-20")
    advance(ws, ref, "complete_investigation", "inv", on="2026-10-20")
    _letter(ws, ref, "inv", "investigation-report", "2026-10-20")
    annotate(ws, ref, "Bob Smith fears reprisal", "mo", confidential=True)
    grant(ws, ref, "ip", "mo")
    annotate(ws, ref, "The IP considers a breach likely", "ip", kind="ip-view", confidential=True)
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-27", note="For the Standards Committee")
    hearing_ready(ws, ref, on="2026-10-27", panel=(panel,))
    return ref


def build(ws) -> dict[str, str]:
    """{kind: reference} for every kind of complaint the register is tested on."""
    refs = {}
    refs["breach"] = r = _to_hearing(ws, "Cllr Ann Jones", "2026-09-01", "Cllr Tom Price")
    advance(ws, r, "find_breach", "clerk", note="The Sub-Committee found a breach of 21.9.3.", on="2026-11-10")
    record_sanction(ws, r, "training", "clerk", detail="Dignity at work course.", due="2026-12-31")
    publish(ws, r, "clerk", on=date(2026, 11, 12))

    refs["no_breach"] = r = _to_hearing(ws, "Cllr Tom Price", "2026-09-02", "Cllr Ann Jones")
    advance(ws, r, "find_no_breach", "clerk", note="No breach: the words were not directed at the officer.", on="2026-11-11")
    publish(ws, r, "clerk", on=date(2026, 11, 13))

    refs["withdrawn"] = r = _to_hearing(ws, "Cllr Tom Price", "2026-09-04", "Cllr Ann Jones")
    advance(ws, r, "find_breach", "clerk", note="A breach of 21.9.3.", on="2026-11-09")
    record_sanction(ws, r, "apology", "clerk")
    publish(ws, r, "clerk", on=date(2026, 11, 10))
    withdraw_notice(ws, r, "mo", "Published before the member's appeal period ended", on="2026-11-16")

    refs["no_action"] = r = open_case(ws, "mo", "Cllr Ann Jones", "Olive Manager", "21.9.1", "Rude in a lift", "2026-10-01")
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2026-10-02")
    anonymity(ws, r, "request", "mo", "Fears reprisal", on="2026-10-02")
    anonymity(ws, r, "grant", "mo", "Reprisal is a real risk", on="2026-10-05")
    assessed(ws, r, on="2026-10-14")
    advance(ws, r, "no_further_action", "mo", reason="below-threshold", note="Below the threshold", on="2026-10-15")

    refs["officer"] = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Rude to a councillor", "2026-10-05")
    refs["informal"] = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.2", "Pressed for a report", "2026-10-06")
    refs["confidential"] = r = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.11", "Leaked papers",
                                         "2026-10-07", confidential=True)
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2026-10-08")
    return refs
