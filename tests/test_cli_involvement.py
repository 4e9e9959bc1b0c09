"""Who else is in a complaint, through the command line on SQLite and PostgreSQL: a Monitoring
Officer who is a witness or advised on the matter earlier is conflicted as a party is (the deputy
handles the case); the hearing's decision waits for the notice of hearing and the panel; and no
member of the assessment panel sits on the hearing panel."""

import json

import pytest
from cli_runner import assessed, checked, draft_shared, heard, refused


@pytest.fixture
def cli(db_url):
    run = checked(db_url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("member", "Cllr Tom Price"),
                       ("member", "Cllr Rhys Evans"), ("officer", "Bob Smith"),
                       ("officer", "Mo Officer")]:
        run("people", "add", "--kind", kind, "--name", name)
    run("users", "add", "dep", "--name", "Dee Deputy", "--role", "deputy-monitoring-officer")
    run("users", "add", "clerk", "--name", "Cleo Clerk", "--role", "clerk")
    run("users", "add", "inv", "--name", "Ivan Investigator", "--role", "investigator")
    run("users", "add", "ip", "--name", "Ida Independent", "--role", "independent-person")
    run("users", "add", "mo2", "--name", "Mona Officer", "--role", "monitoring-officer",
        "--person", "Mo Officer")
    return run


def _complaint(cli) -> str:
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer in the Members' room",
              "--received", "2026-10-01").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", "2026-10-02")
    return ref


def test_a_monitoring_officer_who_witnessed_it_hands_the_case_to_the_deputy(cli):
    ref = _complaint(cli)
    refused(cli, "involve", ref, "Mo Officer", "bystander",
            match="use one of: witness, adviser, assessment-panel, hearing-panel")
    refused(cli, "involve", ref, "Nobody Known", "witness", match="no one called")
    refused(cli, "involve", ref, "Mo Officer", "witness", user="ip",
            match="only the Monitoring Officer, a deputy, HR or a committee clerk")
    out = cli("involve", ref, "Mo Officer", "witness").out
    assert out == f"{ref}: Mo Officer is a witness\n"
    refused(cli, "involve", ref, "Mo Officer", "witness", match="already a witness")
    before = cli("show", ref, "--json", user="dep").out
    refused(cli, "classify", ref, "code", "--note", "x", user="mo2",
            match=f"you are a witness in {ref}, so the Monitoring Officer cannot handle it; "
                  "a Deputy Monitoring Officer must")
    refused(cli, "assign", ref, "mo2", user="dep",
            match="mo2 is a witness in the case, so cannot handle it; a deputy must")
    assert cli("show", ref, "--json", user="dep").out == before
    # Nor does a witness read the file, or find it in their lists.
    refused(cli, "show", ref, user="mo2", match=f"you are a witness in {ref}, so you cannot read its file")
    assert ref not in cli("list", user="mo2").out and ref in cli("list", user="dep").out
    shown = json.loads(cli("show", ref, "--json", user="dep").out)
    assert [(r["name"], r["capacity"]) for r in shown["involved"]] == [("Mo Officer", "witness")]
    assert "involved     Mo Officer, a witness" in cli("show", ref, user="dep").out
    assessed(cli, ref, user="dep")
    cli("advance", ref, "investigate", user="dep")
    assert cli("audit", "verify").code == 0


def test_the_hearing_decides_on_notice_by_a_panel_that_did_not_assess_it(cli, tmp_path):
    ref = _complaint(cli)
    cli("involve", ref, "Cllr Rhys Evans", "assessment-panel")
    assessed(cli, ref)
    cli("advance", ref, "investigate")
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", user="inv")
    cli("grant", ref, "ip")
    cli("note", ref, "A breach is likely", "--kind", "ip-view", user="ip")
    report = tmp_path / "report.txt"
    report.write_text("Final report of the Investigating Officer")
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--note", "A case to answer")

    said = refused(cli, "advance", ref, "find_breach", "--note", "Breach of 21.9.3", user="clerk",
                   match="before the hearing's decision, still needed")
    assert "--section hearing-notice" in said and " hearing-panel, for each member" in said
    refused(cli, "involve", ref, "Cllr Rhys Evans", "hearing-panel", user="clerk",
            match="sat on the panel that assessed")
    refused(cli, "involve", ref, "Cllr Ann Jones", "hearing-panel", user="clerk",
            match="is a party to")
    cli("involve", ref, "Cllr Tom Price", "hearing-panel", user="clerk")
    refused(cli, "advance", ref, "find_breach", "--note", "Breach", user="clerk",
            match="the notice of the hearing served on the parties")
    notice = tmp_path / "notice.txt"
    notice.write_text("The Standards Committee will hear the complaint on 1 December.\n")
    cli("attach", ref, str(notice), "--section", "hearing-notice", user="clerk")
    cli("advance", ref, "find_breach", "--note", "Breach of 21.9.3", user="clerk")
    assert json.loads(cli("show", ref, "--json").out)["state"] == "sanctions"
    assert "Cllr Tom Price is on the hearing panel" in cli("timeline", ref).out
    assert cli("audit", "verify").code == 0


def test_panels_are_for_complaints_about_members(cli):
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.3",
              "--summary", "Rude reply").out.strip()
    refused(cli, "involve", ref, "Cllr Tom Price", "hearing-panel",
            match="complaint about an Officer")
    cli("involve", ref, "Cllr Tom Price", "witness")


def test_a_reopened_case_goes_through_investigation_and_hearing_again_with_its_own_papers(cli, tmp_path):
    ref = _complaint(cli)
    assessed(cli, ref)
    cli("advance", ref, "investigate")
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", user="inv")
    cli("grant", ref, "ip")
    cli("note", ref, "A breach is likely", "--kind", "ip-view", user="ip")
    report = tmp_path / "report.txt"
    report.write_text("Final report of the Investigating Officer")
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--note", "A case to answer")
    heard(cli, ref, user="clerk")
    cli("advance", ref, "find_no_breach", "--note", "No breach on the evidence", user="clerk")
    cli("advance", ref, "reopen", "--note", "New evidence from a second officer")
    cli("advance", ref, "investigate")
    said = refused(cli, "advance", ref, "complete_investigation", user="inv",
                   match="the draft report goes to both parties for comment")
    assert "the one filed before the case was reopened was for the earlier round" in said
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", user="inv")
    cli("note", ref, "Still a breach is likely", "--kind", "ip-view", user="ip")
    said = refused(cli, "advance", ref, "refer_to_hearing", "--note", "A case to answer",
                   match="no hearing without the investigation report")
    assert "earlier round" in said
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--note", "A case to answer")
    said = refused(cli, "advance", ref, "find_breach", "--note", "Breach", user="clerk",
                   match="before the hearing's decision, still needed")
    assert "--section hearing-notice (the one filed before the case was reopened" in said
    assert "of this hearing (the case was reopened since the last one)" in said
    # The same member may sit again, once per hearing.
    cli("involve", ref, "Cllr Tom Price", "hearing-panel", user="clerk")
    refused(cli, "involve", ref, "Cllr Tom Price", "hearing-panel", user="clerk",
            match="already on the hearing panel")
    refused(cli, "advance", ref, "find_breach", "--note", "Breach", user="clerk",
            match="the notice of the hearing served on the parties")
    heard(cli, ref, panel="Cllr Rhys Evans", user="clerk")
    cli("advance", ref, "find_breach", "--note", "Breach of 21.9.3", user="clerk")
    shown = json.loads(cli("show", ref, "--json").out)
    assert shown["state"] == "sanctions"
    assert [(r["name"], r["capacity"]) for r in shown["involved"]] == [
        ("Cllr Tom Price", "hearing-panel"), ("Cllr Rhys Evans", "hearing-panel")]
    assert cli("audit", "verify").code == 0


def test_the_parties_have_the_councils_period_to_comment_on_the_draft(db_url, tmp_path):
    profile = tmp_path / "council.toml"
    first = checked(db_url)
    first("profile", "init", "--out", str(profile))
    profile.write_text(profile.read_text().replace("# draft_comment_days = 10", "draft_comment_days = 10"))
    cli = checked(db_url, {"CASEWORK_PROFILE": str(profile)})
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    cli("users", "add", "inv", "--name", "Ivan Investigator", "--role", "investigator")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer", "--received", "2026-10-01").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", "2026-10-02")
    assessed(cli, ref, on="2026-10-05")
    cli("advance", ref, "investigate", "--on", "2026-10-06")
    draft_shared(cli, ref, on="2026-11-02")  # a Monday: ten working days run to 16 November
    said = refused(cli, "advance", ref, "complete_investigation", "--on", "2026-11-16", user="inv",
                   match="the parties may comment on the draft report until 2026-11-16")
    assert "the council's period for comments" in said
    cli("advance", ref, "complete_investigation", "--on", "2026-11-17", user="inv")
    assert json.loads(cli("show", ref, "--json").out)["state"] == "decision"
    bad = tmp_path / "bad.toml"
    bad.write_text(profile.read_text().replace("draft_comment_days = 10", "draft_comment_days = -1"))
    refused(cli, "profile", "check", str(bad), match="draft_comment_days must be a whole number")
