"""Who read restricted papers, recorded without SQLAlchemy, on plain sqlite3 or with psycopg
alone: `casework show` of such a case (casework.cases.kept_show).

The event is the one casework.audit.disclosure.record_read appends. On SQLite: the audit
trail's own statements (casework.audit.chain, shipped as SQL in casework/cases/case_reads.json),
the link made by casework.audit.link, the account it came through as casework.access.identity
records it, on a connection set up and locked as every change's is (db.sqlite_write). On
PostgreSQL: the pipeline every change appends with (casework.audit.pg_append.send). It commits
alone, after the read, as the ordinary way's does.

Anything not as expected (a read whose event would carry personal values, the database busy
past its patience, any fault) writes nothing and answers False: the command then goes the
ordinary way, which records the read or says what is wrong.
"""

from pathlib import Path

from casework.access.who import account_marks, os_login
from casework.audit.link import next_link, now_utc
from db import cipher, sqlite_write
from db.audit_personal import scope_of, touches

ACTION = "read"


def record_read(path: Path, statements: dict, login: str, ref: str, notes: list[int],
                documents: list[int], restricted: bool) -> bool:
    """Whether the read of `ref`'s restricted papers by `login` was recorded, in a transaction
    of its own holding the write lock. `statements`: case_reads.shipped("sqlite_event")."""
    data = _data(ref, notes, documents, restricted)
    if data is None:
        return False
    faults = cipher.faults(path)
    try:
        conn = sqlite_write.connect(path)
    except faults:
        return False
    try:
        sqlite_write.begin_immediate(conn, faults, lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            _append(conn, statements, login, ref, data)
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        return True
    except faults:
        return False
    finally:
        conn.close()


def _data(ref: str, notes: list[int], documents: list[int], restricted: bool) -> dict | None:
    data = {"notes": notes, "documents": documents, "restricted": restricted}
    if scope_of(ACTION, ref, data) is not None and touches(ACTION, data):
        return None  # its key and values are the ordinary way's (casework.audit.personal)
    return data


def record_read_pg(driver, account: str, login: str, ref: str, notes: list[int],
                   documents: list[int], restricted: bool) -> bool:
    """As `record_read`, on a shared PostgreSQL database: on `driver`, the psycopg connection in
    autocommit that read the case as `account` (casework.queue.first_page_pg.read_as), the event
    appended as every change appends it there (casework.audit.pg_append.send, its BEGIN in the
    same pipeline), then committed: the server waited on twice, as the ordinary way's record."""
    import psycopg

    from casework.audit import pg_append

    data = _data(ref, notes, documents, restricted)
    if data is None:
        return False
    # The case's version and its place among its events are the server's, read under the lock.
    data.update(account_marks(account, login), case_version=pg_append.CASE_VERSION,
                case_seq=pg_append.CASE_SEQ)
    try:
        # READ WRITE: the connection reads only, unless a transaction says otherwise.
        pg_append.send(driver, login, ACTION, ref, None, None, data, {}, now_utc(),
                       lambda: [driver.execute("BEGIN READ WRITE")])
        driver.commit()
        return True
    except (psycopg.Error, RuntimeError):
        try:
            driver.rollback()
        except psycopg.Error:
            pass  # the connection is gone: nothing was committed
        return False


def _append(conn, statements: dict, login: str, ref: str, data: dict) -> None:
    def run(name: str, **given):
        st = statements[name]
        return conn.execute(st["sql"], [given[n] if n in given else st["values"][n] for n in st["names"]])

    # In casework.audit.chain.append's order: the head, then the case's count and version.
    head = run("head").fetchone()
    data = {**data, **account_marks(os_login(), login), "case_seq": run("case_count", ref=ref).fetchone()[0] + 1}
    version = run("case_version", ref=ref).fetchone()
    if version is not None:
        data["case_version"] = version[0]
    row = next_link(head, now_utc(), login, ACTION, ref, None, None, data)
    run("insert", **row)
    if head is None:
        run("first_head", id=1, seq=row["seq"], hash=row["hash"])
    else:
        run("move_head", new_seq=row["seq"], new_hash=row["hash"])
