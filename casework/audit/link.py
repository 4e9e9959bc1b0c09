"""The next link of the audit trail on SQLite, decided in one place for every writer: the
ordinary append (casework.audit.chain), a change decided before it took the lock
(casework.audit.prepared) and a read recorded on plain sqlite3 (casework.audit.read_recorded).
Nothing here imports a database library."""

from datetime import datetime, timezone

from db.audit_hash import GENESIS, canonical, event_hash


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_link(head: tuple | None, at: str, actor: str, action: str, case_ref: str | None,
              from_state: str | None, to_state: str | None, data: dict) -> dict:
    """The audit_event row that follows `head` ((seq, hash) of the trail's last event, None
    for an empty trail), `data` as it is to be chained (personal values committed to)."""
    seq, prev = (head[0], head[1]) if head is not None else (0, GENESIS)
    seq += 1
    text = canonical(data)
    return {"seq": seq, "at": at, "actor": actor, "action": action, "case_ref": case_ref,
            "from_state": from_state, "to_state": to_state, "data": text, "prev_hash": prev,
            "hash": event_hash(seq, at, actor, action, case_ref, from_state, to_state, text, prev)}

