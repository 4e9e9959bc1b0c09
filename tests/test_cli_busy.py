"""A SQLite database another program keeps locked for longer than casework's patience:
the command line says "busy" on one line and exits 2, never a traceback, and saves nothing.
(tests/casework/test_busy.py checks the same through the service.)"""

import sqlite3
import time
from datetime import date, timedelta

import pytest
from cli_runner import run_cli
from helpers import dump, make_workspace, populated_workspace

from casework import transaction
from casework.cases.opening import open_case
from db import sqlite_write

BUSY = "casework: the database is busy with other handlers' changes; nothing was saved, try again\n"


@pytest.fixture
def case_ref(sqlite_url) -> str:
    # The command line works on the real today, so the case must not be received after it.
    ws = populated_workspace(sqlite_url, today=date.today())
    clause = next(iter(ws.profile.clauses))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", clause, "locked out",
                    received=date.today() - timedelta(days=3))
    ws.engine.dispose()
    return ref


class Locked:
    """Another program's connection holding the write lock, as `sqlite3 casework.db` with
    BEGIN EXCLUSIVE would."""

    def __init__(self, url: str):
        self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)

    def __enter__(self):
        self.conn.execute("BEGIN EXCLUSIVE")

    def __exit__(self, *exc):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_change_waits_out_its_patience_then_says_busy(sqlite_url, case_ref, monkeypatch):
    monkeypatch.setattr(sqlite_write, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(transaction, "PATIENCE", 0.3)
    ws = make_workspace(sqlite_url)
    before = dump(ws)
    with Locked(sqlite_url):
        started = time.monotonic()
        refused = run_cli(sqlite_url, "note", case_ref, "written while locked")
        waited = time.monotonic() - started
        # WAL: readers are not kept waiting by a writer, so the case can still be looked at.
        shown = run_cli(sqlite_url, "show", case_ref)
    assert (refused.code, refused.out, refused.err) == (2, "", BUSY)
    assert waited >= transaction.PATIENCE
    assert shown.code == 0 and case_ref in shown.out, shown.err
    assert dump(ws) == before
    # Once the lock is gone the same command goes through.
    assert run_cli(sqlite_url, "note", case_ref, "written after").code == 0
    ws.engine.dispose()


def test_the_real_console_with_the_real_patience(sqlite_url, case_ref, long_run):
    if not long_run:
        pytest.skip("--long: waits out the real patience, about 30 s")
    with Locked(sqlite_url):
        started = time.monotonic()
        refused = run_cli(sqlite_url, "note", case_ref, "written while locked",
                          subprocess_=True, timeout=120)
        waited = time.monotonic() - started
    assert (refused.code, refused.out, refused.err) == (2, "", BUSY)
    # All of it: SQLite fails each try at once, so a count of tries once gave up after 6 s.
    assert waited >= transaction.PATIENCE
