"""The rows an advance writes, by hand with the plain driver: the floor of bench.advance and of the
command line's advance (bench.cli_floor), on SQLite and on PostgreSQL alike.

Only the standard library is imported at the top, so the minimal program stays minimal; the
driver (psycopg) and the route's machine (python-statemachine) are imported where used.
"""

import hashlib
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone

NO_WORKERS = "-c max_parallel_workers_per_gather=0"
# As db.engine.planned_once's sessions, which run the queue's typed text.
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"


def pg_conninfo(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as libpq takes it."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}"


def connect_floor(url: str, planned_once: bool = False):
    """(connection, whether it is PostgreSQL), in autocommit, so BEGIN and COMMIT are the
    statements' own, as casework's engine does on SQLite. On PostgreSQL without parallel
    workers, as casework's sessions (db.engine.NO_WORKERS): the same statements, planned alike;
    `planned_once`, each statement prepared at its first use and planned once, as the sessions
    that read the queue's typed text (db.engine.planned_once)."""
    if url.startswith("postgresql"):
        import psycopg

        if planned_once:
            return psycopg.connect(pg_conninfo(url), autocommit=True, options=f"{NO_WORKERS} {GENERIC_PLANS}",
                                   prepare_threshold=0), True
        return psycopg.connect(pg_conninfo(url), autocommit=True, options=NO_WORKERS), True
    path = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=5000"):
        conn.execute(f"PRAGMA {pragma}")
    return conn, False


def fire(route: str, state: str, event: str) -> str:
    """The route's python-statemachine machine restored at `state`, `event` fired: its target."""
    from casework.workflow.routes import route_class

    m = route_class(route)(model=_Row(state))
    m.send(event)
    return m.model.state


class _Row:
    """What the machine is bound to: the state, and guards that always pass."""

    def __init__(self, state: str):
        self.state = state

    def guards_pass(self) -> bool:
        return True


def write_advance(conn, pg: bool, ref: str, login: str, event: str, source: str, target: str,
                  note: str, author_id: int | None = None, today: date | None = None,
                  begin: str = "BEGIN") -> None:
    """Read the case, move it, add the note, chain the event to the head, move the head: one
    transaction. `source` is the state the caller saw; the case must still be there. `begin`:
    BEGIN IMMEDIATE where several writers share a SQLite file (bench.handlers)."""
    today = today or date.today()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def run(sql: str, *params):
        return conn.execute(sql.replace("?", "%s") if pg else sql, params)

    run(begin)
    if author_id is None:
        author_id = run("SELECT id FROM user_account WHERE login = ?", login).fetchone()[0]
    case_id, state, version = run("SELECT id, state, version FROM case_file WHERE ref = ?"
                                  + (" FOR UPDATE" if pg else ""), ref).fetchone()
    assert state == source, f"{ref} moved from {source} to {state} under the floor"
    run("UPDATE case_file SET state = ?, is_open = ?, stage_entered = ?, next_due = ?, "
        "version = ? WHERE id = ? AND version = ?",
        target, target != "withdrawn", today.isoformat(), (today + timedelta(days=28)).isoformat(),
        version + 1, case_id, version)
    note_id = run("INSERT INTO note (case_id, author_id, kind, text, confidential, created_at) "
                  "VALUES (?, ?, 'note', ?, false, ?) RETURNING id", case_id, author_id, note,
                  now).fetchone()[0]
    seq, prev = run("SELECT seq, hash FROM audit_head WHERE id = 1" + (" FOR UPDATE" if pg else "")
                    ).fetchone()
    count = run("SELECT count(*) FROM audit_event WHERE case_ref = ?", ref).fetchone()[0]
    data = canonical({"event": event, "on": today.isoformat(), "note_id": note_id,
                      "note_sha256": hashlib.sha256(note.encode()).hexdigest(),
                      "case_seq": count + 1, "case_version": version + 1})
    digest = hashlib.sha256(canonical({
        "seq": seq + 1, "at": now, "actor": login, "action": "transition", "case": ref,
        "from": source, "to": target, "data": data, "prev": prev}).encode()).hexdigest()
    run("INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, data, "
        "prev_hash, hash) VALUES (?, ?, ?, 'transition', ?, ?, ?, ?, ?, ?)",
        seq + 1, now, login, ref, source, target, data, prev, digest)
    run("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq + 1, digest)
    run("COMMIT")


def write_note(conn, pg: bool, ref: str, login: str, note: str, author_id: int,
               today: date | None = None, begin: str = "BEGIN") -> int:
    """What `casework note` writes, by hand: the case claimed (its version moved on), the note,
    its event chained to the head, the head moved; one transaction. The note's id."""
    today = today or date.today()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def run(sql: str, *params):
        return conn.execute(sql.replace("?", "%s") if pg else sql, params)

    run(begin)
    case_id, version = run("SELECT id, version FROM case_file WHERE ref = ?"
                           + (" FOR UPDATE" if pg else ""), ref).fetchone()
    run("UPDATE case_file SET version = ? WHERE id = ? AND version = ?", version + 1, case_id, version)
    note_id = run("INSERT INTO note (case_id, author_id, kind, text, confidential, created_at, dated) "
                  "VALUES (?, ?, 'note', ?, false, ?, ?) RETURNING id", case_id, author_id, note, now,
                  today.isoformat()).fetchone()[0]
    seq, prev = run("SELECT seq, hash FROM audit_head WHERE id = 1" + (" FOR UPDATE" if pg else "")
                    ).fetchone()
    count = run("SELECT count(*) FROM audit_event WHERE case_ref = ?", ref).fetchone()[0]
    data = canonical({"note_id": note_id, "kind": "note", "confidential": False, "amends": None,
                      "sha256": hashlib.sha256(note.encode()).hexdigest(), "on": today.isoformat(),
                      "case_seq": count + 1, "case_version": version + 1})
    digest = hashlib.sha256(canonical({
        "seq": seq + 1, "at": now, "actor": login, "action": "note", "case": ref,
        "from": None, "to": None, "data": data, "prev": prev}).encode()).hexdigest()
    run("INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, data, "
        "prev_hash, hash) VALUES (?, ?, ?, 'note', ?, NULL, NULL, ?, ?, ?)",
        seq + 1, now, login, ref, data, prev, digest)
    run("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq + 1, digest)
    run("COMMIT")
    return note_id


def canonical(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
