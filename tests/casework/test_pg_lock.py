"""On PostgreSQL a change waiting behind another session's row lock gives up as busy
(lock_timeout) instead of waiting for ever."""

import time

import pytest
from helpers import dump, populated_workspace

from casework import transaction
from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.errors import DatabaseBusy


@pytest.mark.postgres
def test_a_held_lock_is_busy_not_forever(pg_url, monkeypatch):
    import db.engine

    monkeypatch.setattr(db.engine, "LOCK_TIMEOUT_MS", 1500)
    monkeypatch.setattr(transaction, "PATIENCE", 1.0)
    ws = populated_workspace(pg_url)
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    holder = ws.engine.connect()
    holder.exec_driver_sql("BEGIN")
    holder.exec_driver_sql("SELECT * FROM audit_head FOR UPDATE")
    try:
        before = dump(ws)
        started = time.monotonic()
        with pytest.raises(DatabaseBusy, match="busy"):
            annotate(ws, ref, "waits behind the lock", "mo")
        assert 1.4 < time.monotonic() - started < 20
        assert dump(ws) == before
    finally:
        holder.exec_driver_sql("ROLLBACK")
        holder.close()
    annotate(ws, ref, "goes through once the lock is gone", "mo")
