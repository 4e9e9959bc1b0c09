"""Localism Act 2011 s.28(7): the member complained about may consult an Independent Person
(s.28(7)(b)), and that advice is recorded as such; the view the council takes into account
before deciding an investigated allegation (s.28(7)(a)) comes from another Independent Person.
Through the command line on SQLite and PostgreSQL."""

import json

import pytest
from cli_runner import assessed, checked, draft_shared, refused


@pytest.fixture
def cli(db_url):
    run = checked(db_url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("officer", "Bob Smith")]:
        run("people", "add", "--kind", kind, "--name", name)
    for login, role in [("inv", "investigator"), ("ipa", "independent-person"),
                        ("ipb", "independent-person")]:
        run("users", "add", login, "--name", login.title(), "--role", role)
    return run


def _investigated(cli) -> str:
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer", "--received", "2026-10-01").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", "2026-10-02")
    assessed(cli, ref)
    cli("advance", ref, "investigate")
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", user="inv")
    return ref


def test_the_subject_members_own_independent_person_does_not_advise_the_decision(cli):
    ref = _investigated(cli)
    cli("grant", ref, "ipa")
    cli("note", ref, "Talked the member through the report and the options open to her",
        "--kind", "ip-subject", user="ipa")
    # The advice to the member is not the council's consultation.
    refused(cli, "advance", ref, "find_no_breach", "--note", "No breach on the evidence",
            match="s.28(7)(a)")
    refused(cli, "note", ref, "No breach, in my view", "--kind", "ip-view", user="ipa",
            match="you advised the subject member")
    cli("grant", ref, "ipb")
    cli("note", ref, "On the report, I see no breach", "--kind", "ip-view", user="ipb")
    cli("advance", ref, "find_no_breach", "--note", "No breach, having taken Ipb's view into account")

    shown = json.loads(cli("show", ref, "--json").out)
    assert [(n["author"], n["kind"]) for n in shown["notes"] if n["kind"].startswith("ip-")] == [
        ("ipa", "ip-subject"), ("ipb", "ip-view")]
    text = cli("show", ref).out
    assert "ipa [IP advice to the subject member]: Talked the member through" in text
    assert "ipb [IP view]: On the report" in text
    timeline = cli("timeline", ref).out
    assert "Independent Person's advice to the subject member (s.28(7)(b)) added" in timeline
    assert cli("audit", "verify").code == 0


def test_whoever_gave_the_council_a_view_cannot_then_advise_the_member(cli):
    ref = _investigated(cli)
    cli("grant", ref, "ipb")
    cli("note", ref, "A breach is likely", "--kind", "ip-view", user="ipb")
    before = cli("show", ref, "--json").out
    refused(cli, "note", ref, "Advice to the member", "--kind", "ip-subject", user="ipb",
            match="you gave the council your view")
    assert cli("show", ref, "--json").out == before
    # Only an assigned Independent Person records either, and only on a complaint about a Member.
    refused(cli, "note", ref, "Advice", "--kind", "ip-subject", user="ipa", match="not assigned")
    refused(cli, "note", ref, "Advice", "--kind", "ip-subject", match="only the Independent Person")
    officer_case = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.3",
                       "--summary", "Rude reply").out.strip()
    cli("grant", officer_case, "ipa")
    refused(cli, "note", officer_case, "Advice", "--kind", "ip-subject", user="ipa",
            match="complaint about an Officer")
