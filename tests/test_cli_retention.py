"""The retention schedule and legal holds through the command line, on SQLite and PostgreSQL: a
council brings in the cases it closed years ago, sees which are due for disposal and when the
rest will be, keeps one with a legal hold and lets it go again; every refusal is one line and
leaves the database as it was, and the audit trail verifies throughout."""

import json

from cli_runner import checked, refused

SHEET = """reference,about,by,clause,summary,received,stage,stage_since
OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted at an officer,2017-11-01,Closed,2018-03-01
OLD/2,Cllr Ann Jones,Bob Smith,21.9.2,Pressed for a decision,2020-01-06,Withdrawn,2020-02-29
OLD/3,Bob Smith,Cllr Ann Jones,21.9.1,Curt reply,2021-03-01,No case to answer,2021-06-30
"""


def _council(db_url, tmp_path):
    run = checked(db_url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith")
    run("users", "add", "dep", "--name", "Dee Deputy", "--role", "deputy-monitoring-officer")
    run("users", "add", "hr1", "--name", "Harriet Patel", "--role", "hr")
    sheet = tmp_path / "closed.csv"
    sheet.write_text(SHEET)
    run("import", "cases", str(sheet))
    return run


def _schedule(cli, *args, user="mo"):
    return {e["ref"]: e for e in json.loads(cli("retention", "--json", *args, user=user).out)}


def test_the_schedule_says_what_is_due_and_when_the_rest_will_be(db_url, tmp_path):
    cli = _council(db_url, tmp_path)
    cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
        "--summary", "Still being assessed")
    rows = _schedule(cli)
    assert set(rows) == {"OLD/1", "OLD/2", "OLD/3"}  # the open complaint is not in it
    assert rows["OLD/1"]["status"] == "kept while the subject Member is in office"
    assert (rows["OLD/2"]["retention_ends"], rows["OLD/2"]["due"]) == ("2026-03-01", True)
    assert (rows["OLD/3"]["retention_ends"], rows["OLD/3"]["due"]) == ("2027-06-30", False)
    # A leap day: 29 February 2020 plus six years is over only once 28 February 2026 is.
    assert _schedule(cli, "--as-at", "2026-02-28")["OLD/2"]["due"] is False
    assert list(_schedule(cli, "--due")) == ["OLD/2"]
    text = cli("retention").out
    assert "OLD/2" in text and "ends 2026-03-01" in text and "6 years after closure" in text
    assert "3 ended cases: 1 due for disposal, 0 under a legal hold" in text
    assert cli("retention", "--due", "--as-at", "2026-01-01").out.strip() == "no case is due for disposal"

    # The Member leaves office: a breach is kept six years from that day (the later one).
    cli("people", "left", "Cllr Ann Jones", "--on", "2020-05-07")
    one = _schedule(cli)["OLD/1"]
    assert (one["subject_left_office"], one["retention_ends"], one["due"]) == ("2020-05-07", "2026-05-07", True)
    assert list(_schedule(cli, "--due")) == ["OLD/2", "OLD/1"]
    assert cli("audit", "verify").code == 0


def test_a_legal_hold_keeps_a_case_off_the_due_list_until_it_is_lifted(db_url, tmp_path):
    cli = _council(db_url, tmp_path)
    said = cli("hold", "old/2", "--reason", "Subject access request under review").out
    assert said.strip() == "OLD/2: under a legal hold; it is not due for disposal until the hold is lifted"
    two = _schedule(cli)["OLD/2"]
    assert (two["due"], two["held"], two["status"]) == (False, True, "held: Subject access request under review")
    assert cli("retention", "--due").out.strip() == "no case is due for disposal"
    assert "held: Subject access request under review" in cli("retention").out
    assert "legal hold placed" in cli("timeline", "OLD/2").out
    assert "legal hold   since " in cli("show", "OLD/2").out
    assert json.loads(cli("show", "OLD/2", "--json").out)["hold"]["reason"] == "Subject access request under review"

    cli("hold", "OLD/2", "--lift", "--reason", "Request answered", user="dep")
    assert list(_schedule(cli, "--due")) == ["OLD/2"]
    assert json.loads(cli("show", "OLD/2", "--json").out)["hold"] is None
    assert "legal hold lifted" in cli("timeline", "OLD/2").out
    holds = [e for e in json.loads(cli("show", "OLD/2", "--json").out)["history"] if e["action"] == "hold"]
    assert [(e["actor"], e["data"]["step"]) for e in holds] == [("mo", "place"), ("dep", "lift")]
    assert cli("audit", "verify").code == 0
    assert cli("audit", "verify", "--case", "OLD/2").code == 0


def test_bad_input_is_one_line_and_changes_nothing(db_url, tmp_path):
    cli = _council(db_url, tmp_path)
    cli("hold", "OLD/3", "--reason", "Tribunal claim pending")
    refused(cli, "hold", "OLD/9", "--reason", "x", match="no case 'OLD/9'")
    refused(cli, "hold", "OLD/1", "--reason", "x", user="hr1",
            match="an HR adviser cannot place a legal hold on a case; only the Monitoring Officer")
    refused(cli, "hold", "OLD/3", "--lift", "--reason", "x", user="hr1", match="cannot lift a legal hold")
    refused(cli, "hold", "OLD/1", "--lift", "--reason", "x", match="OLD/1 is not under a legal hold")
    refused(cli, "hold", "OLD/3", "--reason", "again", match="OLD/3 is already under a legal hold")
    refused(cli, "hold", "OLD/1", "--reason", " ", match="the reason is empty")
    refused(cli, "hold", "OLD/1", match="Missing option '--reason'")
    refused(cli, "retention", user="hr1", match="cannot read the retention schedule")
    refused(cli, "retention", "--as-at", "31/02/2026", match="--as-at")
    assert _schedule(cli)["OLD/3"]["status"] == "held: Tribunal claim pending"
