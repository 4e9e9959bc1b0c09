"""Where the database is, and connections configured the same way every time."""

import os
import select
import threading
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError

from db import cipher, sqlite_write
from db.location import DatabaseUnavailable, default_url, private_mode, resolve_url  # noqa: F401  (callers name them from here)
from db.pg_connect import SET_ROLE, tls_options  # noqa: F401  (callers name SET_ROLE from here)

# Execution option by which a connection asks SQLite for the write lock at BEGIN.
WRITE_OPTION = "casework_write"

LOCK_TIMEOUT_MS = 30_000  # PostgreSQL; matches the patience casework.transaction gives SQLite

# PostgreSQL, each session casework opens. Without a lock timeout a change waits forever behind
# a session that holds a row lock; with it, the change is refused as busy and the user told to
# try again. And no parallel workers: casework reads pages, cases and counts, where starting
# workers costs about what they save or more. The queue's page from the trigram indexes was
# gathered by two workers for 1 ms of work: 17-19 ms a key at 100,000 cases, 7 without (counts
# there: every case 56 ms with workers, 70 without; a name's open cases 68 with, 51 without).
NO_WORKERS = "-c max_parallel_workers_per_gather=0"


def make_engine(url: str, set_role: str | None = None) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"'{url}' is not a database URL; use a file path or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        person = set_role or os.environ.get(SET_ROLE)
        engine = _pg_engine(url, parsed, person)
        _MADE[engine] = (url, parsed, person)
        event.listen(engine, "engine_disposed", _dispose_planned_once)
        return engine
    raise DatabaseUnavailable(
        f"casework stores cases in SQLite or PostgreSQL, not {parsed.get_backend_name()}"
    )


def _pg_engine(url: str, parsed, person: str | None, options: str = "", **driver) -> Engine:
    try:
        engine = create_engine(url, connect_args={
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} {NO_WORKERS} {options}".strip(),
            **tls_for(parsed), **driver})
    except ModuleNotFoundError:
        raise DatabaseUnavailable(
            "PostgreSQL support is not installed: pip install 'casework[postgres]'"
        ) from None
    _alive_without_asking(engine)
    if person:
        _acting_as(engine, person)
    return engine


# PostgreSQL: how each engine was made, so its engine for typed text (planned_once) connects alike.
_MADE: "WeakKeyDictionary[Engine, tuple]" = WeakKeyDictionary()
_PLANNED_ONCE: "WeakKeyDictionary[Engine, Engine]" = WeakKeyDictionary()
_MAKING = threading.Lock()

# The typed text's statements, each planned once for any text (casework.queue.text_match).
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"


def planned_once(engine: Engine) -> Engine:
    """PostgreSQL: the engine the queue reads typed text through, the same database, person and
    settings as `engine`'s, whose sessions prepare each statement at its first use and plan it
    once for whatever text it is given (GENERIC_PLANS), where `engine` plans every statement
    each time it runs: planning a keystroke's page was 2 to 7 ms of its 4 to 14 at 1,000 cases.
    Only statements written to be planned once are sent here: a plan made once for any text
    must be good for all of them (casework.queue.text_match.pattern_of). Elsewhere `engine`."""
    made = _MADE.get(engine)
    if made is None:
        return engine
    with _MAKING:  # the page and the count may ask at once, from their threads
        once = _PLANNED_ONCE.get(engine)
        if once is None:
            url, parsed, person = made
            once = _PLANNED_ONCE[engine] = _pg_engine(url, parsed, person, GENERIC_PLANS, prepare_threshold=0)
    return once


def _dispose_planned_once(engine: Engine) -> None:
    """Closing an engine's connections closes its planned_once engine's too: a restore, or a
    database dropped, waits on no connection casework forgot."""
    once = _PLANNED_ONCE.pop(engine, None)
    if once is not None:
        once.dispose()


def _alive_without_asking(engine: Engine) -> None:
    """A pooled connection is checked before use without a round trip: SQLAlchemy's pre-ping
    asked the server before every transaction, one wait more for each keystroke's page, each
    case opened and each change (bench.round_trips). An idle connection has nothing to read;
    a server that ended it (restarted, or the administrator ended the session) has sent its
    goodbye and closed it, which the socket shows at once. Only when something is there is
    the server asked, as the pre-ping did, and a connection that fails is replaced."""
    @event.listens_for(engine, "checkout")
    def _check(dbapi_conn, _record, _proxy) -> None:
        try:
            if dbapi_conn.closed or dbapi_conn.broken:
                raise DisconnectionError()
            if select.select([dbapi_conn.fileno()], [], [], 0)[0]:
                engine.dialect.do_ping(dbapi_conn)
        except DisconnectionError:
            raise
        except Exception as exc:
            raise DisconnectionError(str(exc)) from None




def _acting_as(engine: Engine, person: str) -> None:
    quoted = '"' + person.replace('"', '""') + '"'

    @event.listens_for(engine, "connect")
    def _become(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET ROLE {quoted}")
        dbapi_conn.commit()


def tls_for(parsed) -> dict:
    return tls_options(parsed.host or parsed.query.get("host"), "sslmode" in parsed.query)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        path = Path(database)
        if path.is_dir():
            raise DatabaseUnavailable(f"{path} is a directory; name a database file instead")
        try:
            path.parent.mkdir(mode=private_mode(folder=True), parents=True, exist_ok=True)
            # Made here, before SQLite makes it with whatever the umask allows; its -wal and
            # -shm files take the database's own mode.
            cipher.make_private(path)
        except OSError as exc:
            raise DatabaseUnavailable(f"cannot create {path}: {exc.strerror}") from None
        encrypted = cipher.engine_options(path)
    else:
        encrypted = {}
    engine = create_engine(url, connect_args={"timeout": 15}, **encrypted)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn, _record) -> None:
        sqlite_write.configure(dbapi_conn)  # SQLAlchemy's BEGIN below decides where transactions start

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        # casework.transaction takes the write lock at BEGIN for every change: begun deferred,
        # a change reads, then finds another writer has overtaken its snapshot and starts again.
        if conn.get_execution_options().get(WRITE_OPTION):
            _begin_write(conn)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _begin_write(conn) -> None:
    """BEGIN IMMEDIATE as db.sqlite_write takes it; the last try as SQLAlchemy reports errors."""
    sqlite_write.begin_immediate(conn.connection.dbapi_connection, conn.dialect.dbapi.Error,
                                 lambda: conn.exec_driver_sql("BEGIN IMMEDIATE"))


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
