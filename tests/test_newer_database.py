"""A database a newer casework has upgraded is refused in one line that names the release it
needs, by every command and by the application, and is left exactly as it was."""

import os
import sqlite3
import sys

import pytest
from cli_runner import run_cli
from sqlalchemy import text
from terminal import run_in_terminal

from db import schema
from db.engine import make_engine


def _contents(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def newer(tmp_path):
    """A database as casework 9.1.0 would leave it, one schema revision past this one."""
    db = tmp_path / "c.db"
    assert run_cli(str(db), "init").code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
        conn.execute("INSERT INTO schema_release VALUES ('9001', '9.1.0', '2027-06-01T09:00:00+00:00')")
        conn.execute("CREATE TABLE letter_template (id INTEGER PRIMARY KEY)")  # what 9001 added
    return db


def test_upgrading_records_the_release_that_did_it(db_url):
    engine = make_engine(db_url)
    schema.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT revision, release FROM schema_release")).all()
    engine.dispose()
    assert rows == [(schema.HEAD, schema.release())]
    assert schema.release() != "unknown"


@pytest.mark.parametrize("command", [("list",), ("init",), ("audit", "verify"), ("show", "MOP-2026-0001")])
def test_every_command_refuses_a_newer_database_in_one_line(newer, command):
    before = _contents(newer)
    r = run_cli(str(newer), *command)
    assert r.code == 2
    assert r.err == (f"casework: this database was written by casework 9.1.0 (schema 9001); this is "
                     f"casework {schema.release()} (schema {schema.HEAD}): upgrade casework to open it\n")
    assert _contents(newer) == before


def test_a_newer_database_without_its_release_still_says_upgrade(newer):
    with sqlite3.connect(newer) as conn:
        conn.execute("DELETE FROM schema_release WHERE revision = '9001'")
    r = run_cli(str(newer), "list")
    assert r.code == 2 and "written by a newer casework (schema 9001)" in r.err
    assert "upgrade casework" in r.err and "Traceback" not in r.err


def test_the_application_refuses_a_newer_database_in_one_line(newer, tmp_path):
    before = _contents(newer)
    env = {**os.environ, "CASEWORK_DB": str(newer), "CASEWORK_USER": "mo",
           "CASEWORK_CACHE_DIR": str(tmp_path / "cache")}
    shown = run_in_terminal([sys.executable, "-m", "casework"], env=env, cwd=str(tmp_path),
                            wait_for="", keys=b"")
    assert shown.code == 2
    lines = [line for line in shown.shown.splitlines() if line.strip()]
    assert lines == ["casework: this database was written by casework 9.1.0 (schema 9001); this is "
                     f"casework {schema.release()} (schema {schema.HEAD}): upgrade casework to open it"]
    assert _contents(newer) == before
