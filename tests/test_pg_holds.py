"""Legal holds on a shared PostgreSQL database where each person connects as themselves: the
Monitoring Officer and deputy hold and lift with their own logins, the trail names them, and
nobody's own credentials can write a hold, or change one, behind the trail."""

import json

import psycopg
import pytest
from cli_runner import refused
from pg_people import as_people, connect, council

pytestmark = pytest.mark.postgres


@pytest.fixture
def people(pg_url, pg_server):
    council(pg_url, pg_server)
    return as_people(pg_url)


def test_holds_are_the_monitoring_officers_and_never_written_behind_the_trail(people, pg_url):
    cli = people
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    cli("advance", ref, "try_informal", user="hr")
    cli("advance", ref, "resolve", "--note", "Apology accepted", user="hr")
    cli("hold", ref, "--reason", "Grievance appeal pending", user="mo")
    assert json.loads(cli("retention", "--json", user="dep").out)[0]["status"] == "held: Grievance appeal pending"
    refused(cli, "hold", ref, "--lift", "--reason", "x", user="hr", match="cannot lift a legal hold")
    refused(cli, "retention", user="hr", match="cannot read the retention schedule")

    for login, sql, reason in (
            ("hr", "INSERT INTO case_hold (case_id, reason, placed_by, placed_at) "
                   "SELECT id, 'planted', 1, '2026-01-01' FROM case_file", "permission denied"),
            ("mo", "UPDATE case_hold SET lifted_at = '2026-01-01'", "case_hold changed without an event"),
            ("dep", "DELETE FROM case_hold", "permission denied")):
        with connect(pg_url, login) as conn:
            with pytest.raises(psycopg.Error, match=reason):
                conn.execute(sql)
                conn.commit()  # the check against the trail runs at commit
    cli("hold", ref, "--lift", "--reason", "Appeal dismissed", user="dep")
    with connect(pg_url, "mo") as conn:
        actors = conn.execute("SELECT actor, data FROM audit_event WHERE action = 'hold' ORDER BY seq").fetchall()
    assert [(a, json.loads(d)["step"]) for a, d in actors] == [("mo", "place"), ("dep", "lift")]
    assert cli("audit", "verify", user="dep").out.startswith("audit trail intact")
