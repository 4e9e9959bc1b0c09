"""On a shared PostgreSQL database where each person connects as their own login, a viewer's sign-in
and export write their personal values (the address, where the file went) beside the
trail with the person's own credentials; the trail holds keyed hashes only, the
Monitoring Officer reads the address, and every auditor's `audit verify` passes."""

import json

import pytest
from pg_people import as_people, connect, council, password, personal_url

from casework.access.signins import record
from casework.workspace import open_workspace

pytestmark = pytest.mark.postgres
ADDRESS = "203.0.113.9"


@pytest.fixture
def people(pg_url, pg_server):
    council(pg_url, pg_server)
    return as_people(pg_url)


def test_a_sign_in_and_a_viewers_export_commit_their_values_with_their_own_logins(people, pg_url, tmp_path):
    cli = people
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "Curt reply at a ward surgery", user="mo").out.strip()
    out = tmp_path / "Bob Smith timeline.txt"
    cli("timeline", ref, "--out", str(out), user="view")
    # A viewer signs in with their own login: the event, about no case, is one they may read
    # back (their own), as PostgreSQL requires of INSERT ... RETURNING.
    own = personal_url(pg_url, "view").replace("//view@", f"//view:{password('view')}@")
    ws = open_workspace(own)
    try:
        record(ws, "view", "sign-in", ADDRESS)
    finally:
        ws.engine.dispose()
    signed = json.loads(cli("users", "sign-ins", "--json", user="mo").out)
    assert (signed[0]["login"], signed[0]["address"]) == ("view", ADDRESS)
    with connect(pg_url, "mo") as conn:
        trail = conn.execute("SELECT string_agg(data, ' ') FROM audit_event").fetchone()[0]
    assert ADDRESS not in trail and "Bob Smith timeline" not in trail
    for auditor in ("mo", "hr"):
        assert cli("audit", "verify", user=auditor).out.startswith("audit trail intact")
