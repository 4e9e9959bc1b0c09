"""casework dispose through the command line, on SQLite and PostgreSQL, and on a shared
PostgreSQL database where each person connects as themselves: the Monitoring Officer or a
deputy disposes of a due case with --yes (and nobody else, by the database too), every refusal
is one line that changes nothing, and the certificate can be written again later."""

import io
import json

import psycopg
import pytest
from cli_runner import checked, refused
from pg_people import as_people, connect, council
from pypdf import PdfReader
from sqlalchemy import create_engine, text

SHEET = """reference,about,by,clause,summary,received,stage,stage_since
OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted at an officer,2017-11-01,Closed,2018-03-01
OLD/2,Cllr Ann Jones,Bob Smith,21.9.2,Pressed for a decision,2020-01-06,Withdrawn,2020-02-29
OLD/3,Bob Smith,Cllr Ann Jones,21.9.1,Curt reply,2021-03-01,No case to answer,2021-06-30
"""


def _import(cli, tmp_path, user="mo"):
    sheet = tmp_path / "closed.csv"
    sheet.write_text(SHEET)
    cli("import", "cases", str(sheet), user=user)


def test_dispose_asks_refuses_in_one_line_and_writes_its_certificate(db_url, tmp_path):
    cli = checked(db_url, {"CASEWORK_PROFILE": "england"})
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    cli("users", "add", "dep", "--name", "Dee Deputy", "--role", "deputy-monitoring-officer")
    cli("users", "add", "hr1", "--name", "Harriet Patel", "--role", "hr")
    _import(cli, tmp_path)
    cli("note", "OLD/2", "Spoke to Bob Smith's union representative")
    cli("hold", "OLD/2", "--reason", "Subject access request")
    refused(cli, "dispose", "OLD/2", "--yes", match="OLD/2 is under a legal hold")
    refused(cli, "dispose", "OLD/3", "--yes", match="OLD/3 is not due for disposal until 2027-06-30")
    refused(cli, "dispose", "OLD/1", "--yes", match="kept while the subject Member is in office")
    refused(cli, "dispose", "OLD/9", "--yes", match="OLD/9")
    cli("hold", "OLD/2", "--lift", "--reason", "Answered")
    refused(cli, "dispose", "OLD/2", "--yes", user="hr1", match="cannot dispose of a case's records")
    refused(cli, "dispose", "OLD/2", match="run it again with --yes")  # no terminal to ask on
    refused(cli, "dispose", "OLD/2", "--certificate", "--out", str(tmp_path / "c.pdf"),
            match="has not been disposed of")

    said = cli("dispose", "old/2", "--yes", "--out", str(tmp_path / "cert.pdf"), user="dep").out
    assert said.startswith("OLD/2: personal data disposed of") and "1 notes" in said
    # What is left to do outside casework: the administrator's VACUUM on PostgreSQL, and backups.
    assert ("VACUUM (FULL) case_file, note" in said) == db_url.startswith("postgresql")
    assert "Backups of the database taken before the disposal still hold the data" in said
    # The log's own personal values follow their own rule, and none is due yet.
    refused(cli, "dispose-logs", "--yes", match="no month of the log is due for disposal")
    refused(cli, "dispose-logs", "--yes", user="hr1", match="cannot dispose of the log's personal data")
    first = (tmp_path / "cert.pdf").read_bytes()
    cli("dispose", "OLD/2", "--certificate", "--out", str(tmp_path / "again.pdf"))
    assert (tmp_path / "again.pdf").read_bytes() == first
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages)
    assert "OLD/2" in text and "Bob Smith" not in text and "Cllr Ann Jones" not in text
    refused(cli, "dispose", "OLD/2", "--yes", match="disposed of already")
    assert cli("audit", "verify").out.startswith("audit trail intact")
    assert cli("audit", "verify", "--case", "OLD/2").code == 0
    history = json.loads(cli("show", "OLD/2", "--json").out)["history"]
    assert history[-1]["action"] == "dispose" and history[-1]["actor"] == "dep"
    assert "union representative" not in cli("timeline", "OLD/2").out


@pytest.mark.postgres
def test_only_the_monitoring_officers_logins_may_dispose_and_the_database_says_so(pg_url, pg_server, tmp_path):
    council(pg_url, pg_server)
    cli = as_people(pg_url)
    _import(cli, tmp_path)
    cli("note", "OLD/2", "A note about Bob Smith", user="mo")
    (tmp_path / "letter.txt").write_bytes(b"Letter from Bob Smith, BS-PAPER-51c2")
    cli("attach", "OLD/2", str(tmp_path / "letter.txt"), user="mo")
    refused(cli, "dispose", "OLD/2", "--yes", user="hr", match="cannot dispose of a case's records")
    # What disposal deletes and clears is the Monitoring Officer's and deputies' alone.
    for login, sql in (("hr", "DELETE FROM note"), ("clerk", "DELETE FROM document"),
                       ("hr", "DELETE FROM audit_value"), ("clerk", "UPDATE audit_key SET secret = NULL"),
                       ("inv", "DELETE FROM blob"), ("hr", "DELETE FROM case_role")):
        with connect(pg_url, login) as conn:
            with pytest.raises(psycopg.Error, match="permission denied"):
                conn.execute(sql)
    # ...and even theirs only with the disposal's event.
    with connect(pg_url, "dep") as conn:
        with pytest.raises(psycopg.Error, match="changed without an event"):
            conn.execute("DELETE FROM note")
            conn.commit()
    said = cli("dispose", "OLD/2", "--yes", user="dep").out
    assert said.startswith("OLD/2: personal data disposed of")
    assert cli("audit", "verify", user="mo").out.startswith("audit trail intact")
    with connect(pg_url, "mo") as conn:
        notes = conn.execute("SELECT count(*) FROM note n JOIN case_file c ON c.id = n.case_id "
                             "WHERE c.ref = 'OLD/2'").fetchone()[0]
        actor = conn.execute("SELECT actor FROM audit_event WHERE action = 'dispose'").fetchone()[0]
    assert (notes, actor) == (0, "dep")
    engine = create_engine(pg_url)
    with engine.connect() as admin:
        # The bytes went with the paper, under the deputy's own login (the row policy lets
        # them remove bytes no paper files any more).
        assert admin.execute(text("SELECT count(*) FROM blob WHERE position('BS-PAPER-51c2'::bytea "
                                  "IN data) > 0")).scalar() == 0
    engine.dispose()
