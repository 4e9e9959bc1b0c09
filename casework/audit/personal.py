"""Personal values of the audit trail: committed to in the chain by a keyed hash
(db.audit_personal), kept beside it while the case's records are kept, and shown in their
place to whoever reads the trail; after disposal, the day they were erased instead."""

import json
from datetime import datetime, timezone

from sqlalchemy import bindparam, select

from casework.audit.revealed import fill, mark_erased, put_back, wanting
from casework.errors import Refused
from db.audit_personal import LOG, LOG_MONTH, commit, committed, mac, new_key, scope_of, touches
from db.models import AuditKey, AuditValue

KEYS, VALUES = AuditKey.__table__, AuditValue.__table__
# How the register names a person disposed of, and the stand-in for a disposed case's party
# (casework.records.erasure): lists and the public register leave them out.
DISPOSED_NAME = "(disposed of"
_KEY = select(KEYS.c.secret, KEYS.c.erased_at).where(KEYS.c.scope == bindparam("scope"))


def scope_to_commit(action: str, case_ref: str | None, data: dict) -> str | None:
    """The scope whose key an event needs, or None when it carries nothing personal."""
    scope = scope_of(action, case_ref, data)
    return scope if scope is not None and touches(action, data) else None


def key_columns(scope_param):
    """The key's columns for a statement that reads it with something else (the trail's
    per-case count), so a change waits on the server no more often than before."""
    where = KEYS.c.scope == scope_param
    return (select(KEYS.c.secret).where(where).scalar_subquery(),
            select(KEYS.c.erased_at).where(where).scalar_subquery())


def key_of(conn, scope: str) -> tuple:
    """(secret, erased_at) of a scope's key, (None, None) for no key yet."""
    return tuple(conn.execute(_KEY, {"scope": scope}).first() or (None, None))


def committing(conn, action: str, case_ref: str | None, data: dict, found=()) -> tuple[dict, dict]:
    """The data to chain and the values to store beside it. A key is made with the trail's
    head locked, so the first event of a scope makes its key once. `found`: (secret,
    erased_at) as read already, (None, None) for no key yet."""
    scope = scope_to_commit(action, case_ref, data)
    if scope is None:
        return data, {}
    if found == ():
        found = conn.execute(_KEY, {"scope": scope}).first() or (None, None)
    secret, erased_at = found
    if secret is None and erased_at is None:
        secret = new_key()
        conn.execute(KEYS.insert(), {"scope": scope, "secret": secret, "made_at": _now()})
    elif secret is None:
        # Its records were disposed of: nothing personal is written under it again (the
        # whole change rolls back).
        what = (f"{scope[5:]} was disposed of" if scope.startswith("case:") else
                f"the log of {scope[len(LOG):]} was disposed of" if scope.startswith(LOG) else
                "that person's entry was disposed of")
        raise Refused(f"{what} on {erased_at[:10]}: nothing more about them can be recorded")
    return commit(bytes.fromhex(secret), action, data)


def store(conn, seq: int, values: dict) -> None:
    if values:
        conn.execute(VALUES.insert(), [{"seq": seq, "field": f, "value": json.dumps(v, ensure_ascii=False)}
                                      for f, v in values.items()])


def keys(conn, scopes) -> dict[str, tuple[bytes | None, str | None]]:
    """scope -> (key or None once erased, when it was erased)."""
    scopes = sorted(set(scopes))
    out = {}
    for i in range(0, len(scopes), 500):
        rows = conn.execute(select(KEYS.c.scope, KEYS.c.secret, KEYS.c.erased_at)
                            .where(KEYS.c.scope.in_(scopes[i:i + 500])))
        for scope, secret, erased in rows:
            out[scope] = (bytes.fromhex(secret) if secret else None, erased)
    return out


def reveal(conn, events: list[dict], case_ref: str | None = None, found=None) -> list[dict]:
    """Events as read ({seq, action, case, data}) with each committed value in its place, or
    `erased on DAY` once its case's records were disposed of. `found`: what this would read,
    read already with other rows (casework.audit.revealed.put_back)."""
    if found is not None:
        return put_back(events, case_ref, found)
    wanted = wanting(events)
    if not wanted:
        return events
    seqs = [e["seq"] for e in wanted]
    rows = (row for i in range(0, len(seqs), 500) for row in conn.execute(values_of(seqs[i:i + 500])))
    missing = fill(wanted, rows)
    if missing:  # only then: most cases are kept, and this is one more wait on the server
        known = {scope: erased for scope, (_, erased) in keys(
            conn, {scope_of(e["action"], e.get("case", case_ref), e["data"]) for e, _ in missing}).items()}
        mark_erased(missing, case_ref, known)
    return events


def values_of(seqs):
    """The personal values kept beside events (`seqs` values, or a statement of them)."""
    return select(VALUES.c.seq, VALUES.c.field, VALUES.c.value).where(VALUES.c.seq.in_(seqs))


def erasures_of(scope):
    """(scope, erased_at) of a scope's key (`scope` a value or an expression)."""
    return select(KEYS.c.scope, KEYS.c.erased_at).where(KEYS.c.scope == scope)


def digest_matches(key: bytes | None, field: str, stored, digest: str) -> bool:
    """Whether a digest the trail recorded (bare, or keyed since 0029) is of this text's."""
    if committed(stored):
        return key is not None and mac(key, field, digest) == stored
    return stored == digest


def in_log() -> dict:
    """What an event of the operational log (a sign-in, an import) carries so that its
    personal values go under this month's key (db.audit_personal)."""
    return {LOG_MONTH: _now()[:7]}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
