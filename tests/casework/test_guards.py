"""Every guard refuses with a reason a person can read, and a refusal changes nothing."""

from importlib import resources

import pytest
from helpers import (
    acas_papers,
    assessed,
    draft_shared,
    dump,
    heard,
    link_user_to_person,
    populated_workspace,
)

from casework.cases.advance import advance
from casework.cases.assignments import grant, revoke
from casework.cases.opening import assign, open_case
from casework.cases.papers import annotate, attach, record_sanction
from casework.cases.views import show_case
from casework.errors import Conflict, Refused, UserError
from casework.exports.decision import publish


def _at_decision(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    advance(ws, ref, "investigate", "mo")
    draft_shared(ws, ref)
    advance(ws, ref, "complete_investigation", "inv")
    return ref


def refused(ws, fn, *args, match, **kw):
    before = dump(ws)
    with pytest.raises(Refused, match=match):
        fn(*args, **kw)
    assert dump(ws) == before


def _with_view(ws, ref):
    """An Independent Person assigned to the case gives a view: what s.28(7)(a) asks."""
    grant(ws, ref, "ip", "mo")
    annotate(ws, ref, "View given", "ip", kind="ip-view")


def test_no_decision_without_independent_persons_view(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    grant(ws, ref, "ip", "mo")
    annotate(ws, ref, "Consulted at assessment", "ip", kind="ip-view")  # before the investigation
    assessed(ws, ref)
    advance(ws, ref, "investigate", "mo")
    draft_shared(ws, ref)
    advance(ws, ref, "complete_investigation", "inv")
    paper = tmp_path / "view.txt"
    paper.write_text("a view")
    attach(ws, ref, str(paper), "mo", section="independent-person")  # a paper is not the view
    for event in ("find_no_breach", "seek_local_resolution"):
        refused(ws, advance, ws, ref, event, "mo", note="decided",
                match=r"Independent Person assigned to the case, recorded after the investigation")
    annotate(ws, ref, "No breach in my view", "ip", kind="ip-view")
    advance(ws, ref, "find_no_breach", "mo", note="IP agreed")
    # Reopened and investigated again: the earlier view was of the earlier investigation.
    advance(ws, ref, "reopen", "mo", note="new evidence")
    advance(ws, ref, "investigate", "mo")
    draft_shared(ws, ref)
    advance(ws, ref, "complete_investigation", "inv")
    refused(ws, advance, ws, ref, "find_no_breach", "mo", note="decided", match=r"s\.28\(7\)\(a\)")
    annotate(ws, ref, "Still no breach", "ip", kind="ip-view")
    advance(ws, ref, "find_no_breach", "mo", note="IP agreed again")


def test_a_view_from_an_independent_person_no_longer_assigned_does_not_count(ws):
    ref = _at_decision(ws)
    _with_view(ws, ref)
    revoke(ws, ref, "ip", "mo")
    refused(ws, advance, ws, ref, "find_no_breach", "mo", note="decided", match=r"casework grant")


def test_an_english_profile_cannot_switch_the_independent_person_off(tmp_path):
    from casework.profile.council import load_profile
    text = (resources.files("casework.profile") / "builtin" / "england.toml").read_text()
    custom = tmp_path / "council.toml"
    custom.write_text(text.replace("independent_person_required = true",
                                   "independent_person_required = false"))
    with pytest.raises(UserError, match=r"statutory duty \(Localism Act 2011 s.28\(7\)\).*line 29"):
        load_profile(str(custom))


def test_wales_profile_does_not_require_the_independent_person(sqlite_url):
    ws = populated_workspace(sqlite_url, "wales")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    for event in ("refer_to_ombudsman", "ombudsman_refers_for_investigation"):
        advance(ws, ref, event, "mo", note="as the Ombudsman decided")
    draft_shared(ws, ref)
    advance(ws, ref, "complete_investigation", "inv")
    advance(ws, ref, "find_no_breach", "mo", note="no breach")


def test_no_hearing_without_investigation_report(ws, tmp_path):
    ref = _at_decision(ws)
    _with_view(ws, ref)
    refused(ws, advance, ws, ref, "refer_to_hearing", "mo", match="investigation report")
    evidence = tmp_path / "email.txt"
    evidence.write_text("an email")
    attach(ws, ref, str(evidence), "mo", section="evidence")  # the wrong section does not count
    refused(ws, advance, ws, ref, "refer_to_hearing", "mo", match="investigation report")
    attach(ws, ref, str(evidence), "inv", section="investigation-report")
    advance(ws, ref, "refer_to_hearing", "mo", note="Report finds a case to answer; for the Standards Committee")
    heard(ws, ref)


def test_no_sanction_without_finding_of_breach(ws):
    ref = _at_decision(ws)
    refused(ws, record_sanction, ws, ref, "censure", "mo", match="no finding of breach")


def test_sanction_must_come_from_the_routes_catalogue(ws):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt", "2026-10-01")
    advance(ws, ref, "refer_serious", "hr", note="serious")
    acas_papers(ws, ref)
    advance(ws, ref, "find_breach", "hr", note="misconduct")
    refused(ws, record_sanction, ws, ref, "censure", "hr", match="not a sanction for this route")
    record_sanction(ws, ref, "final-written-warning", "hr")


def test_england_member_sanctions_exclude_suspension(ws, tmp_path):
    ref = _at_decision(ws)
    _with_view(ws, ref)
    report = tmp_path / "report.txt"
    report.write_text("final report")
    attach(ws, ref, str(report), "inv", section="investigation-report")
    advance(ws, ref, "refer_to_hearing", "mo", note="Report finds a case to answer; for the Standards Committee")
    heard(ws, ref)
    advance(ws, ref, "find_breach", "clerk", note="breach")
    refused(ws, record_sanction, ws, ref, "suspension", "mo", match="not a sanction for this route")
    record_sanction(ws, ref, "censure", "clerk")


def test_monitoring_officer_conflicted_as_subject_passes_to_deputy(ws):
    link_user_to_person(ws, "mo", "Mo Officer")
    ref = open_case(ws, "dep", "Mo Officer", "Cllr Tom Price", "21.9.1", "Dismissive", "2026-11-02")
    refused(ws, advance, ws, ref, "try_informal", "mo", match="a Deputy Monitoring Officer must")
    refused(ws, annotate, ws, ref, "my side", "mo", match="a Deputy Monitoring Officer must")
    with pytest.raises(Refused, match="a deputy must"):
        assign(ws, ref, "mo", "dep")
    advance(ws, ref, "try_informal", "dep")


def test_party_cannot_log_a_complaint_about_themselves(ws):
    link_user_to_person(ws, "hr", "Bob Smith")
    with pytest.raises(Refused, match="party"):
        open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "x", "2026-11-02")


def test_a_finding_of_breach_closes_only_once_the_decision_notice_is_issued(ws, tmp_path):
    ref = _at_decision(ws)
    _with_view(ws, ref)
    report = tmp_path / "report.txt"
    report.write_text("final report")
    attach(ws, ref, str(report), "inv", section="investigation-report")
    advance(ws, ref, "refer_to_hearing", "mo", note="for the committee")
    heard(ws, ref)
    advance(ws, ref, "find_breach", "clerk", note="breach")
    refused(ws, advance, ws, ref, "close", "clerk", match="decision notice has not been issued")
    # The Monitoring Officer may close without one, saying why.
    refused(ws, advance, ws, ref, "close", "mo", match="decision notice has not been issued")
    advance(ws, ref, "close", "mo", note="No notice: the committee resolved to publish none")
    # Reopened and found in breach again: the earlier notice was of the earlier finding.
    publish(ws, ref, "clerk")
    advance(ws, ref, "reopen", "mo", note="new evidence")
    advance(ws, ref, "investigate", "mo")
    draft_shared(ws, ref)
    advance(ws, ref, "complete_investigation", "inv")
    annotate(ws, ref, "View again", "ip", kind="ip-view")
    attach(ws, ref, str(report), "inv", section="investigation-report")  # this round's report
    advance(ws, ref, "refer_to_hearing", "mo", note="for the committee")
    heard(ws, ref)  # and this hearing's notice and panel
    advance(ws, ref, "find_breach", "clerk", note="breach again")
    refused(ws, advance, ws, ref, "close", "clerk", match="decision notice has not been issued")
    publish(ws, ref, "clerk")
    advance(ws, ref, "close", "clerk")


def test_decisions_need_a_note(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "x", "2026-11-02")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    refused(ws, advance, ws, ref, "no_further_action", "mo", reason="below-threshold",
            match="note saying why")
    refused(ws, advance, ws, ref, "no_further_action", "mo", reason="below-threshold", note="   ",
            match="note saying why")


def test_ombudsman_only_in_wales(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "x", "2026-11-02")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    refused(ws, advance, ws, ref, "refer_to_ombudsman", "mo", note="x", match="Welsh regime")


def test_the_ombudsmans_event_is_offered_only_under_the_welsh_regime(ws, tmp_path):
    from casework.profile.council import load_profile

    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "x", "2026-11-02")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    offered = [e["name"] for e in show_case(ws, ref, "mo")["events"]]
    assert "refer_to_ombudsman" not in offered and "investigate" in offered
    ws.profile = load_profile("wales")
    offered = [e["name"] for e in show_case(ws, ref, "mo")["events"]]
    # In Wales the Monitoring Officer investigates only on the Ombudsman's referral (s.70(4)).
    assert "refer_to_ombudsman" in offered and "investigate" not in offered
    refused(ws, advance, ws, ref, "investigate", "mo", match=r"only when the Public Services "
            r"Ombudsman for Wales refers it \(Local Government Act 2000 s\.70\(4\)\)")


def test_event_not_possible_from_this_stage_names_what_is(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "x", "2026-11-02")
    refused(ws, advance, ws, ref, "refer_to_hearing", "mo", match="possible now: consult_head_of_service")
    with pytest.raises(UserError, match="not an event of a complaint about a Member"):
        advance(ws, ref, "lodge_appeal", "mo")


def test_stale_version_is_a_conflict(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "x", "2026-11-02")
    seen = show_case(ws, ref, "mo")["version"]
    annotate(ws, ref, "someone else's note", "dep")
    before = dump(ws)
    with pytest.raises(Conflict, match="changed by someone else"):
        advance(ws, ref, "refer_to_monitoring_officer", "mo", expected_version=seen)
    assert dump(ws) == before


def test_show_explains_each_disabled_event(ws):
    ref = _at_decision(ws)
    events = {e["name"]: e for e in show_case(ws, ref, "mo")["events"]}
    assert not events["refer_to_hearing"]["allowed"]
    assert "Independent Person" in events["refer_to_hearing"]["reason"]
    assert "investigation report" in events["refer_to_hearing"]["reason"]
    assert events["withdraw"]["allowed"] and events["withdraw"]["needs_note"]
    hr_view = {e["name"]: e for e in show_case(ws, ref, "hr")["events"]}
    assert "only the Monitoring Officer" in hr_view["withdraw"]["reason"]


@pytest.mark.parametrize("route_events", [
    ("Cllr Ann Jones", "Bob Smith", ["refer_to_monitoring_officer", "seek_local_resolution"], "resolve"),
    ("Bob Smith", "Cllr Ann Jones", ["try_informal"], "resolve"),
])
def test_resolving_a_complaint_needs_a_note_saying_how(ws, route_events):
    about, by, before, event = route_events
    ref = open_case(ws, "mo", about, by, "21.9.1", "Rude", "2026-11-02")
    for step in before:
        if step == "seek_local_resolution":
            assessed(ws, ref, "protocol")
        advance(ws, ref, step, "mo")
    refused(ws, advance, ws, ref, event, "mo", match="a note saying why is needed")
    assert advance(ws, ref, event, "mo", note="Apology given and accepted").to_state == "resolved"
