"""How every connection to an SQLite file is set up, and how a change takes its write lock.

Here, without SQLAlchemy, so that db.engine's connections and the few writes made on plain
sqlite3 (casework.audit.read_recorded) are set up and lock alike.
"""

import random
import time

from db import cipher

# How long one SQLite statement waits for another handler's lock before reporting busy.
BUSY_TIMEOUT_MS = 15_000
# While a change waits for SQLite's write lock it asks again every so often, at random within
# these seconds: SQLite's own busy handler backs off to 100 ms sleeps, so a change that has
# waited longest asks least often and newer ones overtake it (a p99 of seconds at 8 handlers).
WRITE_POLL_S = (0.0005, 0.003)


def configure(dbapi_conn) -> None:
    # Transactions start where the caller says: pysqlite's own handling runs reads outside
    # any transaction, so they would see no snapshot.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 16 MB of pages kept in memory, not SQLite's 2 to 8: the queue's text search walks
    # the same few thousand cases in queue order on every keystroke, and at 100,000 cases
    # they no longer fit in 8 MB, so each walk read them from the file again. Not more:
    # each connection keeps its own, and the application's threads (the page, the count,
    # what stands due) fill one each: at 32 MB a start at 100,000 cases peaked at 145 MB
    # and typing at 151 to 164 MB (bench.tui_queue), against 131 MB at 16 MB, as fast.
    cur.execute("PRAGMA cache_size=-16000")
    cur.close()


def connect(path, **kwargs):
    """A DB-API connection on the file at `path` (encrypted or not, db.cipher), set up as
    db.engine sets up its own."""
    conn = cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, **kwargs)
    try:
        configure(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def begin_immediate(raw, errors, last_try) -> None:
    """BEGIN IMMEDIATE on `raw`, waiting for another writer's lock at most BUSY_TIMEOUT_MS,
    asking again at short random intervals so that every waiting change has the same chance at
    each turn. `last_try()` asks once more when the time is up (or on an error that is not
    busy), and raises what the caller's library raises."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except errors as exc:
                text = str(exc).lower()
                if "locked" not in text and "busy" not in text:
                    break  # said again by the last try
            time.sleep(random.uniform(*WRITE_POLL_S))
        last_try()
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
