"""Role rules hold in the services, whichever face calls them."""

import pytest
from helpers import assessed, draft_shared, dump

from casework.cases.advance import advance
from casework.cases.assignments import grant
from casework.cases.opening import assign, open_case
from casework.cases.papers import annotate, attach, record_sanction
from casework.errors import Refused
from casework.people.register import add_person, add_user


@pytest.fixture
def member_case(ws):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-10-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo")
    assessed(ws, ref)
    return ref


@pytest.fixture
def officer_case(ws):
    return open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt", "2026-10-01")


def refused(ws, fn, *args, match="", **kw):
    before = dump(ws)
    with pytest.raises(Refused, match=match):
        fn(*args, **kw)
    assert dump(ws) == before


@pytest.mark.parametrize("login", ["hr", "clerk", "inv", "ip", "view"])
def test_only_the_monitoring_officer_investigates_members(ws, member_case, login):
    refused(ws, advance, ws, member_case, "investigate", login, match="only the Monitoring Officer")


@pytest.mark.parametrize("login", ["clerk", "inv", "ip", "view"])
def test_officer_route_belongs_to_hr_and_the_monitoring_officer(ws, officer_case, login):
    refused(ws, advance, ws, officer_case, "try_informal", login, match="HR adviser")


def test_only_the_monitoring_officer_reopens(ws, officer_case):
    advance(ws, officer_case, "no_further_action", "hr", note="apology given",
            reason="below-threshold")
    refused(ws, advance, ws, officer_case, "reopen", "hr", note="x", match="may reopen")
    advance(ws, officer_case, "reopen", "dep", note="new complaint of the same kind")


def test_investigator_completes_investigation_but_decides_nothing(ws, member_case):
    advance(ws, member_case, "investigate", "mo")
    draft_shared(ws, member_case)
    advance(ws, member_case, "complete_investigation", "inv")
    grant(ws, member_case, "ip", "mo")
    annotate(ws, member_case, "view", "ip", kind="ip-view")
    refused(ws, advance, ws, member_case, "find_no_breach", "inv", note="x", match="only the Monitoring")


def test_clerk_records_hearing_findings_only(ws, member_case):
    advance(ws, member_case, "investigate", "mo")
    draft_shared(ws, member_case)
    advance(ws, member_case, "complete_investigation", "inv")
    grant(ws, member_case, "ip", "mo")
    annotate(ws, member_case, "view", "ip", kind="ip-view")
    # At the decision after investigation the finding is the Monitoring Officer's, not the clerk's.
    refused(ws, advance, ws, member_case, "find_no_breach", "clerk", note="x", match="only the")


def test_viewer_changes_nothing(ws, member_case, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x")
    refused(ws, annotate, ws, member_case, "hello", "view", match="viewer cannot")
    refused(ws, attach, ws, member_case, str(f), "view", match="viewer cannot")
    refused(ws, open_case, ws, "view", "Cllr Ann Jones", "Bob Smith", "21.9.1", "x", match="viewer cannot")
    refused(ws, add_person, ws, "view", "member", "Cllr New", match="viewer cannot")


def test_only_an_assigned_independent_person_records_a_view(ws, member_case):
    for login in ("clerk", "mo"):  # the view is the Independent Person's own (s.28(7))
        refused(ws, annotate, ws, member_case, "my view", login, kind="ip-view",
                match="only the Independent Person may")
    refused(ws, annotate, ws, member_case, "my view", "ip", kind="ip-view",
            match=f"not assigned to {member_case}.*casework grant {member_case} ip")
    grant(ws, member_case, "ip", "mo")
    annotate(ws, member_case, "my view", "ip", kind="ip-view")


def test_users_are_added_by_the_monitoring_officer(ws):
    refused(ws, add_user, ws, "hr", "newbie", "New", "viewer", match="cannot add users")


def test_hr_cannot_assign_or_sanction_member_cases(ws, member_case):
    refused(ws, assign, ws, member_case, "dep", "hr", match="only the Monitoring Officer")
    refused(ws, record_sanction, ws, member_case, "censure", "hr", match="cannot record sanctions")


def test_handler_must_fit_the_route(ws, member_case):
    refused(ws, assign, ws, member_case, "hr", "mo", match="cannot handle a complaint about a Member")
    assign(ws, member_case, "dep", "mo")


def test_refusals_name_the_role_with_its_article(ws, member_case):
    refused(ws, assign, ws, member_case, "inv", "mo",
            match="^inv is an Investigating Officer and cannot handle a complaint about a Member")
    refused(ws, record_sanction, ws, member_case, "censure", "ip", match="^an Independent Person cannot ")
    with pytest.raises(Exception, match="^hr is an HR adviser, whose access follows from the role"):
        grant(ws, member_case, "hr", "mo")
