"""A complaint about a Member withdrawn by its complainant and continued by the Monitoring
Officer in the public interest, through the command line on SQLite and PostgreSQL: it goes on
from the stage it was withdrawn at, with that stage's deadline moved on by the working days it
stood withdrawn; nobody else continues it, and never without saying why."""

import json
from datetime import date, timedelta

from cli_runner import assessed, checked, refused


def _council(db_url):
    run = checked(db_url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith")
    run("users", "add", "clerk", "--name", "Cleo Clerk", "--role", "clerk")
    return run


def _show(cli, ref):
    return json.loads(cli("show", ref, "--json").out)


def test_a_withdrawn_complaint_goes_on_from_where_it_was_in_the_public_interest(db_url):
    cli = _council(db_url)
    received = date(2026, 10, 26)  # a Monday; no bank holiday in England until Christmas
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer in front of the public",
              "--received", received.isoformat()).out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", received.isoformat())
    assessed(cli, ref, "code", on=received.isoformat())
    investigating = received + timedelta(days=7)
    cli("advance", ref, "investigate", "--on", investigating.isoformat())
    due = _show(cli, ref)["next_due"]

    withdrawn_on = investigating + timedelta(days=7)
    cli("advance", ref, "withdraw", "--on", withdrawn_on.isoformat(),
        "--note", "The officer no longer wishes to pursue it")
    case = _show(cli, ref)
    assert (case["state"], case["paused_from"], case["next_due"]) == ("withdrawn", "investigation", None)
    assert "Withdrawn since" in cli("show", ref).out and "(from Investigation)" in cli("show", ref).out
    offered = {e["name"]: e for e in _show(cli, ref)["events"]}
    assert offered["continue_after_withdrawal"]["to"] == "investigation"

    refused(cli, "advance", ref, "continue_after_withdrawal",
            match="a note saying why is needed")
    refused(cli, "advance", ref, "continue_after_withdrawal", "--note", "x", user="clerk",
            match="only the Monitoring Officer or Deputy Monitoring Officer may")
    back_on = withdrawn_on + timedelta(days=14)
    cli("advance", ref, "continue_after_withdrawal", "--on", back_on.isoformat(),
        "--note", "Witnessed by members of the public; the public interest requires an outcome")
    case = _show(cli, ref)
    assert (case["state"], case["paused_from"], case["is_open"]) == ("investigation", None, True)
    # Withdrawn Monday 9 November, continued Monday 23 November: ten working days stood
    # withdrawn, and the investigation's deadline moves on by those.
    moved = [e for e in _show(cli, ref)["history"] if e["data"].get("event") == "continue_after_withdrawal"]
    assert moved[0]["data"]["paused_working_days"] == 10
    assert date.fromisoformat(case["next_due"]) > date.fromisoformat(due)
    assert moved[0]["data"]["due"] == case["next_due"]
    assert "Continue in the public interest despite the withdrawal" in cli("timeline", ref).out
    assert cli("audit", "verify").code == 0


def test_an_officer_complaint_has_no_continuation_and_a_reopened_one_starts_at_assessment(db_url):
    cli = _council(db_url)
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.3",
              "--summary", "Rude reply to a councillor's enquiry").out.strip()
    cli("advance", ref, "withdraw", "--note", "Resolved between them")
    refused(cli, "advance", ref, "continue_after_withdrawal", "--note", "x",
            match="is not an event of a complaint about an Officer")
