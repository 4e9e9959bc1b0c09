"""Measures while a case runs, through the command line on SQLite and PostgreSQL: an officer
suspended on full pay as a neutral act with a review date (ACAS Code para. 8), lifted before the
case ends; protection of an officer who complained about a Member."""

import json
from datetime import date, timedelta

from cli_runner import checked, refused


def _council(db_url):
    run = checked(db_url)
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith", "--service", "Planning")
    run("users", "add", "hr", "--name", "Hana HR", "--role", "hr")
    run("users", "add", "clerk", "--name", "Cleo Clerk", "--role", "clerk")
    return run


def _show(cli, ref, user="hr"):
    return json.loads(cli("show", ref, "--json", user=user).out)


def test_an_officer_is_suspended_on_full_pay_kept_under_review_and_lifted_before_the_end(db_url, tmp_path):
    cli = _council(db_url)
    start = date.today() - timedelta(days=20)
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.3",
              "--summary", "Threatened a Member", "--received", start.isoformat(), user="hr").out.strip()
    cli("advance", ref, "refer_serious", "--note", "Gross misconduct alleged", "--on",
        start.isoformat(), user="hr")
    review = (start + timedelta(days=10)).isoformat()
    refused(cli, "measure", "start", ref, "suspension", "--detail", "x", "--review", review,
            match="only the HR adviser may")
    refused(cli, "measure", "start", ref, "suspension", "--review", review, user="hr",
            match="say why the employee is suspended")
    refused(cli, "measure", "start", ref, "suspension", "--detail", "x", user="hr",
            match="a measure is kept under review: say when")
    refused(cli, "measure", "start", ref, "gardening-leave", "--detail", "x", "--review", review,
            user="hr", match="use one of: suspension, protective")
    refused(cli, "measure", "start", ref, "suspension", "--detail", "x", "--review",
            start.isoformat(), "--on", start.isoformat(), user="hr", match="must be after")
    refused(cli, "measure", "start", ref, "protective", "--detail", "x", "--review", review,
            user="hr", match="protective measures are for an officer who complains about a Member")
    out = cli("measure", "start", ref, "suspension", "--detail",
              "To protect the investigation: the allegation is of a threat", "--review", review,
              "--on", start.isoformat(), user="hr").out
    assert out == (f"{ref}: measure 1: Suspended on full pay (a neutral act, not a disciplinary "
                   f"sanction), review by {review}\n")
    later = (date.today() + timedelta(days=14)).isoformat()
    refused(cli, "measure", "start", ref, "suspension", "--detail", "again", "--review", later,
            user="hr", match="already suspended")
    # The review date has passed: the file says so.
    shown = cli("show", ref, user="hr").out
    assert f"measure      #1 Suspended on full pay (a neutral act, not a disciplinary sanction) " \
           f"since {start.isoformat()}, review by {review}  REVIEW OVERDUE" in shown
    [m] = _show(cli, ref)["measures"]
    assert (m["kind"], m["review_overdue"], m["ended"]) == ("suspension", True, None)
    refused(cli, "measure", "review", ref, "1", "--review", "2099-01-01", user="hr",
            match="--note")
    refused(cli, "measure", "review", ref, "9", "--review", "2099-01-01", "--note", "x", user="hr",
            match=f"no measure 9 on {ref}")
    out = cli("measure", "review", ref, "1", "--review", later, "--note",
              "Witnesses still to be interviewed", user="hr").out
    assert out == f"{ref}: measure 1 kept, next review by {later}\n"
    assert not _show(cli, ref)["measures"][0]["review_overdue"]
    # The case does not end while the employee stays suspended.
    letter = tmp_path / "letter.txt"
    letter.write_text("Allegations, and the invitation to the meeting\n")
    for section in ("allegations", "invitation"):
        cli("attach", ref, str(letter), "--section", section, user="hr")
    cli("note", ref, "Meeting held", "--kind", "meeting", "--companion", "none", user="hr")
    said = refused(cli, "advance", ref, "find_no_breach", "--note", "Not proven", user="hr",
                   match="measures are still in force")
    assert f"casework measure end {ref} 1 --note WHY (suspended on full pay)" in said
    cli("measure", "end", ref, "1", "--note", "No case to answer: back to work on Monday", user="hr")
    refused(cli, "measure", "end", ref, "1", "--note", "again", user="hr", match="ended on")
    cli("advance", ref, "find_no_breach", "--note", "Not proven", user="hr")
    shown = _show(cli, ref)
    assert shown["measures"][0]["ended"] == date.today().isoformat()
    steps = [e["data"]["step"] for e in shown["history"] if e["action"] == "measure"]
    assert steps == ["start", "review", "end"]
    # The reasons for keeping and ending it are notes of the case.
    texts = [n["text"] for n in shown["notes"]]
    assert "Witnesses still to be interviewed" in texts
    assert "No case to answer: back to work on Monday" in texts
    timeline = cli("timeline", ref, user="hr").out
    assert f"suspended on full pay: put in place, review by {review}" in timeline
    assert "suspended on full pay: ended" in timeline
    # Nothing of the reason reaches the audit trail but its hash.
    assert all("threat" not in json.dumps(e["data"]) for e in shown["history"]
               if e["action"] == "measure")
    refused(cli, "measure", "start", ref, "suspension", "--detail", "x", "--review", later,
            user="hr", match="has ended")
    assert cli("audit", "verify").code == 0


def test_an_officer_who_complains_about_a_member_is_protected_while_it_runs(db_url):
    cli = _council(db_url)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer").out.strip()
    review = (date.today() + timedelta(days=28)).isoformat()
    refused(cli, "measure", "start", ref, "protective", "--detail", "x", "--review", review,
            user="clerk", match="only the Monitoring Officer, Deputy Monitoring Officer or HR adviser may")
    refused(cli, "measure", "start", ref, "suspension", "--detail", "x", "--review", review,
            user="hr", match="an officer is suspended on a complaint about an Officer")
    cli("measure", "start", ref, "protective", "--detail",
        "Cllr Jones contacts Planning only through the Director", "--review", review)
    assert "Protective measure for the officer who complained since" in cli("show", ref).out
    said = refused(cli, "advance", ref, "withdraw", "--note", "Bob withdraws",
                   match="measures are still in force")
    assert "(protective measure for the officer who complained)" in said
    cli("measure", "end", ref, "1", "--note", "Complaint withdrawn; contact as normal", user="hr")
    cli("advance", ref, "withdraw", "--note", "Bob withdraws")
    assert cli("audit", "verify").code == 0
