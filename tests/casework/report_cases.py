"""Twelve complaints over 2024-2026, on both routes, played through the real services, for the
annual report's tests. Every figure the tests expect is counted by hand from this page.

Working days below leave out weekends and bank holidays (England): 1 Jan 2026 is one.

| case | route | clause | received | what happened (dates) | now | received -> end (wd) |
|---|---|---|---|---|---|---|
| A1 | member | 21.9.1 | 2024-03-04 | MO 03-06, no further action 03-20 | no_action | 12 |
| A2 | officer | 21.10 | 2024-06-03 | informal 06-05, resolved 06-12 | resolved | 7 |
| B1 | member | 21.9.3 | 2025-02-03 | MO 02-04, investigation 02-05, report 02-12, hearing 02-14, breach 02-19, training complied 02-20, censure not complied, closed 02-21 | closed | 14 |
| B2 | officer | 21.9.1 | 2025-03-03 | line manager 03-04 (left 03-25: 15 wd, timescale 10, late), Head of Service 03-25, no case to answer 03-27 | no_breach | 18 |
| B3 | member | 21.9.3 | 2025-06-02 | withdrawn 06-04 | withdrawn | 2 |
| B4 | officer | 21.9.4 | 2025-12-31 | nothing yet | received | open |
| C1 | member | 21.9.3 | 2026-01-02 | MO 01-12 (received left after 6 wd, timescale 5, late), no further action 01-14 | no_action | 8 |
| C2 | member | 21.9.1 | 2026-02-02 | MO 02-03, local resolution 02-05, resolved 02-19 (10 wd) | resolved | 13 |
| C3 | officer | 21.10 | 2026-03-02 | disciplinary 03-03, breach 03-10; first written warning due 2026-12-31 and advice due 2026-04-30, both outstanding | outcome | open |
| C4 | officer | 21.9.1 | 2026-04-01 | withdrawn 04-02 | withdrawn | 1 |
| C5 | member | 21.11 | 2026-06-01 | MO 06-02; restricted (confidential) | assessment | open |
| C6 | member | social-media | 2026-11-16 | nothing yet | received | open, 4 wd on 2026-11-20 |
"""

from datetime import date

from helpers import acas_papers, assessed, draft_shared, heard, populated_workspace

from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach, record_compliance, record_sanction
from casework.exports.decision import publish

MEMBER, MEMBER2, OFFICER, OFFICER2 = "Cllr Ann Jones", "Cllr Tom Price", "Bob Smith", "Olive Manager"
NAMES = (MEMBER, MEMBER2, OFFICER, OFFICER2)
SUMMARY = "Spoke sharply to {who} in the corridor"


def about_member(ws, clause, received, who=MEMBER, confidential=False) -> str:
    return open_case(ws, "mo", who, OFFICER, clause, SUMMARY.format(who=OFFICER), received, confidential)


def about_officer(ws, clause, received, who=OFFICER) -> str:
    return open_case(ws, "mo", who, MEMBER2, clause, SUMMARY.format(who=MEMBER2), received)


def build(url: str, tmp_path) -> tuple:
    ws = populated_workspace(url)
    refs = {}
    refs["A1"] = r = about_member(ws, "21.9.1", "2024-03-04")
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2024-03-06")
    assessed(ws, r, on="2024-03-20")
    advance(ws, r, "no_further_action", "mo", reason="below-threshold", note="Below the threshold", on="2024-03-20")
    refs["A2"] = r = about_officer(ws, "21.10", "2024-06-03")
    advance(ws, r, "try_informal", "mo", on="2024-06-05")
    advance(ws, r, "resolve", "mo", on="2024-06-12", note="Resolved: apology given and accepted")

    refs["B1"] = r = about_member(ws, "21.9.3", "2025-02-03", who=MEMBER2)
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2025-02-04")
    assessed(ws, r, on="2025-02-05")
    advance(ws, r, "investigate", "mo", on="2025-02-05")
    draft_shared(ws, r, on="2025-02-12")
    advance(ws, r, "complete_investigation", "inv", on="2025-02-12")
    report = tmp_path / "final-report.txt"
    report.write_text("Final report of the Investigating Officer\n")
    attach(ws, r, str(report), "inv", section="investigation-report", on="2025-02-12")
    grant(ws, r, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, r, "The Independent Person considers a breach likely", "ip", kind="ip-view")
    advance(ws, r, "refer_to_hearing", "mo", on="2025-02-14", note="Report finds a case to answer; for the Standards Committee")
    heard(ws, r, panel=(MEMBER,), on="2025-02-14")
    advance(ws, r, "find_breach", "clerk", note="The panel found a breach", on="2025-02-19")
    training = record_sanction(ws, r, "training", "clerk", due="2025-03-31", on="2025-02-19")
    censure = record_sanction(ws, r, "censure", "clerk", on="2025-02-19")
    record_compliance(ws, r, training, "clerk", complied="2025-02-20")
    record_compliance(ws, r, censure, "clerk", not_complied="Declined to acknowledge it", on="2025-02-20")
    publish(ws, r, "clerk", on=date(2025, 2, 20))
    advance(ws, r, "close", "clerk", on="2025-02-21")
    refs["B2"] = r = about_officer(ws, "21.9.1", "2025-03-03", who=OFFICER2)
    advance(ws, r, "refer_to_line_manager", "hr", on="2025-03-04")
    advance(ws, r, "escalate", "hr", on="2025-03-25")
    advance(ws, r, "find_no_breach", "hr", note="No case to answer", on="2025-03-27")
    refs["B3"] = r = about_member(ws, "21.9.3", "2025-06-02")
    advance(ws, r, "withdraw", "mo", note="The complainant withdrew", on="2025-06-04")
    refs["B4"] = about_officer(ws, "21.9.4", "2025-12-31")

    refs["C1"] = r = about_member(ws, "21.9.3", "2026-01-02")
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2026-01-12")
    assessed(ws, r, on="2026-01-14")
    advance(ws, r, "no_further_action", "mo", reason="below-threshold", note="Below the threshold", on="2026-01-14")
    refs["C2"] = r = about_member(ws, "21.9.1", "2026-02-02", who=MEMBER2)
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2026-02-03")
    assessed(ws, r, "protocol", on="2026-02-05")
    advance(ws, r, "seek_local_resolution", "mo", on="2026-02-05")
    advance(ws, r, "resolve", "mo", on="2026-02-19", note="Resolved: apology given and accepted")
    refs["C3"] = r = about_officer(ws, "21.10", "2026-03-02")
    advance(ws, r, "refer_serious", "hr", note="Serious enough for HR", on="2026-03-03")
    acas_papers(ws, r, on="2026-03-09")
    advance(ws, r, "find_breach", "hr", note="Disciplinary hearing found misconduct", on="2026-03-10")
    record_sanction(ws, r, "first-written-warning", "hr", due="2026-12-31", on="2026-03-10")
    record_sanction(ws, r, "management-advice", "hr", due="2026-04-30", on="2026-03-10")
    refs["C4"] = r = about_officer(ws, "21.9.1", "2026-04-01", who=OFFICER2)
    advance(ws, r, "withdraw", "hr", note="The Member withdrew", on="2026-04-02")
    refs["C5"] = r = about_member(ws, "21.11", "2026-06-01", confidential=True)
    advance(ws, r, "refer_to_monitoring_officer", "mo", on="2026-06-02")
    refs["C6"] = about_member(ws, "social-media", "2026-11-16", who=MEMBER2)
    return ws, refs
