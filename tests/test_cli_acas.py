"""A complaint about an Officer through the employer's disciplinary procedure as the ACAS Code of
Practice 1 has it, walked through the command line on SQLite and PostgreSQL: the allegations and
the evidence in writing, an invitation with the right to be accompanied, a note of the meeting
naming the companion, the outcome in writing with the right of appeal, one appeal heard by
someone else; warnings that lapse; and a statutory officer's dismissal as SI 2015/881 conditions it."""

import json
from datetime import date, timedelta

from cli_runner import assessed, checked, draft_shared, heard, refused
from dateutil.relativedelta import relativedelta


def _council(db_url, tmp_path):
    run = checked(db_url)
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "member", "--name", "Cllr Tom Price")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith", "--service", "Planning")
    run("people", "add", "--kind", "officer", "--name", "Carol Chief", "--statutory-post",
        "chief-finance-officer")
    for login, role in [("hr", "hr"), ("hr2", "hr")]:
        run("users", "add", login, "--name", login.upper(), "--role", role)
    letter = tmp_path / "letter.txt"
    letter.write_text("A letter on the council's paper.\n")
    return run, str(letter)


def _show(cli, ref, user="hr"):
    return json.loads(cli("show", ref, "--json", user=user).out)


def _serious(cli, about, received=None):
    received = received or date.today()
    ref = cli("new", "--about", about, "--by", "Cllr Ann Jones", "--clause", "21.9.3",
              "--summary", "Shouted at a Member in the car park", "--received", received.isoformat(),
              user="hr").out.strip()
    cli("advance", ref, "refer_serious", "--note", "Gross misconduct alleged", "--on",
        received.isoformat(), user="hr")
    return ref


def test_the_acas_steps_come_before_the_decision_and_the_appeal_is_heard_once(db_url, tmp_path):
    cli, letter = _council(db_url, tmp_path)
    ref = _serious(cli, "Bob Smith")
    line = refused(cli, "advance", ref, "find_breach", "--note", "Upheld", user="hr",
                   match="the ACAS Code's steps come before the decision")
    for needed in ("--section allegations", "--section invitation", "--kind meeting --companion"):
        assert needed in line
    cli("attach", ref, letter, "--section", "allegations", user="hr")
    cli("attach", ref, letter, "--section", "invitation", user="hr")
    line = refused(cli, "advance", ref, "find_breach", "--note", "Upheld", user="hr", match="still needed")
    assert "--section" not in line and "--kind meeting" in line
    refused(cli, "note", ref, "Meeting held", "--kind", "meeting", user="hr", match="--companion NAME")
    cli("note", ref, "Meeting held; Bob answered each allegation", "--kind", "meeting",
        "--companion", "Jo Pritchard, UNISON", user="hr")
    # The Monitoring Officer advises; the finding is the employer's, recorded by HR.
    refused(cli, "advance", ref, "find_breach", "--note", "Upheld", match="HR adviser")
    cli("advance", ref, "find_breach", "--note", "Upheld on the evidence", user="hr")
    cli("sanction", ref, "first-written-warning", "--detail", "For the tone of the exchange", user="hr")
    refused(cli, "advance", ref, "lodge_appeal", "--note", "Appeals", user="hr",
            match="the outcome letter, with the right of appeal, is not filed")
    refused(cli, "advance", ref, "close", "--note", "x", user="hr", match="--section outcome-letter")
    cli("attach", ref, letter, "--section", "outcome-letter", user="hr")
    cli("advance", ref, "lodge_appeal", "--note", "Bob appeals in writing", user="hr")
    refused(cli, "advance", ref, "dismiss_appeal", "--note", "Stands", user="hr",
            match="you recorded the outcome under appeal")
    cli("advance", ref, "dismiss_appeal", "--note", "Appeal heard; the outcome stands", user="hr2")
    shown = _show(cli, ref)
    assert (shown["state"], shown["is_open"]) == ("closed", False)
    assert not [e for e in shown["events"] if e["name"] == "lodge_appeal"]  # heard once
    meeting = [n for n in shown["notes"] if n["kind"] == "meeting"]
    assert [n["companion"] for n in meeting] == ["Jo Pritchard, UNISON"]
    text = cli("show", ref, user="hr").out
    assert "[meeting, accompanied by Jo Pritchard, UNISON]" in text
    # The warning lapses after the council's six months (its profile's policy).
    warning = shown["sanctions"][0]
    assert warning["until"] == (date.today() + relativedelta(months=6) - timedelta(days=1)).isoformat()
    assert not warning["lapsed"]


def test_a_meeting_note_belongs_to_an_officer_case(db_url, tmp_path):
    cli, _ = _council(db_url, tmp_path)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Rude at a meeting").out.strip()
    refused(cli, "note", ref, "Meeting", "--kind", "meeting", "--companion", "none",
            match="complaint about a Member")
    refused(cli, "note", ref, "Plain", "--companion", "Jo", match="--companion is for the note")


def test_a_warning_may_be_given_its_own_last_day_and_other_sanctions_none(db_url, tmp_path):
    cli, letter = _council(db_url, tmp_path)
    on = (date.today() - timedelta(days=400)).isoformat()
    ref = _serious(cli, "Bob Smith", date.today() - timedelta(days=420))
    for section in ("allegations", "invitation"):
        cli("attach", ref, letter, "--section", section, user="hr")
    cli("note", ref, "Meeting held", "--kind", "meeting", "--companion", "none", user="hr")
    cli("advance", ref, "find_breach", "--note", "Upheld", "--on", on, user="hr")
    refused(cli, "sanction", ref, "final-written-warning", "--on", on, "--until",
            (date.today() - timedelta(days=500)).isoformat(), user="hr", match="before the warning is given")
    cli("sanction", ref, "final-written-warning", "--on", on, user="hr")
    refused(cli, "sanction", ref, "training", "--until", "2027-01-01", user="hr",
            match="training' has no last day")
    shown = _show(cli, ref)
    warning = shown["sanctions"][0]
    assert warning["until"] == (date.fromisoformat(on) + relativedelta(months=12) - timedelta(days=1)).isoformat()
    assert warning["lapsed"]  # given 400 days ago, live for twelve months
    assert "until " + warning["until"] + ", lapsed" in cli("show", ref, user="hr").out


def test_a_statutory_officer_is_dismissed_only_on_the_panels_advice_and_the_councils_resolution(
        db_url, tmp_path):
    cli, letter = _council(db_url, tmp_path)
    assert "Chief finance officer" in cli("people", "show", "Carol Chief").out
    refused(cli, "people", "add", "--kind", "member", "--name", "Cllr X", "--statutory-post",
            "monitoring-officer", match="a Member holds no statutory post")
    refused(cli, "people", "add", "--kind", "officer", "--name", "Y", "--statutory-post", "mayor",
            match="not a statutory post; use one of: head-of-paid-service")
    ref = _serious(cli, "Carol Chief")
    for section in ("allegations", "invitation"):
        cli("attach", ref, letter, "--section", section, user="hr")
    cli("note", ref, "Meeting held", "--kind", "meeting", "--companion", "none", user="hr")
    cli("advance", ref, "find_breach", "--note", "Gross misconduct found", user="hr")
    line = refused(cli, "sanction", ref, "dismissal", user="hr", match="SI 2015/881")
    assert "--section ip-panel" in line and "--section council-resolution" in line
    cli("attach", ref, letter, "--section", "ip-panel", user="hr")
    line = refused(cli, "sanction", ref, "dismissal", user="hr", match="SI 2015/881")
    assert "--section ip-panel" not in line
    cli("attach", ref, letter, "--section", "council-resolution", user="hr")
    cli("sanction", ref, "dismissal", user="hr")
    # An officer in no statutory post is dismissed on the employer's own procedure.
    other = _serious(cli, "Bob Smith")
    for section in ("allegations", "invitation"):
        cli("attach", other, letter, "--section", section, user="hr")
    cli("note", other, "Meeting held", "--kind", "meeting", "--companion", "none", user="hr")
    cli("advance", other, "find_breach", "--note", "Gross misconduct found", user="hr")
    cli("sanction", other, "dismissal", user="hr")


def test_a_member_who_leaves_office_keeps_their_case_but_not_the_sanctions_of_office(db_url, tmp_path):
    cli, letter = _council(db_url, tmp_path)
    received = date.today() - timedelta(days=60)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Rude at a meeting", "--received", received.isoformat()).out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", received.isoformat())
    assessed(cli, ref, on=received.isoformat())
    cli("advance", ref, "investigate", "--on", received.isoformat())
    refused(cli, "people", "left", "Bob Smith", match="only a Member leaves office")
    cli("people", "left", "Cllr Ann Jones", "--on", (received + timedelta(days=10)).isoformat())
    shown = _show(cli, ref, user="mo")
    assert shown["is_open"] and shown["subject"]["left_office"]  # the case goes on
    assert "left office" in cli("show", ref).out and "left office" in cli("people", "show", "Cllr Ann Jones").out
    cli("users", "add", "ip", "--name", "Ida", "--role", "independent-person")
    cli("users", "add", "clerk", "--name", "Cy", "--role", "clerk")
    cli("attach", ref, letter, "--section", "investigation-report")
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", "--note", "Final report")
    cli("grant", ref, "ip")
    cli("note", ref, "A breach, in my view", "--kind", "ip-view", user="ip")
    cli("advance", ref, "refer_to_hearing", "--note", "For the committee")
    heard(cli, ref)
    cli("advance", ref, "find_breach", "--note", "Breach found", user="clerk")
    refused(cli, "sanction", ref, "remove-from-committees", user="clerk",
            match="Cllr Ann Jones left office on")
    cli("sanction", ref, "censure", user="clerk")
