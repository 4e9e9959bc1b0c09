"""One change, one transaction: the change and its audit event commit together or not at all."""

import time
from typing import Callable, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from casework.errors import Clash, DatabaseBusy
from db.engine import WRITE_OPTION

T = TypeVar("T")
P = TypeVar("P")
ATTEMPTS = 12  # tries of a change whose name or reference another writer took first
PATIENCE = 30.0  # seconds of other handlers' locks a change waits through before giving up


def _busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return ("locked" in text or "busy" in text or "could not serialize" in text
            or "lock timeout" in text)


def write(engine, change: Callable[[Session], T], retry_integrity: bool = False) -> T:
    """Runs `change` in a transaction and commits it.

    On SQLite every change takes the write lock at BEGIN (BEGIN IMMEDIATE, waiting its turn
    in db.engine), so no other writer can overtake what it reads: begun deferred, a change
    that read and then found its snapshot stale had to start again, and under steady load
    could lose that race again and again. PostgreSQL may refuse a serialisation, a lock
    timeout or a duplicate key that a concurrent writer took first. These mean "start again
    from fresh reads", which is safe because `change` re-reads everything it decides on;
    a change that must not be repeated on newer data checks the case version itself.
    """
    delay = 0.01
    started, clashes = time.monotonic(), 0
    while True:
        with Session(engine, expire_on_commit=False) as session:
            try:
                session.connection(execution_options={WRITE_OPTION: True})
                result = change(session)
                session.commit()
                _anchor(engine, session)
                return result
            except OperationalError as exc:
                session.rollback()
                if not _busy(exc):
                    raise
                # Time, not a count of tries, bounds this: a try may fail after waiting
                # out SQLite's busy_timeout, or at once on PostgreSQL's serialisation.
                if time.monotonic() - started > PATIENCE:
                    break
            except IntegrityError:
                session.rollback()
                clashes += 1
                if not retry_integrity or clashes == ATTEMPTS:
                    # The checks before writing passed, so another handler wrote the same
                    # name or reference in the meantime.
                    raise Clash(
                        "someone else saved the same name or reference at the same moment; "
                        "nothing was saved: check, then try again"
                    ) from None
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
    raise DatabaseBusy(
        "the database is busy with other handlers' changes; nothing was saved, try again"
    )


class Stale(Exception):
    """What a change decided on may have moved before it took the write lock: decide again."""


DECIDE_TRIES = 3  # decisions overtaken in a row before a change decides holding the lock


def decide_then_write(engine, decide: Callable[[Session], P], record: Callable[[Session, P], T]) -> T:
    """`decide` reads and decides in a read of its own, with no lock held (the acting user, the
    case, its guards, the route's machine fired, the audit event made ready); `record` then
    writes what was decided in `write`, holding SQLite's write lock only for that, and raises
    Stale if what the decision rested on moved in between (casework.audit.prepared). Each
    change on SQLite held the lock through all its Python work, and with eight handlers that
    work, not the database, was what the others waited for (bench.handlers). Overtaken
    DECIDE_TRIES times running, the change decides and writes holding the lock, as before,
    so it cannot be overtaken for ever.

    On PostgreSQL `record` writes on a connection in autocommit and sends its own BEGIN in
    the pipeline with its writes: psycopg begins a transaction with a wait of its own, and an
    advance is to wait at most three times (the reads, the writes, the commit;
    bench.round_trips). The commit and any rollback are psycopg's as ever."""
    writer = _statements_alone(engine)
    for _ in range(DECIDE_TRIES):
        with read_alone(engine) as session:
            plan = decide(session)
        try:
            return write(writer, lambda s: record(s, plan))
        except Stale:
            continue
    return write(writer, lambda s: record(s, decide(s)))


def write_event(engine, change: Callable[[Session], T]) -> T:
    """`write` for a change whose only write is its audit event (a restricted case or paper
    read, casework.audit.disclosure): on PostgreSQL it reads in autocommit, and the event's
    BEGIN goes in the one pipeline with the event (casework.audit.pg_append), so recording it
    waits on the server twice (the event, the commit), not four times."""
    return write(_statements_alone(engine), change)


def _anchor(engine, session: Session) -> None:
    from casework.audit.chain import HEAD_KEY

    appended = session.info.get(HEAD_KEY)
    if appended is not None:
        from casework.audit import anchors

        anchors.write(engine, appended.seq, appended.hash, appended.at)


def read(engine) -> Session:
    return Session(engine, expire_on_commit=False)


_STATEMENTS_ALONE: "WeakKeyDictionary" = WeakKeyDictionary()


def read_alone(engine) -> Session:
    """A read whose statements each stand alone, for what is read on every keystroke or case
    opened. PostgreSQL, at READ COMMITTED, takes a snapshot per statement whether or not a
    transaction is open, so the BEGIN and ROLLBACK around such a read were two waits on the
    server and nothing else (bench.round_trips): there it reads in autocommit. On SQLite a
    read's transaction is its snapshot, and is kept."""
    return Session(_statements_alone(engine), expire_on_commit=False)


def _statements_alone(engine):
    if engine.dialect.name != "postgresql":
        return engine
    alone = _STATEMENTS_ALONE.get(engine)
    if alone is None:
        alone = _STATEMENTS_ALONE[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return alone
