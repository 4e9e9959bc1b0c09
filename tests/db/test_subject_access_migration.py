"""Migration 0030: the table of subject access requests comes and goes with the schema, and a
database upgraded to it records requests and still verifies."""

from helpers import populated_workspace
from sqlalchemy import inspect
from test_pause_migration import _downgrade

from casework.audit.log import verify_all
from casework.sar.requests import list_requests, open_request
from db import schema


def test_requests_arrive_with_the_upgrade_and_leave_with_the_downgrade(db_url):
    ws = populated_workspace(db_url)
    _downgrade(ws.engine, "0028")
    assert not inspect(ws.engine).has_table("subject_access")
    assert verify_all(ws, "mo").ok
    assert schema.upgrade(ws.engine)
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    assert [r["id"] for r in list_requests(ws, "mo")] == [number]
    assert verify_all(ws, "mo").ok
