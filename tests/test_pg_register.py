"""The public register on a shared PostgreSQL database where each person connects as
themselves: a committee clerk issues a notice and publishes the register, a deputy withdraws
the notice, each with their own login, and the trail names them and verifies."""

import json

import pytest
from cli_runner import refused
from pg_people import as_people, connect, council

pytestmark = pytest.mark.postgres


@pytest.fixture
def people(pg_url, pg_server):
    council(pg_url, pg_server)
    return as_people(pg_url)


def test_clerks_publish_and_deputies_withdraw_with_their_own_logins(people, pg_url, tmp_path):
    cli = people
    ref = cli("new", "--about", "Cllr Tom Price", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Talked over her at committee", "--received", "2026-10-01").out.strip()
    cli("advance", ref, "refer_to_monitoring_officer", "--on", "2026-10-02")
    cli("choice", ref, "protocol", "--on", "2026-10-05")
    cli("classify", ref, "outside", "--note", "A political disagreement", "--on", "2026-10-05")
    cli("advance", ref, "no_further_action", "--reason", "outside-remit", "--note", "Outside the code",
        "--on", "2026-10-06")
    cli("decision", ref, user="clerk")
    cli("publish", "register", "--out", str(tmp_path / "one.csv"), user="clerk")
    refused(cli, "publish", "register", "--out", str(tmp_path / "two.csv"), user="hr",
            match="cannot publish the register")
    refused(cli, "decision", ref, "--withdraw", "--reason", "x", user="clerk",
            match="cannot withdraw a decision notice")
    cli("decision", ref, "--withdraw", "--reason", "Issued before the review period ended", user="dep")
    cli("publish", "register", "--out", str(tmp_path / "two.csv"), user="clerk")
    assert ",2026-10-06,Not named,Not named," in (tmp_path / "two.csv").read_text()
    with connect(pg_url, "mo") as conn:
        rows = conn.execute("SELECT actor, action, data FROM audit_event "
                            "WHERE action IN ('publish', 'notice-withdraw') ORDER BY seq").fetchall()
    assert [(a, act) for a, act, _ in rows] == [("clerk", "publish"), ("dep", "notice-withdraw"),
                                                 ("clerk", "publish")]
    assert json.loads(rows[-1][2])["withdrawn"] == [ref]
    assert cli("audit", "verify", user="dep").out.startswith("audit trail intact")
