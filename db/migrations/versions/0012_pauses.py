"""Pauses: a case remembers the stage it paused at and what was due there. Cases that earlier
releases left "referred" (an ended stage) change meaning: a referral to the police now pauses a
case, and a referral to the Public Services Ombudsman for Wales waits with the Ombudsman. Each
moved case gets a link in the audit trail saying so, so the trail still verifies and tells why.

Revision ID: 0012
Revises: 0011
"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from db.audit_hash import GENESIS, canonical, event_hash

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ACTOR = "casework-upgrade"


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop case_file, which other tables' keys name.
    op.add_column('case_file', sa.Column('paused_from', sa.String(), nullable=True))
    op.add_column('case_file', sa.Column('paused_due', sa.Date(), nullable=True))
    _move_referred(op.get_bind())


def _move_referred(conn) -> None:
    cases = conn.execute(sa.text(
        "SELECT id, ref, version, stage_entered FROM case_file WHERE state = 'referred' "
        "ORDER BY id")).all()
    if not cases:
        return
    head = conn.execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    now = datetime.now(UTC)
    today = now.date().isoformat()
    for case_id, ref, version, since in cases:
        last = conn.execute(sa.text(
            "SELECT from_state, data FROM audit_event WHERE case_ref = :ref AND action = 'transition' "
            "AND to_state = 'referred' ORDER BY seq DESC LIMIT 1"), {"ref": ref}).first()
        ombudsman = last is not None and json.loads(last.data).get("event") == "refer_to_ombudsman"
        target = "with_ombudsman" if ombudsman else "paused"
        count = conn.execute(sa.text("SELECT count(*) FROM audit_event WHERE case_ref = :ref"),
                             {"ref": ref}).scalar()
        # Paused since the referral was made; to be reviewed now.
        since = since if isinstance(since, str) else since.isoformat()
        data = {"event": "upgrade", "on": since, "reason": "ombudsman" if ombudsman else "police",
                "why": "a referral no longer ends a case: it waits with the Ombudsman" if ombudsman
                else "a referral to the police no longer ends a case: it pauses, to be reviewed now",
                "case_seq": count + 1, "case_version": version + 1}
        if not ombudsman:
            data["review"] = today
        seq += 1
        at = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body = canonical(data)
        digest = event_hash(seq, at, ACTOR, "transition", ref, "referred", target, body, prev)
        conn.execute(sa.text(
            "INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, data, "
            "prev_hash, hash) VALUES (:seq, :at, :actor, 'transition', :ref, 'referred', :target, "
            ":data, :prev, :hash)"),
            {"seq": seq, "at": at, "actor": ACTOR, "ref": ref, "target": target, "data": body,
             "prev": prev, "hash": digest})
        conn.execute(sa.text(
            "UPDATE case_file SET state = :target, is_open = :open, "
            "next_due = :due, paused_from = :from_, version = :version WHERE id = :id"),
            {"target": target, "open": True, "id": case_id,
             "due": None if ombudsman else now.date(), "version": version + 1,
             "from_": None if ombudsman or last is None else last.from_state})
        prev = digest
    conn.execute(sa.text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
                 {"seq": seq, "hash": prev})


def downgrade() -> None:
    op.drop_column('case_file', 'paused_due')
    op.drop_column('case_file', 'paused_from')
