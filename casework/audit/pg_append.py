"""Appending an event on PostgreSQL in one wait on the server.

The trail's head row is the one lock every change takes, so how long a change holds it is how
many changes a second the whole council gets. Everything an event needs that does not depend
on the head (who acts through which account, the case's version, its key and the keyed values)
is read and computed before the lock; then the lock, the event, the head's move and the
personal values are sent together as one pipeline, and the server runs them back to back. The
lock is held for that one wait and the commit, not for a wait per statement with Python
between (a holder that lost its core kept every other handler waiting: bench.handlers).

What is personal in the event is committed to by casework.audit.chain before this is called
(its key read before the lock too; a scope's first key is made with the head locked). The
link is hashed in the statement that appends it, by the expression of the server's own
casework_link_hash (db.pg_guard.link_hash), which its trigger already stamps a handler's events
with (written out, not called, so a schema from before that function was installed appends
too): the head need not travel to the client and back inside the lock; the client checks the returned link with db.audit_hash before the change
can commit, so a link verify would not accept is never written.
"""

import json

import psycopg
from psycopg.pq import TransactionStatus

from db.audit_hash import GENESIS, canonical, event_hash
from db.pg_guard import link_hash

# The case's place in its own events is counted by the server under the lock; the client's
# canonical text carries this stand-in, split around it (keys sorted, so it is in one place).
CASE_SEQ = "\x00case_seq"
# The version of a case the change did not read (a read, an export), read by the server under
# the lock; `null` where there is no such case (the client's read left the mark out).
CASE_VERSION = "\x00case_version"
# The id of the note the change inserted in the same pipeline, which the client has not seen
# yet: the value its sequence last gave this session.
NOTE_ID = "\x00note_id"

# Sent first in the pipeline by a change on a connection in autocommit (begins_here): psycopg
# would begin the transaction with a wait of its own.
BEGIN = "BEGIN"
_LOCK = "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"
# A statement of its own after the lock, so its snapshot is taken once the lock is held: events
# of the case committed by whoever held it before are counted. OFFSET 0 keeps the row computed
# once, not the count again for each place the hash names the data.
_INSERT = """
INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash, hash)
SELECT n.seq, n.at, n.actor, n.action, n.case_ref, n.from_state, n.to_state, n.data, n.prev,
       {hashed}
FROM (SELECT coalesce(h.seq, 0) + 1 AS seq, coalesce(h.hash, %(genesis)s::text)::text AS prev,
             {data} AS data,
             %(at)s::text AS at, %(actor)s::text AS actor, %(action)s::text AS action,
             %(case_ref)s::text AS case_ref, %(from_state)s::text AS from_state,
             %(to_state)s::text AS to_state
      FROM (SELECT 1) one LEFT JOIN audit_head h ON h.id = 1 OFFSET 0) n
RETURNING seq, at, hash, prev_hash, data
"""
_HASHED = link_hash(*(f"n.{c}" for c in (
    "seq", "at", "actor", "action", "case_ref", "from_state", "to_state", "data", "prev")))
_FILLED = {
    json.dumps(CASE_SEQ): "(SELECT count(*) + 1 FROM audit_event e WHERE e.case_ref = %(case_ref)s::text)::text",
    json.dumps(CASE_VERSION): ("coalesce((SELECT c.version FROM case_file c WHERE c.ref = %(case_ref)s::text)::text, "
                               "'null')"),
    json.dumps(NOTE_ID): "currval(pg_get_serial_sequence('note', 'id'))::text",
}
_INSERTS: dict[tuple, str] = {}
# A handler's own login has had the head moved by the server's trigger (db.pg_guard), so no
# event follows the head and nothing is updated; the administrator's client moves it, as before.
_MOVE = ("UPDATE audit_head h SET seq = e.seq, hash = e.hash FROM audit_event e "
         "WHERE h.id = 1 AND e.seq = h.seq + 1")
_VALUES = ("INSERT INTO audit_value (seq, field, value) SELECT h.seq, v.field, v.value "
           "FROM audit_head h, unnest(%(fields)s::text[], %(values)s::text[]) AS v(field, value) "
           "WHERE h.id = 1")
_HEAD = "SELECT 1 FROM audit_head WHERE id = 1"
_FIRST_HEAD = "INSERT INTO audit_head (id, seq, hash) VALUES (1, %(seq)s, %(hash)s)"


def begins_here(conn) -> bool:
    """A connection in autocommit with no transaction open yet (casework.transaction's writes
    that send their own BEGIN): the change's BEGIN is to be sent with its writes."""
    driver = conn.connection.driver_connection
    return driver.autocommit and driver.info.transaction_status == TransactionStatus.IDLE


def _filled(text: str, params: dict) -> str:
    """The INSERT for data whose canonical text holds the stand-ins it holds, the text's parts
    around them put in `params`."""
    found = sorted((text.index(mark), mark) for mark in _FILLED if mark in text)
    parts, exprs, rest = [], [], text
    for _, mark in found:
        part, _, rest = rest.partition(mark)
        parts.append(part)
        exprs.append(_FILLED[mark])
    parts.append(rest)
    for i, part in enumerate(parts):
        params[f"d{i}"] = part
    shape = tuple(exprs)
    if shape not in _INSERTS:
        data = "%(d0)s::text" + "".join(f" || {e} || %(d{i + 1})s::text" for i, e in enumerate(exprs))
        _INSERTS[shape] = _INSERT.format(hashed=_HASHED, data=data)
    return _INSERTS[shape]


def append(conn, actor: str, action: str, case_ref, from_state, to_state, data: dict,
           values: dict, at: str, before=()) -> tuple[tuple[int, str, str], list]:
    """(seq, at, hash) of the event appended in the caller's transaction, and what each of
    `before` gave: `data` as committed (casework.audit.personal), with CASE_SEQ where the
    case's count goes and NOTE_ID where the id of a note inserted `before` goes, `values` the
    personal values to keep beside it. `before`: the change's own writes ((Core statement,
    values), db.together), sent in the same pipeline ahead of the event."""
    from db.together import queue, results

    driver = conn.connection.driver_connection
    try:
        link, written = send(driver, actor, action, case_ref, from_state, to_state, data, values, at,
                             lambda: queue(driver, before, conn.dialect))
    except psycopg.Error as exc:
        from sqlalchemy.exc import DBAPIError

        # As SQLAlchemy would have raised it: a lock timeout is retried, a clash is a clash.
        raise DBAPIError.instance(_INSERT, {"actor": actor, "action": action, "case_ref": case_ref},
                                  exc, psycopg.Error) from exc
    return link, [results(cursor) for cursor in written]


def send(driver, actor: str, action: str, case_ref, from_state, to_state, data: dict, values: dict,
         at: str, before=lambda: []) -> tuple[tuple[int, str, str], list]:
    """As `append`, on `driver`, a psycopg connection, with psycopg alone (casework show's record
    of a read, casework.audit.read_recorded): `before()` sends the change's own statements in the
    pipeline and gives their cursors. Raises what psycopg raises."""
    params = {"at": at, "actor": actor, "action": action, "case_ref": case_ref,
              "from_state": from_state, "to_state": to_state, "genesis": GENESIS}
    insert = _filled(canonical(data), params)
    stored = [json.dumps(v, ensure_ascii=False) for v in values.values()]
    with driver.pipeline():
        written = before()
        head = driver.execute(_LOCK)
        added = driver.execute(insert, params)
        driver.execute(_MOVE)
        if values:
            driver.execute(_VALUES, {"fields": list(values), "values": stored})
    seq, at, digest, prev, text = added.fetchone()
    if head.fetchone() is None and driver.execute(_HEAD).fetchone() is None:
        # The trail's first event, by the administrator: no head to move or to number the
        # values by yet.
        driver.execute(_FIRST_HEAD, {"seq": seq, "hash": digest})
        if values:
            driver.execute(_VALUES, {"fields": list(values), "values": stored})
    if digest != event_hash(seq, at, actor, action, case_ref, from_state, to_state, text, prev):
        raise RuntimeError(f"the server hashed event #{seq} otherwise than casework verifies it; "
                           "nothing was saved")
    return (seq, at, digest), written
