"""A database locked by someone else gives a clear retry message, and nothing half-written."""

import sqlite3

import pytest
from helpers import dump, populated_workspace

from casework import transaction
from casework.cases.opening import open_case
from casework.errors import DatabaseBusy
from db import sqlite_write


def test_locked_database_is_reported_not_crashed(sqlite_url, monkeypatch):
    monkeypatch.setattr(sqlite_write, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(transaction, "PATIENCE", 0.3)
    ws = populated_workspace(sqlite_url)
    before = dump(ws)
    blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusy, match="busy with other handlers' changes; nothing was saved"):
            open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "while locked", "2026-11-02")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert dump(ws) == before
    # Once the lock is gone the same change goes through.
    assert open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "after", "2026-11-02")


def test_a_duplicate_written_meanwhile_is_a_clear_clash(sqlite_url):
    """The services check for duplicates first; when another handler's write lands between
    the check and the commit, the database refuses it, and the user is told so in words."""
    from casework.errors import Clash
    from casework.transaction import write
    from db.models import Person

    ws = populated_workspace(sqlite_url)
    before = dump(ws)
    with pytest.raises(Clash, match="someone else saved the same name or reference"):
        write(ws.engine, lambda s: s.add(Person(name="Bob Smith", kind="officer")) or s.flush())
    assert dump(ws) == before


HAMMER = r"""
import sqlite3, sys, time
from pathlib import Path

path, stop = sys.argv[1:]
conn = sqlite3.connect(path, isolation_level=None, timeout=15)
while not Path(stop).exists():
    # Another handler's steady load: holds the write lock most of the time, and commits
    # a real change each turn, so a change that read before it overtook is stale.
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO hammer VALUES (1)")
    time.sleep(0.045)
    conn.execute("COMMIT")
    time.sleep(0.005)
"""


def test_a_change_gets_its_turn_while_another_handler_keeps_writing(sqlite_url, tmp_path,
                                                                      monkeypatch):
    """Found in CI: with three handlers writing without pause, one lost the race to write
    every time it tried, and gave up after its whole patience. Now a change that lost once
    queues for the write lock, so it gets through long before its patience runs out."""
    import subprocess
    import sys
    import time

    from casework.cases.papers import annotate

    monkeypatch.setattr(transaction, "PATIENCE", 10.0)
    ws = populated_workspace(sqlite_url)
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "busy day", "2026-11-02")
    with ws.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE hammer (n INTEGER)")
    stop = tmp_path / "stop"
    hammer = subprocess.Popen([sys.executable, "-c", HAMMER,
                               sqlite_url.removeprefix("sqlite:///"), str(stop)],
                              stderr=subprocess.PIPE, text=True)
    def hammered() -> int:
        with ws.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM hammer").scalar_one()

    try:
        deadline = time.monotonic() + 30
        while hammered() < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        for i in range(10):
            annotate(ws, ref, f"note {i} while the other handler writes", "mo")
        assert hammer.poll() is None  # the other handler was writing throughout
    finally:
        stop.touch()
        _, err = hammer.communicate(timeout=30)
    assert hammer.returncode == 0, err
