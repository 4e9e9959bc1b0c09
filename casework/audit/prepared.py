"""An audit event made ready while a change decides, and appended once it holds the write lock.

On SQLite one writer at a time holds the lock, so what a change does while holding it is what
every other handler waits for (bench.handlers). Everything an event needs that does not depend
on the head is read in the change's read snapshot and computed there: who acts through which
account, the case's place among its events, the commitments to its personal values under the
case's key. Under the lock one statement reads the head and whether any event of this case, or
of no case (a user's or a person's change), was appended since the snapshot; if one was, what
was decided may rest on facts that moved, and the change decides again from fresh reads
(casework.transaction.Stale). Every change to a case, a note, a paper, a user or a person
appends an event, so a trail unmoved for this case is a case unmoved. The head itself is only
ever read under the lock, so the chain is exactly as before.

On PostgreSQL the event is appended as casework.audit.chain does there (the head locked for
one pipeline), from the same prepared data.
"""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, exists, func, or_, select

from casework.access.identity import marks
from casework.audit import chain
from casework.audit.chain import EVENTS, HEAD, HEAD_KEY, Appended, now_utc
from casework.audit.personal import committing, key_columns, scope_to_commit, store
from casework.transaction import Stale
from db.audit_hash import GENESIS, canonical, event_hash

# The head's place, the case's count of events and the case's key, in one wait.
_READ = select(
    select(HEAD.c.seq).where(HEAD.c.id == 1).scalar_subquery(),
    select(func.count()).select_from(EVENTS).where(EVENTS.c.case_ref == bindparam("ref"))
    .scalar_subquery(),
    *key_columns(bindparam("scope")))
# Under the lock: the head, and whether the trail moved for this case since the snapshot.
_FRESH = select(HEAD.c.seq, HEAD.c.hash, exists().where(
    EVENTS.c.seq > bindparam("since"),
    or_(EVENTS.c.case_ref == bindparam("ref"), EVENTS.c.case_ref.is_(None)))).where(HEAD.c.id == 1)
_INSERT = EVENTS.insert()
_MOVE_HEAD = HEAD.update().where(HEAD.c.id == 1).values(seq=bindparam("new_seq"),
                                                       hash=bindparam("new_hash"))


@dataclass
class Prepared:
    actor: str
    action: str
    case_ref: str
    from_state: str | None
    to_state: str | None
    data: dict
    case_version: int | None
    since: int = 0  # the head's seq in the snapshot the change decided on
    values: dict = field(default_factory=dict)
    keyed: bool = False  # its personal values committed to already


def prepare(conn, actor: str, action: str, case_ref: str, from_state, to_state, data: dict,
            case_version: int | None) -> Prepared:
    """In the change's read: everything but the head and the link's hash."""
    event = Prepared(actor, action, case_ref, from_state, to_state, dict(data), case_version)
    if conn.dialect.name == "postgresql":
        return event
    event.data.update(marks(conn, actor))
    scope = scope_to_commit(action, case_ref, event.data)
    since, count, secret, erased = conn.execute(_READ, {"ref": case_ref, "scope": scope}).one()
    event.since = since or 0
    event.data["case_seq"] = count + 1
    if case_version is not None:
        event.data["case_version"] = case_version
    if scope is None or secret is not None or erased is not None:
        # A key erased since its case was disposed of refuses here, in the same words.
        event.data, event.values = committing(conn, action, case_ref, event.data, (secret, erased))
        event.keyed = True
    return event  # no key yet: made under the lock, once (casework.audit.personal)


def fresh_head(conn, event: Prepared) -> tuple[int, str, bool] | None:
    """Under the write lock, before the change writes anything: the head (seq, hash, whether
    its row exists yet), or Stale."""
    if conn.dialect.name == "postgresql":
        return None  # the head is locked and read by the server in the append itself
    row = conn.execute(_FRESH, {"since": event.since, "ref": event.case_ref}).first()
    if row is None:
        if event.since:
            raise Stale()
        return 0, GENESIS, False
    if row[2]:
        raise Stale()
    return row[0], row[1], True


def append_prepared(session, event: Prepared, head: tuple[int, str, bool] | None,
                    **more) -> Appended:
    """The next link, in the caller's transaction. `more`: data known only once the change has
    written (a note's id), never personal."""
    conn = session.connection()
    data = {**event.data, **more}
    if conn.dialect.name == "postgresql":
        return chain.append(session, event.actor, event.action, event.case_ref, event.from_state,
                            event.to_state, data, case_version=event.case_version)
    values = event.values
    if not event.keyed:
        data, values = committing(conn, event.action, event.case_ref, data)
    seq, prev, present = head
    seq, at = seq + 1, now_utc()
    text = canonical(data)
    digest = event_hash(seq, at, event.actor, event.action, event.case_ref, event.from_state,
                        event.to_state, text, prev)
    conn.execute(_INSERT, {"seq": seq, "at": at, "actor": event.actor, "action": event.action,
                           "case_ref": event.case_ref, "from_state": event.from_state,
                           "to_state": event.to_state, "data": text, "prev_hash": prev,
                           "hash": digest})
    store(conn, seq, values)
    if not present:
        conn.execute(HEAD.insert(), {"id": 1, "seq": seq, "hash": digest})
    else:
        conn.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": digest})
    appended = Appended(seq, at, digest)
    session.info[HEAD_KEY] = appended  # anchored outside once the change commits (audit.anchors)
    return appended
