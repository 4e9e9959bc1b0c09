"""The routes as the law has them, walked through the command line on SQLite and PostgreSQL: an
English complaint paused for the police and resumed where it stood with its deadline moved on,
and a Welsh complaint through the Public Services Ombudsman for Wales, the Standards Committee's
powers under SI 2001/2281 reg. 9, its notices and the Adjudication Panel."""

import json
from datetime import date, timedelta

import holidays
import pytest
from cli_runner import assessed, checked, draft_shared, heard, refused


def _council(db_url, profile):
    env = {"CASEWORK_PROFILE": profile}

    run = checked(db_url, env)
    run("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("member", "Cllr Tom Price"), ("officer", "Bob Smith")]:
        run("people", "add", "--kind", kind, "--name", name)
    for login, role in [("clerk", "clerk"), ("inv", "investigator"), ("ip", "independent-person")]:
        run("users", "add", login, "--name", login.title(), "--role", role)
    return run


def _show(cli, ref):
    return json.loads(cli("show", ref, "--json").out)


def _working_days(start: date, end: date) -> int:
    """Weekdays after start up to end that are not bank holidays in England, counted here
    with the holidays package rather than casework's calendar."""
    off = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
    return sum(1 for n in range(1, (end - start).days + 1)
               if (d := start + timedelta(days=n)).weekday() < 5 and d not in off)


def test_a_police_referral_pauses_and_the_case_resumes_at_investigation(db_url):
    cli = _council(db_url, "england")
    today = date.today()
    received = today - timedelta(days=70)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Threatening messages", "--received", received.isoformat()).out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", (received + timedelta(days=1)).isoformat())
    assessed(cli, ref, on=(received + timedelta(days=2)).isoformat())
    cli("advance", ref, "investigate", "--on", (received + timedelta(days=2)).isoformat())
    due_before = _show(cli, ref)["next_due"]
    paused_on = received + timedelta(days=14)
    review = today + timedelta(days=20)
    refused(cli, "advance", ref, "refer_to_police", "--note", "threat of violence",
            "--on", paused_on.isoformat(), match="a pause needs a review date")
    refused(cli, "advance", ref, "refer_to_police", "--note", "threat of violence", "--reason",
            "election", "--review", review.isoformat(), match="pauses for the police")
    cli("advance", ref, "refer_to_police", "--note", "Threat of violence: for the police",
        "--on", paused_on.isoformat(), "--review", review.isoformat())
    shown = _show(cli, ref)
    assert (shown["state"], shown["is_open"], shown["paused_from"]) == ("paused", True, "investigation")
    assert shown["next_due"] == review.isoformat()  # the review date is its deadline
    offered = {e["name"]: e for e in shown["events"]}
    assert set(offered) == {"review_pause", "resume", "discontinue"}
    assert offered["resume"]["to"] == "investigation"
    # Reviewed and kept paused: only the review date moves.
    later = review + timedelta(days=14)
    cli("advance", ref, "review_pause", "--note", "Police still investigating", "--review", later.isoformat())
    assert _show(cli, ref)["next_due"] == later.isoformat()
    cli("advance", ref, "resume", "--note", "Police have finished: no charge")
    shown = _show(cli, ref)
    assert (shown["state"], shown["paused_from"]) == ("investigation", None)
    moved = date.fromisoformat(due_before)
    for _ in range(_working_days(paused_on, today)):
        moved += timedelta(days=1)
        while moved.weekday() >= 5 or moved in holidays.country_holidays("GB", subdiv="ENG", years=moved.year):
            moved += timedelta(days=1)
    assert shown["next_due"] == moved.isoformat()
    # The timeline judges the stage resumed, not the one the pause interrupted.
    stages = [d for d in shown["deadlines"]]
    assert [d["stage"] for d in stages][-3:] == ["investigation", "paused", "investigation"]
    assert stages[-3]["met"] is None and stages[-3]["paused"] and stages[-1]["due"] == moved.isoformat()


def test_a_paused_case_is_discontinued_only_with_a_reason(db_url):
    cli = _council(db_url, "england")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Rude at a meeting").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer")
    review = (date.today() + timedelta(days=30)).isoformat()
    refused(cli, "advance", ref, "pause", "--note", "x", "--review", review, match="a pause needs --reason")
    refused(cli, "advance", ref, "pause", "--note", "x", "--reason", "holiday", "--review", review,
            match="not a reason for a pause; use one of: police, election")
    cli("advance", ref, "pause", "--note", "Purdah: the member is standing", "--reason", "election",
        "--review", review)
    refused(cli, "advance", ref, "discontinue", match="a note saying why")
    cli("advance", ref, "discontinue", "--note", "The member was not re-elected; nothing to gain")
    shown = _show(cli, ref)
    assert (shown["state"], shown["is_open"]) == ("discontinued", False)


def test_a_welsh_complaint_through_the_ombudsman_hearing_reg9_notices_and_the_panel(db_url, tmp_path):
    cli = _council(db_url, "wales")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Bullying an officer", "--received", "2026-06-01").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", "2026-06-02")
    refused(cli, "advance", ref, "investigate", match="only when the Public Services Ombudsman for "
            "Wales refers it (Local Government Act 2000 s.70(4))")
    assessed(cli, ref, on="2026-06-03")
    cli("advance", ref, "refer_to_ombudsman", "--on", "2026-06-03", "--note", "A complaint under the code")
    shown = _show(cli, ref)
    assert (shown["state"], shown["next_due"]) == ("with_ombudsman", None)  # the clock stops
    assert {e["name"] for e in shown["events"]} == {
        "ombudsman_declines", "ombudsman_refers_for_investigation",
        "ombudsman_reports_to_committee", "ombudsman_refers_to_panel"}
    cli("advance", ref, "ombudsman_refers_for_investigation", "--on", "2026-07-01")
    draft_shared(cli, ref, on="2026-08-14")
    cli("advance", ref, "complete_investigation", "--on", "2026-08-14", user="inv")
    report = tmp_path / "report.txt"
    report.write_text("The Monitoring Officer's report under reg. 6")
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--on", "2026-08-20", "--note", "A case to answer")
    heard(cli, ref, on="2026-08-20")
    cli("advance", ref, "find_breach", "--on", "2026-09-15", "--note", "Breach of the code", user="clerk")
    refused(cli, "sanction", ref, "training", user="clerk", match="not a sanction for this route")
    refused(cli, "sanction", ref, "suspension", "--on", "2026-09-15", "--until", "2027-04-14",
            user="clerk", match="at most six months (SI 2001/2281 reg. 9(1)(d))")
    cli("sanction", ref, "suspension", "--on", "2026-09-15", "--until", "2027-02-14", user="clerk")
    refused(cli, "advance", ref, "close", user="clerk",
            match="decision notice has not been issued (SI 2001/2281 reg. 9(3))")
    cli("decision", ref, user="clerk")
    cli("advance", ref, "appeal_to_panel", "--note", "The member appeals", user="clerk")
    cli("advance", ref, "panel_recommends", "--note", "The tribunal recommends censure", user="clerk")
    cli("advance", ref, "accept_recommendation", "--note", "The committee accepts", user="clerk")
    # A determination under reg. 9(2) is notified again (reg. 9(3)) before the case closes.
    refused(cli, "advance", ref, "close", user="clerk", match="reg. 9(3)")
    cli("decision", ref, user="clerk")
    cli("advance", ref, "close", user="clerk")
    shown = _show(cli, ref)
    assert shown["state"] == "closed"
    assert [s["until"] for s in shown["sanctions"]] == ["2027-02-14"]
    assert "intact" in cli("audit", "verify").out


def test_the_ombudsmans_report_goes_to_the_committee_once_filed(db_url, tmp_path):
    cli = _council(db_url, "wales")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Rude").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer")
    assessed(cli, ref)
    cli("advance", ref, "refer_to_ombudsman", "--note", "Code complaint")
    refused(cli, "advance", ref, "ombudsman_reports_to_committee",
            match="--section ombudsman-report")
    report = tmp_path / "psow.txt"
    report.write_text("The Ombudsman's report under s.71(2)")
    cli("attach", ref, str(report), "--section", "ombudsman-report")
    cli("advance", ref, "ombudsman_reports_to_committee")
    assert _show(cli, ref)["state"] == "hearing"
    refused(cli, "advance", ref, "find_breach", "--note", "Breach", user="mo",
            match="the notice of the hearing served on the parties")
    heard(cli, ref)
    cli("advance", ref, "find_breach", "--note", "Breach on the Ombudsman's report")


@pytest.mark.parametrize("profile", ["england"])
def test_the_welsh_steps_are_refused_in_england(db_url, profile):
    cli = _council(db_url, profile)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Rude").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer")
    refused(cli, "advance", ref, "refer_to_ombudsman", "--note", "x", match="only under the Welsh regime")
