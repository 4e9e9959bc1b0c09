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

On PostgreSQL, where the case's version claimed with the writes is what refuses a change
decided on a reading that moved, the change's own writes (its BEGIN first), the head locked,
the event (its case count and note id filled in by the server) and the head's move go as one
pipeline (casework.audit.pg_append), and the commit is the only other wait.
"""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, exists, func, or_, select

from casework.access.identity import marks
from casework.audit import chain
from casework.audit.chain import EVENTS, HEAD, HEAD_KEY, Appended
from casework.audit.link import next_link
from casework.audit.personal import committing, scope_to_commit, store
from casework.transaction import Stale
from db.audit_hash import GENESIS
from db.together import plainly

# The head's place and the case's count of events, in the change's snapshot (SQLite).
_READ = select(
    select(HEAD.c.seq).where(HEAD.c.id == 1).scalar_subquery(),
    select(func.count()).select_from(EVENTS).where(EVENTS.c.case_ref == bindparam("ref"))
    .scalar_subquery())
# Under the lock: the head, and whether the trail moved for this case since the snapshot.
_FRESH = select(HEAD.c.seq, HEAD.c.hash, exists().where(
    EVENTS.c.seq > bindparam("since"),
    or_(EVENTS.c.case_ref == bindparam("ref"), EVENTS.c.case_ref.is_(None)))).where(HEAD.c.id == 1)


@dataclass
class Prepared:
    actor: str
    action: str
    case_ref: str
    from_state: str | None
    to_state: str | None
    data: dict
    case_version: int | None
    since: int = 0  # the head's seq in the snapshot the change decided on (SQLite)
    values: dict = field(default_factory=dict)
    keyed: bool = False  # its personal values committed to already


def prepare(conn, actor: str, action: str, case_ref: str, from_state, to_state, data: dict,
            case_version: int | None, key: tuple) -> Prepared:
    """In the change's read: everything but the head and the link's hash. `key`: (secret,
    erased_at) of the case's key as the change read it, (None, None) for none yet."""
    event = Prepared(actor, action, case_ref, from_state, to_state, {**data, **marks(conn, actor)},
                     case_version)
    if case_version is not None:
        event.data["case_version"] = case_version
    if conn.dialect.name == "postgresql":
        from casework.audit.pg_append import CASE_SEQ

        event.data["case_seq"] = CASE_SEQ  # counted by the server, under the lock
    else:
        since, count = plainly(conn, [(_READ, {"ref": case_ref})])[0][0]
        event.since, event.data["case_seq"] = since or 0, count + 1
    if scope_to_commit(action, case_ref, event.data) is None or key != (None, None):
        # A key erased since its case was disposed of refuses here, in the same words.
        event.data, event.values = committing(conn, action, case_ref, event.data, key)
        event.keyed = True
    return event  # no key yet: made under the lock, once (casework.audit.personal)


def fresh_head(conn, event: Prepared) -> tuple[int, str, bool] | None:
    """Under the write lock, before the change writes anything: the head (seq, hash, whether
    its row exists yet), or Stale."""
    if conn.dialect.name == "postgresql":
        return None  # the head is locked and read by the server in the append itself
    rows = plainly(conn, [(_FRESH, {"since": event.since, "ref": event.case_ref})])[0]
    row = rows[0] if rows else None
    if row is None:
        if event.since:
            raise Stale()
        return 0, GENESIS, False
    if row[2]:
        raise Stale()
    return row[0], row[1], True


def append_prepared(session, event: Prepared, head: tuple[int, str, bool] | None, before=(),
                    note_at: int | None = None) -> list:
    """The change's own writes, `before` ((Core statement, values)), then the next link, in
    the caller's transaction; what each of `before` gave (db.together). `note_at`: the place in
    `before` of the note inserted whose id the event records. On PostgreSQL they go as one
    pipeline with the event (casework.audit.pg_append): one wait, then the commit."""
    conn = session.connection()
    data = dict(event.data)
    pg = conn.dialect.name == "postgresql"
    begun = 0
    if pg:
        from casework.audit import pg_append

        begun = int(pg_append.begins_here(conn))
        before = [(pg_append.BEGIN, {})] * begun + list(before)
    if pg and event.keyed:
        from casework.audit import pg_append

        if note_at is not None:
            data["note_id"] = pg_append.NOTE_ID
        (seq, at, digest), done = pg_append.append(
            conn, event.actor, event.action, event.case_ref, event.from_state, event.to_state,
            data, event.values, chain.now_utc(), before)
        session.info[HEAD_KEY] = Appended(seq, at, digest)  # anchored once committed (audit.anchors)
        return done[begun:]
    done = plainly(conn, before)[begun:]
    if note_at is not None:
        data["note_id"] = done[note_at][0][0]
    if pg:  # the case's first keyed event: its key made, locked
        chain.append(session, event.actor, event.action, event.case_ref, event.from_state,
                     event.to_state, data, case_version=event.case_version)
        return done
    values = event.values
    if not event.keyed:
        data, values = committing(conn, event.action, event.case_ref, data)
    seq, prev, present = head
    # chain.now_utc through the module: one clock, which tests set
    row = next_link((seq, prev), chain.now_utc(), event.actor, event.action, event.case_ref,
                    event.from_state, event.to_state, data)
    seq, digest = row["seq"], row["hash"]
    plainly(conn, [
        (chain.INSERT, row),
        (chain.MOVE_HEAD, {"new_seq": seq, "new_hash": digest}) if present else
        (chain.FIRST_HEAD, {"id": 1, "seq": seq, "hash": digest})])
    store(conn, seq, values)
    session.info[HEAD_KEY] = Appended(seq, row["at"], digest)  # anchored once committed (audit.anchors)
    return done
