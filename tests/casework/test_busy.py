"""A database locked by someone else gives a clear retry message, and nothing half-written."""

import sqlite3

import pytest
from helpers import dump, make_workspace, populate

from casework import transaction
from casework.cases.opening import open_case
from casework.errors import DatabaseBusy
from db import engine as db_engine


def test_locked_database_is_reported_not_crashed(sqlite_url, monkeypatch):
    monkeypatch.setattr(db_engine, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(transaction, "PATIENCE", 0.3)
    ws = populate(make_workspace(sqlite_url))
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

    ws = populate(make_workspace(sqlite_url))
    before = dump(ws)
    with pytest.raises(Clash, match="someone else saved the same name or reference"):
        write(ws.engine, lambda s: s.add(Person(name="Bob Smith", kind="officer")) or s.flush())
    assert dump(ws) == before
