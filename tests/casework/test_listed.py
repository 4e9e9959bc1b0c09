"""`casework list` read with plain sqlite3, or psycopg alone on PostgreSQL (casework.queue.listed),
is the list the ordinary way gives, for every role and filter, or nothing."""

import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import TODAY, USERS, populated_workspace
from sqlalchemy import text

from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.errors import UserError
from casework.queue import listed
from casework.sealed import seal, unseal

FILTERS = ({}, {"overdue": True}, {"route": "member"}, {"state": "received"},
           {"state": "assessment", "route": "member"}, {"include_ended": True})


@pytest.fixture
def council(tmp_path, monkeypatch):
    """A council with cases, its cache in tmp_path, and the council's today the tests' own."""
    db = tmp_path / "c.db"
    return _a_council(f"sqlite:///{db}", tmp_path, monkeypatch), str(db)


@pytest.fixture
def pg_council(pg_server, tmp_path, monkeypatch):
    """The same on a shared PostgreSQL database."""
    db = pg_server.new_database("listed_pg")
    return _a_council(db, tmp_path, monkeypatch), db


def _a_council(url: str, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where the sealing key lives
    monkeypatch.setenv("CASEWORK_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setattr(listed, "council_today", lambda: TODAY)
    ws = populated_workspace(url)
    open_case(ws, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "About an officer", date(2026, 10, 9))
    open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.1", "Restricted", date(2026, 10, 10),
              confidential=True)
    for i in range(4):
        open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", f"Complaint {i}", date(2026, 10, 1 + i))
    return ws


def _kept_and_read(ws, db, login, **filters):
    query = listed.list_query(**filters)
    listed.remember(ws, login, query)
    return listed.listed(db, None, login, query)


def test_nothing_kept_means_the_ordinary_way(council):
    ws, db = council
    assert listed.listed(db, None, "mo", listed.list_query()) is None


def test_the_kept_list_is_the_ordinary_list_for_every_role_and_filter(council):
    ws, db = council
    counts = set()
    for login in USERS:
        for filters in FILTERS:
            rows = _kept_and_read(ws, db, login, **filters)
            assert rows is not None, (login, filters)
            assert rows == list_cases(ws, login, **filters), (login, filters)
            counts.add(len(rows))
    assert len(counts) > 2, counts  # the roles' lists and the filters differ, so the comparison bites


def test_a_new_case_is_listed_next_time(council):
    ws, db = council
    before = _kept_and_read(ws, db, "mo")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Later", "2026-11-02")
    after = listed.listed(db, None, "mo", listed.list_query())
    assert len(after) == len(before) + 1 and after[0]["ref"] == ref  # statements kept, not rows


def test_overdue_is_kept_for_its_day_only(council, monkeypatch):
    ws, db = council
    assert _kept_and_read(ws, db, "mo") is not None
    assert _kept_and_read(ws, db, "mo", overdue=True) is not None
    monkeypatch.setattr(listed, "council_today", lambda: TODAY + timedelta(days=1))
    assert listed.listed(db, None, "mo", listed.list_query(overdue=True)) is None
    assert listed.listed(db, None, "mo", listed.list_query()) is not None  # no day in it


def test_each_filter_and_user_has_its_own_statement(council):
    ws, db = council
    _kept_and_read(ws, db, "view", route="member")
    assert listed.listed(db, None, "mo", listed.list_query(route="member")) is None
    assert listed.listed(db, None, "view", listed.list_query(route="officer")) is None
    assert listed.listed(db, None, "view", listed.list_query()) is None


def test_a_deactivated_or_moved_user_goes_the_ordinary_way(council):
    ws, db = council
    _kept_and_read(ws, db, "hr")
    _kept_and_read(ws, db, "view")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE user_account SET active = 0 WHERE login = 'hr'")
        conn.execute("UPDATE user_account SET role = 'monitoring-officer' WHERE login = 'view'")
    assert listed.listed(db, None, "hr", listed.list_query()) is None
    assert listed.listed(db, None, "view", listed.list_query()) is None


def test_an_anchor_log_goes_the_ordinary_way(council, monkeypatch):
    ws, db = council
    _kept_and_read(ws, db, "mo")
    monkeypatch.setenv("CASEWORK_ANCHORS", str(ws.engine.url.database) + ".anchors")
    assert listed.listed(db, None, "mo", listed.list_query()) is None


def test_an_unknown_stage_is_refused_before_anything_is_read(council):
    with pytest.raises(UserError, match="--state: 'hearingz' is not a stage of either route"):
        listed.list_query(state="hearingz")


# On a shared PostgreSQL database (casework.queue.listed.listed_shared): read with psycopg alone,
# as the login the server knows.
def _shared(db, login, **filters):
    return listed.listed_shared(db, None, login, True, listed.list_query(**filters))


@pytest.mark.postgres
def test_on_postgresql_the_kept_list_is_the_ordinary_list_for_every_role_and_filter(pg_council):
    ws, db = pg_council
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


@pytest.mark.postgres
def test_on_postgresql_even_a_sealed_statement_can_only_read(pg_council, tmp_path):
    ws, db = pg_council
    listed.remember(ws, "view", listed.list_query())
    path = next((tmp_path / "cache").glob("kept-reads-*.json"))
    promote = "UPDATE user_account SET role = 'monitoring-officer' WHERE login = 'view' RETURNING 1"
    path.write_text(seal({key: promote for key in unseal(path.read_text())}))
    assert _shared(db, "view") is None
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT role FROM user_account WHERE login = 'view'")).scalar() == "viewer"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def either(request):
    """The SQLite council, or the shared PostgreSQL one."""
    return request.getfixturevalue("council" if request.param == "sqlite" else "pg_council")


def test_the_second_list_loads_no_database_layer(either):
    """A script's `casework list --json` prints the same cases each time, and after the first
    call, without importing SQLAlchemy."""
    ws, db = either
    argv = [sys.executable, "-X", "importtime", "-m", "casework", "--db", db, "--as", "clerk",
            "list", "--json", "--route", "member"]
    first, second = (subprocess.run(argv, capture_output=True, text=True, check=True) for _ in range(2))
    assert json.loads(second.stdout) == json.loads(first.stdout) and json.loads(first.stdout)
    assert "sqlalchemy" in first.stderr
    assert "sqlalchemy" not in second.stderr and "sqlmodel" not in second.stderr


PROMOTE = "UPDATE user_account SET role = 'deputy-monitoring-officer' WHERE login = 'view'"
PLANT = ("CREATE TRIGGER planted AFTER INSERT ON note BEGIN "
         "UPDATE user_account SET role = 'monitoring-officer'; END")


def _planted(cache: Path, statement: str):
    """The kept file, and what an attacker would put in it: `statement` for every read."""
    path = next(cache.glob("kept-reads-*.json"))
    return path, {key: statement for key in unseal(path.read_text())}


def _untouched(db: str, before: bytes) -> None:
    assert Path(db).read_bytes() == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT role FROM user_account WHERE login = 'view'").fetchone() == ("viewer",)
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                            "AND name = 'planted'").fetchone() == (0,)


@pytest.mark.parametrize("statement", [PROMOTE, PLANT])
def test_a_planted_cache_runs_nothing(council, tmp_path, statement):
    """Issue 17: a kept file planted by someone else (no seal of this account's key) is ignored,
    and the database is byte for byte as it was."""
    ws, db = council
    _kept_and_read(ws, db, "view")
    path, planted = _planted(tmp_path / "cache", statement)
    before = Path(db).read_bytes()
    path.write_text(json.dumps(planted))  # unsealed
    assert listed.listed(db, None, "view", listed.list_query()) is None
    # A sealed-looking file with a made-up seal is no better.
    path.write_text(json.dumps({"hmac": "0" * 64, "data": json.dumps(planted)}))
    assert listed.listed(db, None, "view", listed.list_query()) is None
    _untouched(db, before)
    # The list the command kept itself still reads.
    _kept_and_read(ws, db, "view")
    assert listed.listed(db, None, "view", listed.list_query()) is not None


@pytest.mark.parametrize("statement", [PROMOTE, PLANT])
def test_even_a_sealed_cache_can_only_read(council, tmp_path, statement):
    """Were the key taken too, the statement runs on a connection that can only read."""
    ws, db = council
    _kept_and_read(ws, db, "view")
    path, planted = _planted(tmp_path / "cache", statement)
    before = Path(db).read_bytes()
    path.write_text(seal(planted))
    assert listed.listed(db, None, "view", listed.list_query()) is None
    _untouched(db, before)
