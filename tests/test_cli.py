"""The command line as a contract: both routes end to end, JSON shapes, and refusals that
are one line, exit 2 and change nothing. On SQLite and PostgreSQL."""

import json
from datetime import date, timedelta

import pytest
from cli_runner import assessed, checked, draft_shared, heard, refused


def _council(url: str) -> None:
    run = checked(url)
    run("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("member", "Cllr Tom Price"), ("officer", "Bob Smith"),
                       ("officer", "Olive Manager")]:
        run("people", "add", "--kind", kind, "--name", name)
    for login, role in [("hr", "hr"), ("clerk", "clerk"), ("inv", "investigator"), ("ip", "independent-person"), ("view", "viewer")]:
        run("users", "add", login, "--name", login.title(), "--role", role)


@pytest.fixture
def cli(db_url):
    """The council made through the command line once per test process, and copied."""
    import templates

    if templates.fill(db_url, "cli-council", _council) is None:
        _council(db_url)
    return checked(db_url)


def test_member_route_from_intake_to_closure(cli, tmp_path):
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer", "--received", "2026-10-01").out.strip()
    assert ref.startswith("MOP-") and len(ref.splitlines()) == 1
    cli("advance", ref, "refer-to-monitoring-officer", "--on", "2026-10-02")
    assessed(cli, ref)
    cli("advance", ref, "investigate")
    refused(cli, "advance", ref, "complete_investigation", user="inv",
            match="the draft report goes to both parties for comment before the final report")
    draft_shared(cli, ref)
    cli("advance", ref, "complete_investigation", user="inv")
    refused(cli, "advance", ref, "refer_to_hearing", match="Independent Person")
    cli("grant", ref, "ip")
    cli("note", ref, "A breach is likely", "--kind", "ip-view", user="ip")
    report = tmp_path / "report.txt"
    report.write_text("Final report of the Investigating Officer")
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--note", "Report finds a case to answer; for the Standards Committee")
    heard(cli, ref)
    cli("advance", ref, "find_breach", "--note", "Breach of 21.9.3", user="clerk")
    cli("sanction", ref, "training", "--due", (date.today() + timedelta(days=30)).isoformat(), user="clerk")
    refused(cli, "advance", ref, "close", match="sanctions still open")
    shown = json.loads(cli("show", ref, "--json").out)
    cli("comply", ref, str(shown["sanctions"][0]["id"]), "--on", date.today().isoformat())
    refused(cli, "advance", ref, "close", user="clerk", match="decision notice has not been issued")
    cli("decision", ref, user="clerk")
    cli("advance", ref, "close", user="clerk")

    shown = json.loads(cli("show", ref, "--json").out)
    for key in ("ref", "route", "state", "clause", "received", "deadlines", "events",
                "notes", "documents", "sanctions", "history"):
        assert key in shown
    assert shown["state"] == "closed" and shown["route"] == "member"
    assert shown["received"] == "2026-10-01"
    assert {"step", "due", "met"} <= set(shown["deadlines"][0])
    assert date.fromisoformat(shown["deadlines"][0]["due"]) == date(2026, 10, 8)
    assert [e["name"] for e in shown["events"]] == ["reopen"]
    transitions = [h["to"] for h in shown["history"] if h["action"] == "transition"]
    assert transitions == ["assessment", "investigation", "decision", "hearing", "sanctions", "closed"]
    assert cli("audit", "verify").out.startswith("audit trail intact")


def test_officer_route_to_informal_resolution(cli):
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    cli("advance", ref, "try_informal", user="hr")
    listed = json.loads(cli("list", "--json").out)
    assert listed == [{"ref": ref, "route": "officer", "state": "informal_resolution",
                       "subject": "Bob Smith", "complainant": "Cllr Ann Jones", "handler": "hr",
                       "received": date.today().isoformat(), "next_due": listed[0]["next_due"],
                       "overdue": False}]
    cli("advance", ref, "resolve", "--note", "Resolved: apology given and accepted", user="hr")
    assert json.loads(cli("list", "--json").out) == []
    assert json.loads(cli("list", "--json", "--all").out)[0]["state"] == "resolved"
    timeline = cli("timeline", ref, "--format", "csv").out.splitlines()
    assert timeline[0].startswith("seq,at,on,actor,action")
    assert len(timeline) == 4  # header, logged, informal, resolved


def test_list_refuses_a_stage_or_handler_that_does_not_exist(cli):
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    assert refused(cli, "list", "--state", "bogus", match="--state: 'bogus' is not a stage of either route; "
                   "use one of: ")
    assert refused(cli, "list", "--state", "assessment", "--route", "officer",
                   match="is not a stage of a complaint about an Officer")
    assert refused(cli, "list", "--handler", "nosuchuser",
                   match="--handler: no user with the login 'nosuchuser'")
    # stages by name or by their title, as the queue shows them
    for stage in ("received", "Received", "RECEIVED"):
        assert [c["ref"] for c in json.loads(cli("list", "--json", "--state", stage).out)] == [ref]
    assert json.loads(cli("list", "--json", "--state", "Local resolution").out) == []
    assert [c["ref"] for c in json.loads(cli("list", "--json", "--handler", "hr").out)] == [ref]
    assert json.loads(cli("list", "--json", "--handler", "clerk").out) == []


def test_overdue_filter(cli):
    old = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Old complaint", "--received", "2025-01-06").out.strip()
    cli("new", "--about", "Cllr Ann Jones", "--by", "Olive Manager", "--clause", "21.9.1",
        "--summary", "New complaint")
    overdue = json.loads(cli("list", "--overdue", "--json").out)
    assert [c["ref"] for c in overdue] == [old] and overdue[0]["overdue"] is True


@pytest.mark.parametrize("args,match", [
    (("show", "MOP-1999-0001"), "no case 'MOP-1999-0001'"),
    (("new", "--about", "Nobody", "--by", "Bob Smith", "--clause", "21.9.1", "--summary", "x"), "no one called 'Nobody'"),
    (("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "99.9", "--summary", "x"), "not a clause"),
    (("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1", "--summary", "x", "--received", "31/02/2026"), "DD/MM/YYYY or YYYY-MM-DD"),
    (("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1", "--summary", "x", "--received", "2099-01-01"), "in the future"),
    (("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1", "--summary", "  "), "summary is empty"),
    (("new", "--about", "Bob Smith", "--by", "Olive Manager", "--clause", "21.9.1", "--summary", "x"), "grievance"),
    (("users", "add", "x", "--name", "X", "--role", "boss"), "'boss'"),
])
def test_bad_input_is_one_clear_line(cli, args, match):
    refused(cli, *args, match=match)


def test_unknown_login_is_refused_clearly(cli):
    refused(cli, "list", user="stranger", match="no user 'stranger'")


def test_viewer_is_refused_with_the_reason(cli):
    refused(cli, "new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
            "--summary", "x", user="view", match="viewer cannot log a complaint")
