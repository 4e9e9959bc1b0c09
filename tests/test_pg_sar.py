"""Subject access requests on a shared PostgreSQL database where each person connects as their
own login: the Monitoring Officer and deputy open, extend, pack and answer them; the database
itself keeps every other role from reading that anyone asked, and nobody's own credentials can
change a request behind the trail."""

import json
import os
import stat
from datetime import timedelta

import psycopg
import pytest
from cli_runner import refused
from pg_people import as_people, connect, council

from casework.clock import council_today

pytestmark = pytest.mark.postgres


@pytest.fixture
def people(pg_url, pg_server):
    council(pg_url, pg_server)
    return as_people(pg_url)


def test_requests_are_the_monitoring_officers_and_deputies_alone(people, pg_url, tmp_path):
    cli = people
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt with Cllr Ann Jones at a ward surgery", user="hr").out.strip()
    cli("note", ref, "Bob Smith says Cllr Ann Jones arrived late", user="hr")
    received = (council_today() - timedelta(days=3)).isoformat()
    refused(cli, "sar", "open", "Cllr Ann Jones", "--received", received, user="hr",
            match="cannot deal with subject access requests")
    refused(cli, "sar", "open", "Cllr Nobody", "--received", received, user="mo",
            match="no one called 'Cllr Nobody' in the register")
    assert cli("sar", "open", "Cllr Ann Jones", "--received", received, user="mo").out.startswith(
        "subject access request 1 from Cllr Ann Jones")
    cli("sar", "extend", "1", "--months", "1", "--reason", "Papers held in two systems", user="dep")
    refused(cli, "sar", "list", user="view", match="cannot deal with subject access requests")

    for login, sql, reason in (
            ("hr", "SELECT count(*) FROM subject_access", "permission denied"),
            ("clerk", "INSERT INTO subject_access (requester, aliases, received, due, extended_months, "
                      "status, opened_by, opened_at) VALUES ('x', '', '2026-01-01', '2026-02-01', 0, "
                      "'open', 1, '2026-01-01')", "permission denied"),
            ("mo", "UPDATE subject_access SET status = 'answered'", "subject_access changed without an event"),
            ("dep", "DELETE FROM subject_access", "permission denied")):
        with connect(pg_url, login) as conn:
            with pytest.raises(psycopg.Error, match=reason):
                conn.execute(sql)
                conn.commit()  # the check against the trail runs at commit

    out = tmp_path / "pack"
    said = cli("sar", "Cllr Ann Jones", "--out", str(out), user="dep").out
    assert "request 1:" in said and "for your review, not the requester" in said
    assert stat.S_IMODE(os.stat(out / "sar-1-response.pdf").st_mode) == 0o600
    cli("sar", "answer", "1", "--pack", str(out), user="dep")
    assert json.loads(cli("sar", "list", "--json", user="mo").out)[0]["status"] == "answered"
    with connect(pg_url, "mo") as conn:
        rows = conn.execute("SELECT actor, data FROM audit_event WHERE action = 'sar' ORDER BY seq").fetchall()
    assert [(a, json.loads(d)["step"]) for a, d in rows] == [
        ("mo", "open"), ("dep", "extend"), ("dep", "pack"), ("dep", "answer")]
    assert cli("audit", "verify", user="dep").out.startswith("audit trail intact")


def test_a_deputy_kept_from_a_case_by_the_database_is_told_rather_than_given_a_short_pack(
        people, pg_url, pg_server, tmp_path):
    cli = people
    received = (council_today() - timedelta(days=3)).isoformat()
    cli("new", "--about", "Cllr Ann Jones", "--by", "Olive Manager", "--clause", "21.9.1",
        "--summary", "Raised voice at Olive Manager", user="mo")
    cli("sar", "open", "Cllr Ann Jones", "--received", received, user="mo")
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute("UPDATE user_account SET person_id = (SELECT id FROM person WHERE name = "
                     "'Olive Manager') WHERE login = 'dep'")  # the schema owner, as an administrator
    refused(cli, "sar", "pack", "1", "--out", str(tmp_path / "pack"), user="dep",
            match="1 case is closed to you, as a party or a witness")
    assert not (tmp_path / "pack").exists()
    cli("sar", "pack", "1", "--out", str(tmp_path / "pack"), user="mo")
