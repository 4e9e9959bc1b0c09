"""Migration 0028: papers filed before it are originals, and once upgraded a database files
redacted copies beside them."""

import evidence as ev
from helpers import populated_workspace
from sqlalchemy import text
from test_pause_migration import _downgrade

from casework.audit.log import verify_all
from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.redaction.service import redact
from db import schema


def test_papers_from_before_are_originals_and_can_be_redacted(db_url, tmp_path):
    ws = populated_workspace(db_url)
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-10-01")
    doc = attach(ws, ref, str(ev.statement(tmp_path / "s.pdf", [["Seen by Priya Shah."]])), "mo")
    _downgrade(ws.engine, "0027")
    with ws.engine.connect() as conn:
        assert "redacts_id" not in set(conn.execute(text("SELECT * FROM document")).keys())
    assert verify_all(ws, "mo").ok  # the trail checked against a schema without copies
    assert schema.upgrade(ws.engine)
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT redacts_id, redaction FROM document")).all() == [(None, None)]
    filed = redact(ws, ref, doc, "mo", terms=["Priya Shah"], reason="third-party")
    assert filed.redacts == doc and verify_all(ws, "mo").ok
