"""Who read restricted papers, recorded on plain sqlite3: `casework show` of such a case
without SQLAlchemy (casework.cases.kept_show).

The event is the one casework.audit.disclosure.record_read appends: the audit trail's own
statements (casework.audit.chain, shipped as SQL in casework/cases/case_reads.json), the link
made by casework.audit.link, the account it came through as casework.access.identity records
it, on a connection set up and locked as every change's is (db.sqlite_write). It commits
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
    data = {"notes": notes, "documents": documents, "restricted": restricted}
    if scope_of(ACTION, ref, data) is not None and touches(ACTION, data):
        return False  # its key and values are the ordinary way's (casework.audit.personal)
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
