"""The chain as it stood before migration 0029 re-hashed it, for seals and anchors given then.

The upgrade kept each old hash that changed (audit_former) and wrote a `reseal` event carrying
the old chain's end and a SHA-256 over every old link, `seq:hash` a line. That event is a link
of the new chain, so once the new chain verifies, the old hashes are those the upgrade saw
only if they hash to what it recorded: a row of audit_former made up later does not.
"""

import hashlib
import json

from sqlalchemy import inspect, select
from sqlmodel import Session

from db.models import AuditEvent, AuditFormer

_KEY = "casework_former"


def former_hash(session: Session, seq: int) -> tuple[str, int] | None:
    """The hash event `seq` had before the re-hash and the re-seal event that vouches for it,
    or None when there was no re-hash before it, or what is kept does not hold."""
    tied = _tied(session)
    if tied is None or seq > tied[2]:
        return None
    return tied[0].get(seq, tied[1].get(seq)), tied[3]


def _tied(session: Session):
    if _KEY in session.info:
        return session.info[_KEY]
    session.info[_KEY] = None
    conn = session.connection()
    if not inspect(conn).has_table("audit_former"):
        return None
    reseal = session.execute(select(AuditEvent.seq, AuditEvent.data).where(AuditEvent.action == "reseal")
                             .order_by(AuditEvent.seq)).first()
    if reseal is None:
        return None
    told = json.loads(reseal.data)
    last = told["former_head_seq"]
    kept = dict(session.execute(select(AuditFormer.seq, AuditFormer.hash)).all())
    now = dict(session.execute(select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq <= last)).all())
    digest = hashlib.sha256()
    for seq in range(1, last + 1):
        digest.update(f"{seq}:{kept.get(seq, now.get(seq))}\n".encode())
    if digest.hexdigest() != told["former_hashes_sha256"] or kept.get(last, now.get(last)) != told["former_head_hash"]:
        return None
    session.info[_KEY] = (kept, now, last, reseal.seq)
    return session.info[_KEY]
