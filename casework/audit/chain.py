"""The append-only, hash-chained audit trail.

Each event's hash covers its own fields and the previous event's hash, so altering,
removing or reordering any stored event breaks the chain from that event on.
"""

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from casework.access.identity import marks
from casework.audit.link import next_link, now_utc  # noqa: F401  (callers and tests name now_utc here)
from casework.audit.personal import committing, key_columns, key_of, scope_to_commit, store
from db.audit_hash import GENESIS, canonical, event_hash  # noqa: F401  (callers name them from here)
from db.models import AuditEvent, AuditHead, Case

HEAD_KEY = "casework_appended"


@dataclass(frozen=True)
class Appended:
    seq: int
    at: str
    hash: str


EVENTS, HEAD, CASES = AuditEvent.__table__, AuditHead.__table__, Case.__table__
_HEAD = select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1)
_HEAD_LOCKED = _HEAD.with_for_update()
_CASE_COUNT = select(func.count()).select_from(EVENTS).where(EVENTS.c.case_ref == bindparam("ref"))
_CASE_COUNT_KEY = select(_CASE_COUNT.scalar_subquery(), *key_columns(bindparam("scope")))
_CASE_VERSION = select(CASES.c.version).where(CASES.c.ref == bindparam("ref"))
# Built once: a statement built per call costs more than the row it writes.
INSERT = EVENTS.insert()
FIRST_HEAD = HEAD.insert()
MOVE_HEAD = HEAD.update().where(HEAD.c.id == 1).values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))


def append(
    session: Session,
    actor: str,
    action: str,
    case_ref: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    data: dict | None = None,
    case_version: int | None = None,
) -> Appended:
    """Adds the next link inside the caller's transaction; it commits with the change.

    Core statements, not ORM objects: this runs in every change, and the unit of work cost
    several times what the rows themselves do. Pending ORM objects are flushed first so
    that, as before, the change's own first write (which takes SQLite's lock) comes before
    the head is read."""
    conn = session.connection()
    if (conn.dialect.name == "postgresql" and conn.connection.driver_connection.autocommit
            and (session.new or session.dirty or session.deleted)):
        # Flushed outside any transaction they would be kept even if the event failed.
        raise RuntimeError("a change written in autocommit (casework.transaction.write_event) "
                           "writes nothing but its audit event")
    session.flush()
    if conn.dialect.name == "postgresql":
        appended = _append_pg(session, conn, actor, action, case_ref, from_state, to_state,
                              {**(data or {}), **marks(conn, actor)}, case_version)
        session.info[HEAD_KEY] = appended  # anchored outside once the change commits (audit.anchors)
        return appended
    # The head row is locked so two writers on PostgreSQL cannot both extend the same link.
    head = conn.execute(_HEAD_LOCKED).first()
    data = {**(data or {}), **marks(conn, actor)}
    scope, found = scope_to_commit(action, case_ref, data), ()
    if case_ref is not None:
        case_marks, found = _case_marks(session, conn, case_ref, case_version, scope)
        data.update(case_marks)
    data, values = committing(conn, action, case_ref, data, found)
    row = next_link(head, now_utc(), actor, action, case_ref, from_state, to_state, data)
    conn.execute(INSERT, row)
    store(conn, row["seq"], values)
    if head is None:
        conn.execute(FIRST_HEAD, {"id": 1, "seq": row["seq"], "hash": row["hash"]})
    else:
        conn.execute(MOVE_HEAD, {"new_seq": row["seq"], "new_hash": row["hash"]})
    appended = Appended(row["seq"], row["at"], row["hash"])
    session.info[HEAD_KEY] = appended  # anchored outside once the change commits (audit.anchors)
    return appended


def _append_pg(session: Session, conn, actor: str, action: str, case_ref, from_state, to_state,
               data: dict, case_version: int | None) -> Appended:
    """Everything that does not depend on the head read and computed first, then the head
    locked for one wait and the commit (casework.audit.pg_append). Imported here: psycopg is
    no part of an SQLite start."""
    from casework.audit import pg_append

    begin = pg_append.begins_here(conn)
    if case_ref is not None:
        # Its place among the case's events is counted by the server, under the lock; so is
        # the version of a case this change did not read (a read or an export), in the same wait.
        known = _known_version(session, case_ref, case_version)
        data.update(case_version=pg_append.CASE_VERSION if known is None else known,
                    case_seq=pg_append.CASE_SEQ)
    scope, found = scope_to_commit(action, case_ref, data), ()
    if scope is not None:
        found = key_of(conn, scope)
        if found == (None, None):
            if begin:  # the lock is to be held until the key is written with the event
                conn.exec_driver_sql(pg_append.BEGIN)
                begin = False
            conn.execute(_HEAD_LOCKED)  # the scope's first event makes its key once, as below
            found = ()
    data, values = committing(conn, action, case_ref, data, found)
    return Appended(*pg_append.append(conn, actor, action, case_ref, from_state, to_state, data,
                                      values, now_utc(), [(pg_append.BEGIN, {})] * begin)[0])


def _case_marks(session: Session, conn, case_ref: str, version: int | None,
                scope: str | None) -> tuple[dict, tuple]:
    """Where this event stands in its case, hashed with it, so one case can be checked
    without re-computing the whole chain: a gap in `case_seq` shows an event of the case
    removed between two others, and a case version ahead of its last event's
    `case_version` shows changes removed from its end. Events written before these marks
    existed lack them; `casework audit verify` still covers those."""
    # Counted after the head row is locked, so no event of the case can commit between this
    # count and the insert (on SQLite, a writer that overtook this read makes the commit
    # fail, and the change is retried from fresh reads).
    # The case's key, when the event commits to something personal, in the same wait.
    if scope is None:
        count, found = conn.execute(_CASE_COUNT, {"ref": case_ref}).scalar_one(), ()
    else:
        count, *found = conn.execute(_CASE_COUNT_KEY, {"ref": case_ref, "scope": scope}).one()
        found = tuple(found)
    return {"case_seq": count + 1, **_version_mark(session, conn, case_ref, version)}, found


def _known_version(session: Session, case_ref: str, version: int | None) -> int | None:
    """The case's version as this change has it: given, or of the case loaded (and claimed)
    in this session."""
    if version is not None:
        return version
    return next((obj.version for obj in session.identity_map.values()
                 if isinstance(obj, Case) and obj.ref == case_ref), None)


def _version_mark(session: Session, conn, case_ref: str, version: int | None) -> dict:
    version = _known_version(session, case_ref, version)
    if version is None:
        version = conn.execute(_CASE_VERSION, {"ref": case_ref}).scalar_one_or_none()
    return {} if version is None else {"case_version": version}


def describe(seq: int, action: str, case_ref: str | None, at: str) -> str:
    return f"event #{seq} ({action}{' on ' + case_ref if case_ref else ''}, {at})"


def intact(row) -> bool:
    """Whether a stored event's hash is right for its own fields and the prev it claims."""
    return event_hash(row.seq, row.at, row.actor, row.action, row.case_ref, row.from_state,
                      row.to_state, row.data, row.prev_hash) == row.hash


@dataclass
class Verification:
    ok: bool
    checked: int
    message: str
    first_bad_seq: int | None = None


def verify(session: Session, batch: int = 5000, progress=None) -> Verification:
    """Re-computes every link in order; reports the first that does not hold.
    `progress(checked, total)` is called every `batch` events, for a screen's progress bar."""
    result = verify_range(session, 1, None, GENESIS, batch, progress)
    if result.ok:
        result.message = f"audit trail intact: {result.checked} events verified"
    return result


COLUMNS = (
    AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.case_ref,
    AuditEvent.from_state, AuditEvent.to_state, AuditEvent.data, AuditEvent.prev_hash,
    AuditEvent.hash,
)


def verify_range(session: Session, first: int, last: int | None, prev_hash: str,
                 batch: int = 5000, progress=None) -> Verification:
    """Checks events `first`..`last` given the hash the event before `first` has; with no
    `last`, up to the end of the trail and against the recorded head, so that events cut
    off the end or added past it show. A seal checks its part of the chain this way."""
    head_row = session.get(AuditHead, 1)
    head_seq = head_row.seq if head_row else 0
    total = (head_seq if last is None else last) - first + 1
    expected_seq, checked = first, 0
    for row in _rows(session, first, last, batch):
        seq, at, actor, action, case_ref, from_state, to_state, data, prev, stored = row
        if seq != expected_seq or prev != prev_hash or stored != event_hash(
                seq, at, actor, action, case_ref, from_state, to_state, data, prev):
            return _fault(row, expected_seq, prev_hash, checked)
        prev_hash, expected_seq, checked = stored, seq + 1, checked + 1
        if progress and checked % batch == 0:
            progress(checked, total)
    if last is not None:
        if expected_seq <= last:
            gone = (f"event #{last} was" if expected_seq == last
                    else f"events #{expected_seq}-#{last} were")
            return _broken(checked, expected_seq, f"{gone} removed")
        return Verification(True, checked, f"{checked} events verified")
    end = expected_seq - 1
    if head_row is not None and (head_seq != end or head_row.hash != prev_hash):
        if head_seq > end:
            gone = (f"event #{head_seq} was" if head_seq == end + 1
                    else f"events #{end + 1}-#{head_seq} were")
            return _broken(checked, end + 1, f"{gone} removed from the end of the trail")
        # Links past the head were added without going through casework.
        return _broken(
            checked, head_seq + 1,
            f"event #{head_seq + 1} was added after the recorded end of the trail (#{head_seq})",
        )
    return Verification(True, checked, f"{checked} events verified")


def _rows(session: Session, first: int, last: int | None, batch: int):
    """The events as plain tuples straight from the driver: ORM rows cost more than hashing
    them. On PostgreSQL a server-side cursor, so a million events need not fit in memory."""
    conn = session.connection()
    sql = ("SELECT seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash, hash "
           f"FROM audit_event WHERE seq >= {int(first)}"
           + (f" AND seq <= {int(last)}" if last is not None else "") + " ORDER BY seq")
    driver = conn.connection.driver_connection
    cursor = driver.cursor(name="casework_verify") if conn.dialect.name == "postgresql" else driver.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield from rows
    finally:
        cursor.close()


def _fault(row, expected_seq: int, prev_hash: str, checked: int) -> Verification:
    """Names what is wrong with the first event that does not hold."""
    seq, at, actor, action, case_ref, from_state, to_state, data, prev, stored = row
    where = describe(seq, action, case_ref, at)
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
    return _broken(checked, seq, f"{where} was altered after it was written")


def _broken(checked: int, seq: int, message: str) -> Verification:
    return Verification(False, checked, f"audit trail broken: {message}", seq)
