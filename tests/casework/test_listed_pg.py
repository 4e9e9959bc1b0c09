"""`casework list` on a shared PostgreSQL database read with psycopg alone
(casework.queue.listed.listed_shared) is the list the ordinary way gives, for every role and
filter, as the login the server knows; a kept statement there can only read."""

import json
import subprocess
import sys
from datetime import date

import pytest
from helpers import TODAY, USERS, populated_workspace
from sqlalchemy import text

from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.queue import listed
from casework.sealed import seal, unseal

pytestmark = pytest.mark.postgres

FILTERS = ({}, {"overdue": True}, {"route": "member"}, {"route": "officer"}, {"state": "received"},
           {"include_ended": True})


@pytest.fixture
def council(pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where the sealing key lives
    monkeypatch.setenv("CASEWORK_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setattr(listed, "council_today", lambda: TODAY)
    db = pg_server.new_database("listed_pg")
    ws = populated_workspace(db)
    open_case(ws, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "About an officer", date(2026, 10, 9))
    open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.1", "Restricted", date(2026, 10, 10),
              confidential=True)
    for i in range(3):
        open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", f"Complaint {i}", date(2026, 10, 1 + i))
    return ws, db


def _shared(db, login, **filters):
    return listed.listed_shared(db, None, login, True, listed.list_query(**filters))


def test_the_kept_list_is_the_ordinary_list_for_every_role_and_filter(council):
    ws, db = council
    assert _shared(db, "mo") is None  # nothing kept yet: the ordinary way
    counts = set()
    for login in USERS:
        for filters in FILTERS:
            listed.remember(ws, login, listed.list_query(**filters))
            found = _shared(db, login, **filters)
            assert found is not None, (login, filters)
            assert found == (list_cases(ws, login, **filters), login), (login, filters)
            counts.add(len(found[0]))
    assert len(counts) > 2, counts  # the roles' lists and the filters differ, so the comparison bites


def test_even_a_sealed_statement_can_only_read(council, tmp_path):
    ws, db = council
    listed.remember(ws, "view", listed.list_query())
    path = next((tmp_path / "cache").glob("kept-reads-*.json"))
    promote = "UPDATE user_account SET role = 'monitoring-officer' WHERE login = 'view' RETURNING 1"
    path.write_text(seal({key: promote for key in unseal(path.read_text())}))
    assert _shared(db, "view") is None
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT role FROM user_account WHERE login = 'view'")).scalar() == "viewer"


def test_the_second_list_loads_no_database_layer(council):
    ws, db = council
    argv = [sys.executable, "-X", "importtime", "-m", "casework", "--db", db, "--as", "clerk",
            "list", "--json", "--route", "member"]
    first, second = (subprocess.run(argv, capture_output=True, text=True, check=True) for _ in range(2))
    assert json.loads(second.stdout) == json.loads(first.stdout) and json.loads(first.stdout)
    assert "sqlalchemy" in first.stderr
    assert "sqlalchemy" not in second.stderr and "sqlmodel" not in second.stderr
