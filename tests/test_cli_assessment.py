"""Fair process at the initial assessment of a complaint about a Member, through the command
line on SQLite and PostgreSQL: the complaint classified (the Members' Code of Conduct, the
protocol alone, or outside the remit), the subject member told and invited to comment unless the
complainant's anonymity is granted, structured reasons for no further action, and a complainant
restricted as vexatious flagged on later complaints; an officer complainant's choice of procedure,
and a complaint made anonymously taken further only in the public interest."""

import json
from datetime import date, timedelta

import pytest
from cli_runner import checked, refused


def _council(db_url, tmp_path, profile="england"):
    run = checked(db_url, {"CASEWORK_PROFILE": profile})
    run("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("member", "Cllr Tom Price"),
                       ("officer", "Bob Smith"), ("officer", "Vic Vexed"),
                       ("officer", "Anonymous complainant")]:
        run("people", "add", "--kind", kind, "--name", name)
    run("users", "add", "dep", "--name", "Dee Deputy", "--role", "deputy-monitoring-officer")
    run("users", "add", "clerk", "--name", "Cleo Clerk", "--role", "clerk")
    notice = tmp_path / "notice.txt"
    notice.write_text("Dear Councillor, a complaint has been made about you; please comment.\n")
    return run, str(notice)


def _at_assessment(cli, by="Bob Smith", about="Cllr Ann Jones", chose="protocol"):
    """At the Monitoring Officer's assessment; an officer complainant's choice recorded unless
    `chose` is None."""
    received = date.today() - timedelta(days=3)
    ref = cli("new", "--about", about, "--by", by, "--clause", "21.9.3",
              "--summary", "Belittled an officer at committee", "--received",
              received.isoformat()).out.strip()
    cli("advance", ref, "refer_to_monitoring_officer")
    if chose:
        cli("choice", ref, chose, user="clerk")
    return ref


def _show(cli, ref):
    return json.loads(cli("show", ref, "--json").out)


def _offered(cli, ref) -> dict:
    return {e["name"]: e for e in _show(cli, ref)["events"]}


def test_a_protocol_complaint_ends_internally_after_the_subject_is_heard(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli)
    refused(cli, "advance", ref, "investigate", match="the complaint is not classified")
    assert "not classified" in _offered(cli, ref)["investigate"]["reason"]
    assert "not classified yet" in cli("show", ref).out

    refused(cli, "classify", ref, "protocol", match="a note saying why is needed")
    refused(cli, "classify", ref, "gossip", "--note", "x", match="use one of: code, protocol, outside")
    refused(cli, "classify", ref, "protocol", "--note", "x", user="clerk",
            match="only the Monitoring Officer or a deputy may classify")
    out = cli("classify", ref, "protocol", "--note", "Discourtesy at committee; no code breach alleged").out
    assert out == f"{ref}: classified as a complaint under the Member/Officer Relations Protocol alone\n"
    refused(cli, "classify", ref, "protocol", "--note", "again", match="already protocol")
    # A protocol complaint has no investigation, hearing or sanction.
    refused(cli, "advance", ref, "investigate", match="only a complaint under the Members' Code of Conduct goes to investigation")
    # The subject member is told of the complaint before the assessment decision.
    refused(cli, "advance", ref, "seek_local_resolution",
            match="the subject member has not been told of the complaint and invited to comment")
    cli("attach", ref, notice, "--section", "subject-notice")
    cli("advance", ref, "seek_local_resolution")
    shown = cli("show", ref).out
    assert "assessed     a complaint under the Member/Officer Relations Protocol alone" in shown
    # Past assessment, the classification is settled unless the complaint is assessed again.
    cli("advance", ref, "resolve", "--note", "Apology given at a meeting with the Leader")
    refused(cli, "classify", ref, "code", "--note", "x", match="past the initial assessment")
    classified = [e for e in _show(cli, ref)["history"] if e["action"] == "classify"]
    assert [(e["actor"], e["data"]["classification"]) for e in classified] == [("mo", "protocol")]
    assert "assessed as a complaint under the Member/Officer Relations Protocol alone" in cli(
        "timeline", ref).out
    assert cli("audit", "verify").code == 0


def test_anonymity_is_decided_before_the_assessment_and_a_grant_spares_the_notice(db_url, tmp_path):
    cli, _ = _council(db_url, tmp_path)
    ref = _at_assessment(cli)
    cli("classify", ref, "code", "--note", "Bullying alleged: paragraph 3(1) of the code")
    cli("anonymity", ref, "request", user="clerk")
    refused(cli, "advance", ref, "investigate", match="decide it first: casework anonymity")
    refused(cli, "anonymity", ref, "grant", match="a note saying why is needed")
    refused(cli, "anonymity", ref, "grant", "--note", "x", user="clerk",
            match="only the Monitoring Officer or a deputy may decide on anonymity")
    out = cli("anonymity", ref, "grant", "--note", "Fear of reprisal; the officer reports to the member",
              user="dep").out
    assert out == f"{ref}: anonymity granted: the complainant's name is withheld from the subject\n"
    assert _show(cli, ref)["anonymity"] == "granted"
    # Granted, the subject member is not sent the notice naming the complainant.
    cli("advance", ref, "investigate")
    assert _show(cli, ref)["state"] == "investigation"
    assert "anonymity    granted" in cli("show", ref).out


def test_a_refused_request_needs_the_notice_as_usual(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli)
    cli("classify", ref, "code", "--note", "Code complaint")
    cli("anonymity", ref, "request")
    cli("anonymity", ref, "refuse", "--note", "The member cannot answer it without knowing who")
    assert "refused: the complainant was offered the chance to withdraw" in cli("show", ref).out
    refused(cli, "advance", ref, "investigate", match="--section subject-notice")
    cli("attach", ref, notice, "--section", "subject-notice")
    cli("advance", ref, "investigate")


def test_no_further_action_says_why_in_the_words_the_report_counts(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli)
    cli("classify", ref, "outside", "--note", "About the member's private business dealings")
    # Outside the remit: nothing but no further action, and the member is not troubled with it.
    refused(cli, "advance", ref, "seek_local_resolution", match="a complaint outside the remit goes no further")
    refused(cli, "advance", ref, "no_further_action", "--note", "Outside",
            match="no further action needs --reason")
    refused(cli, "advance", ref, "no_further_action", "--note", "Outside", "--reason", "boring",
            match="use one of: outside-remit, below-threshold")
    refused(cli, "advance", ref, "no_further_action", "--note", "Minor", "--reason", "below-threshold",
            match="--reason outside-remit goes with a complaint classified outside the remit")
    cli("advance", ref, "no_further_action", "--note", "Private dealings", "--reason", "outside-remit")
    moved = [e for e in _show(cli, ref)["history"] if e["action"] == "transition"][-1]
    assert moved["data"]["reason"] == "outside-remit"
    assert "Take no further action: outside the remit of the protocol and the code" in cli(
        "timeline", ref).out

    other = _at_assessment(cli, about="Cllr Tom Price")
    cli("classify", other, "code", "--note", "Code complaint")
    refused(cli, "advance", other, "no_further_action", "--note", "x", "--reason", "outside-remit",
            match="and only with one")
    refused(cli, "advance", other, "no_further_action", "--note", "x", "--reason", "below-threshold",
            match="--section subject-notice")
    cli("attach", other, notice, "--section", "subject-notice")
    cli("advance", other, "no_further_action", "--note", "One remark, apologised for",
        "--reason", "below-threshold")
    # The review and a fresh assessment: the classification may then change.
    cli("advance", other, "request_review", "--note", "The officer asks for a review")
    cli("advance", other, "reassess", "--note", "New evidence of a pattern")
    cli("classify", other, "protocol", "--note", "On the new evidence, a protocol matter")
    assert _show(cli, other)["classification"] == "protocol"


def test_wales_sends_only_a_code_complaint_to_the_ombudsman(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path, profile="wales")
    ref = _at_assessment(cli)
    cli("classify", ref, "protocol", "--note", "Protocol only")
    cli("attach", ref, notice, "--section", "subject-notice")
    refused(cli, "advance", ref, "refer_to_ombudsman", "--note", "x",
            match="only a complaint under the Members' Code of Conduct goes to the Ombudsman")
    cli("classify", ref, "code", "--note", "On reflection, a failure to show respect under the code")
    cli("advance", ref, "refer_to_ombudsman", "--note", "Referred to the PSOW")


@pytest.mark.parametrize("user", ["mo"])
def test_a_vexatious_complainant_is_flagged_on_later_complaints(db_url, tmp_path, user):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli, by="Vic Vexed")
    cli("classify", ref, "code", "--note", "Code complaint")
    cli("attach", ref, notice, "--section", "subject-notice")
    cli("advance", ref, "no_further_action", "--note", "The ninth complaint on the same matter",
        "--reason", "vexatious")
    until = date.today() + timedelta(days=180)
    refused(cli, "people", "restrict", "Vic Vexed", "--until", until.isoformat(), user="clerk",
            match="only the Monitoring Officer or a deputy may restrict a complainant")
    refused(cli, "people", "restrict", "Vic Vexed", match="say until when with --until")
    refused(cli, "people", "restrict", "Vic Vexed", "--until", date.today().isoformat(),
            match="has passed")
    cli("people", "restrict", "Vic Vexed", "--until", until.isoformat(), user=user)
    later = cli("new", "--about", "Cllr Ann Jones", "--by", "Vic Vexed", "--clause", "21.9.3",
                "--summary", "The same matter again")
    assert "restricted as a vexatious complainant until " + until.isoformat() in later.err
    shown = cli("show", later.out.strip()).out
    assert f"RESTRICTED as a vexatious complainant until {until.isoformat()}" in shown
    assert f"restricted   as a vexatious complainant until {until.isoformat()}" in cli(
        "people", "show", "Vic Vexed").out
    cli("people", "restrict", "Vic Vexed", "--lift")
    assert "RESTRICTED" not in cli("show", later.out.strip()).out
    refused(cli, "people", "restrict", "Vic Vexed", "--lift", match="is not restricted")
    assert cli("audit", "verify").code == 0


def test_an_officer_complaint_has_no_assessment_classification(db_url, tmp_path):
    cli, _ = _council(db_url, tmp_path)
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.3",
              "--summary", "Rude reply").out.strip()
    refused(cli, "classify", ref, "code", "--note", "x", match="is a complaint about an Officer")
    assert "assessed" not in cli("show", ref).out
    refused(cli, "advance", ref, "no_further_action", "--note", "x", match="needs --reason")
    cli("advance", ref, "no_further_action", "--note", "Dealt with by an apology", "--reason",
        "below-threshold")


def test_an_officer_chooses_the_protocol_or_the_grievance_procedure(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli, chose=None)
    cli("classify", ref, "code", "--note", "Bullying alleged under the code")
    cli("attach", ref, notice, "--section", "subject-notice")
    said = refused(cli, "advance", ref, "investigate",
                   match="the complainant is an officer, who chooses the protocol route")
    assert f"casework choice {ref} protocol|grievance" in said
    assert "chose        not recorded yet (casework choice)" in cli("show", ref).out
    refused(cli, "choice", ref, "tribunal", match="use one of: protocol, grievance")
    out = cli("choice", ref, "grievance", "--note", "Bob asked HR to take it as bullying", user="clerk").out
    assert out == f"{ref}: the officer chose the council's grievance or bullying and harassment procedure\n"
    # Under the grievance procedure HR deals with it; the protocol complaint is withdrawn.
    said = refused(cli, "advance", ref, "investigate", match="the officer chose the grievance")
    assert "withdraw" in said
    refused(cli, "choice", ref, "grievance", match="already grievance")
    cli("choice", ref, "protocol", "--note", "Bob changed his mind after advice")
    cli("advance", ref, "investigate")
    choices = [e["data"]["complainant_choice"] for e in _show(cli, ref)["history"]
               if e["action"] == "choice"]
    assert choices == ["grievance", "protocol"]
    assert "chose        the protocol route: a complaint to the Monitoring Officer" in cli("show", ref).out
    assert cli("audit", "verify").code == 0


def test_an_anonymous_complaint_goes_further_only_in_the_public_interest(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path)
    ref = _at_assessment(cli, by="Anonymous complainant", chose=None)
    cli("classify", ref, "code", "--note", "Alleged bullying of staff at a ward surgery")
    refused(cli, "anonymity", ref, "admit", "--note", "x",
            match="anonymity is nothing asked or recorded yet, so it cannot be admitted")
    cli("anonymity", ref, "anonymous", user="clerk")
    refused(cli, "anonymity", ref, "grant", "--note", "x", match="cannot be granted")
    cli("attach", ref, notice, "--section", "subject-notice")
    said = refused(cli, "advance", ref, "investigate",
                   match="the complaint was made anonymously, so it goes further only where the public interest")
    assert f"casework anonymity {ref} admit --note WHY" in said
    refused(cli, "anonymity", ref, "admit", match="a note saying why is needed")
    refused(cli, "anonymity", ref, "admit", "--note", "x", user="clerk",
            match="only the Monitoring Officer or a deputy may decide on anonymity")
    out = cli("anonymity", ref, "admit", "--note",
              "Three staff describe the same conduct; the allegation is serious and specific").out
    assert out == f"{ref}: anonymity made anonymously, and taken further in the public interest\n"
    cli("advance", ref, "investigate")
    # Without a public interest, an anonymous complaint goes no further.
    other = _at_assessment(cli, by="Anonymous complainant", chose=None)
    cli("anonymity", other, "anonymous")
    cli("classify", other, "code", "--note", "Vague allegation")
    cli("attach", other, notice, "--section", "subject-notice")
    refused(cli, "advance", other, "seek_local_resolution", match="made anonymously")
    cli("advance", other, "no_further_action", "--note", "Anonymous and too vague to test",
        "--reason", "not-public-interest")
    assert cli("audit", "verify").code == 0


def test_wales_takes_a_low_level_complaint_between_members_through_its_local_protocol(db_url, tmp_path):
    cli, notice = _council(db_url, tmp_path, profile="wales")
    # Without a local resolution protocol, one member's complaint about another is not ours.
    refused(cli, "new", "--about", "Cllr Ann Jones", "--by", "Cllr Tom Price", "--clause", "21.9.3",
            "--summary", "Rude in the chamber", match='local_resolution_protocol = "..."')
    profile = tmp_path / "council.toml"
    cli("profile", "init", "--regime", "wales", "--out", str(profile))
    profile.write_text(profile.read_text().replace("# local_resolution_protocol =",
                                                   "local_resolution_protocol ="))
    assert f"{profile}: good." in cli("profile", "check", str(profile)).out
    england = tmp_path / "england.toml"
    cli("profile", "init", "--regime", "england", "--out", str(england))
    england.write_text('local_resolution_protocol = "Ours"\n' + england.read_text())
    refused(cli, "profile", "check", str(england),
            match="local_resolution_protocol is for a council in Wales")
    run = checked(db_url, {"CASEWORK_PROFILE": str(profile)})
    ref = _at_assessment(run, by="Cllr Tom Price", chose=None)
    shown = run("show", ref).out
    assert "between      members: Local Resolution Protocol for complaints between members" in shown
    refused(run, "choice", ref, "protocol", match="the complainant, Cllr Tom Price, is a Member")
    refused(run, "classify", ref, "protocol", "--note", "x",
            match="a complaint between members is not under the Member/Officer Relations Protocol")
    run("classify", ref, "low-level", "--note", "A single discourteous remark in committee")
    run("attach", ref, notice, "--section", "subject-notice")
    said = refused(run, "advance", ref, "refer_to_ombudsman", "--note", "x",
                   match="a low-level complaint between members goes through the council's local "
                         "resolution protocol first")
    assert f"casework classify {ref} code --note WHY" in said
    run("advance", ref, "seek_local_resolution")
    # It failed: the Monitoring Officer assesses it as a code matter, and it goes to the Ombudsman.
    run("classify", ref, "code", "--note", "Local resolution failed: the remarks continued")
    run("advance", ref, "refer_to_ombudsman", "--note", "Referred to the PSOW")
    assert _show(run, ref)["state"] == "with_ombudsman"
    # An officer's complaint is never low-level.
    other = _at_assessment(run)
    refused(run, "classify", other, "low-level", "--note", "x",
            match="the complainant, Bob Smith, is an officer: low-level is for a complaint one member")
    assert run("audit", "verify").code == 0
