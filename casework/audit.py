"""The append-only, hash-chained audit trail.

Each event's hash covers its own fields and the previous event's hash, so altering,
removing or reordering any stored event breaks the chain from that event on.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlmodel import Session

from db.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash) -> str:
    body = canonical(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "case": case_ref,
            "from": from_state,
            "to": to_state,
            "data": data,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


def append(
    session: Session,
    actor: str,
    action: str,
    case_ref: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Adds the next link inside the caller's transaction; it commits with the change."""
    # The head row is locked so two writers on PostgreSQL cannot both extend the same link.
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    seq = head.seq + 1
    at = now_utc()
    text = canonical(data or {})
    digest = event_hash(seq, at, actor, action, case_ref, from_state, to_state, text, head.hash)
    event = AuditEvent(
        seq=seq, at=at, actor=actor, action=action, case_ref=case_ref,
        from_state=from_state, to_state=to_state, data=text, prev_hash=head.hash, hash=digest,
    )
    session.add(event)
    head.seq, head.hash = seq, digest
    return event


@dataclass
class Verification:
    ok: bool
    checked: int
    message: str
    first_bad_seq: int | None = None


def verify(session: Session, batch: int = 5000, progress=None) -> Verification:
    """Re-computes every link in order; reports the first that does not hold.
    `progress(checked, total)` is called every `batch` events, for a screen's progress bar."""
    head_row = session.get(AuditHead, 1)
    total = head_row.seq if head_row else 0
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    cols = (
        AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.case_ref,
        AuditEvent.from_state, AuditEvent.to_state, AuditEvent.data, AuditEvent.prev_hash,
        AuditEvent.hash,
    )
    result = session.execute(select(*cols).order_by(AuditEvent.seq)).yield_per(batch)
    for seq, at, actor, action, case_ref, frm, to, data, prev, digest in result:
        where = f"event #{seq} ({action}{' on ' + case_ref if case_ref else ''}, {at})"
        if seq != expected_seq:
            if seq > expected_seq:
                gone = f"#{expected_seq}" if seq == expected_seq + 1 else f"#{expected_seq}-#{seq - 1}"
                return _broken(checked, expected_seq, f"event {gone} was removed: the chain jumps to {where}")
            return _broken(checked, seq, f"{where} is out of order")
        if prev != prev_hash:
            return _broken(
                checked, seq,
                f"{where} does not follow event #{seq - 1}: an event was removed, replaced or "
                "inserted before it",
            )
        if event_hash(seq, at, actor, action, case_ref, frm, to, data, prev) != digest:
            return _broken(checked, seq, f"{where} was altered after it was written")
        prev_hash, expected_seq, checked = digest, seq + 1, checked + 1
        if progress and checked % batch == 0:
            progress(checked, total)
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        if head.seq > checked:
            gone = (f"event #{head.seq} was" if head.seq == checked + 1
                    else f"events #{checked + 1}-#{head.seq} were")
            return _broken(checked, checked + 1, f"{gone} removed from the end of the trail")
        # Links past the head were added without going through casework.
        return _broken(
            checked, head.seq + 1,
            f"event #{head.seq + 1} was added after the recorded end of the trail (#{head.seq})",
        )
    return Verification(True, checked, f"audit trail intact: {checked} events verified")


def _broken(checked: int, seq: int, message: str) -> Verification:
    return Verification(False, checked, f"audit trail broken: {message}", seq)
