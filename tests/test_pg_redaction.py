"""Redacted copies on a shared PostgreSQL database where each person connects as themselves:
the deputy's own login files the copy and its event, and nobody's own credentials can link a
paper to another behind the trail."""

import evidence as ev
import psycopg
import pytest
from cli_runner import refused
from pg_people import as_people, connect, council

pytestmark = pytest.mark.postgres


def test_a_copy_is_filed_by_the_deputy_as_themselves_and_never_relinked_behind_the_trail(
        pg_url, pg_server, tmp_path):
    council(pg_url, pg_server)
    cli = as_people(pg_url)
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    paper = ev.statement(tmp_path / "s.pdf", [["Priya Shah was there."], ["Nothing more."]])
    cli("attach", ref, str(paper), "--exempt", "1", user="hr")
    cli("redact", ref, "1", "--term", "Priya Shah", "--reason", "third-party", user="dep")
    refused(cli, "redact", ref, "1", "--term", "Priya", "--reason", "third-party", user="view",
            match="no case")  # a restricted case: the viewer does not see it at all
    with connect(pg_url, "hr") as conn:
        assert conn.execute("SELECT actor FROM audit_event WHERE action = 'redact'").fetchall() == [("dep",)]
        with pytest.raises(psycopg.Error, match="permission denied|without an event"):
            conn.execute("UPDATE document SET redacts_id = NULL WHERE id = 2")
            conn.commit()
    assert cli("audit", "verify", user="dep").out.startswith("audit trail intact")
