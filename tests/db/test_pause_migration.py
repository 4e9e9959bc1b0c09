"""Migration 0012: cases an earlier release left "referred" (an ended stage) change meaning. A
referral to the police becomes a pause, to be reviewed now; a referral to the Ombudsman waits
with the Ombudsman. Each move is a link of the audit trail, and the trail still verifies."""

import json
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from helpers import assessed, populated_workspace
from sqlalchemy import text
from sqlmodel import Session, select

from casework.audit import chain as audit
from casework.audit.case import verify_case
from casework.cases.advance import advance
from casework.cases.opening import open_case
from db import schema
from db.models import AuditEvent


def _downgrade(engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _refer_as_before(ws, ref: str, source: str, event: str) -> None:
    """What release 0.1 wrote for a referral: the case ended "referred", and its audit link."""
    with Session(ws.engine) as s:
        version = s.execute(text("SELECT version FROM case_file WHERE ref = :r"), {"r": ref}).scalar()
        s.execute(text("UPDATE case_file SET state = 'referred', is_open = false, next_due = NULL, "
                       "version = :v WHERE ref = :r"), {"v": version + 1, "r": ref})
        audit.append(s, "mo", "transition", ref, source, "referred",
                     {"event": event, "on": "2026-10-05"}, case_version=version + 1)
        s.commit()


def test_referred_cases_pause_or_wait_with_the_ombudsman_and_the_trail_verifies(db_url):
    ws = populated_workspace(db_url)
    police = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Threats", "2026-10-01")
    ombudsman = open_case(ws, "mo", "Cllr Tom Price", "Bob Smith", "21.9.1", "Rude", "2026-10-01")
    for ref in (police, ombudsman):
        advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-10-02")
    assessed(ws, police, on="2026-10-03")
    advance(ws, police, "investigate", "mo", on="2026-10-03")
    _downgrade(ws.engine, "0011")
    _refer_as_before(ws, police, "investigation", "refer_to_police")
    _refer_as_before(ws, ombudsman, "assessment", "refer_to_ombudsman")
    assert schema.upgrade(ws.engine)
    today = datetime.now(UTC).date()
    with ws.engine.connect() as conn:
        rows = {r.ref: r for r in conn.execute(text(
            "SELECT ref, state, is_open, paused_from, next_due, version FROM case_file"))}
    assert (rows[police].state, bool(rows[police].is_open), rows[police].paused_from) == \
        ("paused", True, "investigation")
    assert str(rows[police].next_due) == today.isoformat()  # to be reviewed now
    assert (rows[ombudsman].state, bool(rows[ombudsman].is_open), rows[ombudsman].next_due) == \
        ("with_ombudsman", True, None)
    with Session(ws.engine) as s:
        assert audit.verify(s).ok
        for ref in (police, ombudsman):
            assert verify_case(s, ref).ok
            last = s.exec(select(AuditEvent).where(AuditEvent.case_ref == ref)
                          .order_by(AuditEvent.seq.desc())).first()
            assert (last.actor, last.from_state, last.action) == ("casework-upgrade", "referred", "transition")
            assert json.loads(last.data)["case_version"] == rows[ref].version
    # The paused case carries on: resumed where it stood.
    advance(ws, police, "resume", "mo", note="The police have finished")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT state FROM case_file WHERE ref = :r"), {"r": police}).scalar() \
            == "investigation"
