"""`casework show` without SQLAlchemy.

A council's script calling `casework show REF --json` starts a fresh process each time, and
importing SQLAlchemy, SQLModel and the models was most of each call. Opening a case needs
neither: its statements depend only on the code (casework.cases.case_reads ships them, written
by SQLAlchemy from casework.cases.view_reads), and what is shown is decided from the rows by
the same code the application runs (casework.cases.shown). Here the statements run on a plain
sqlite3 connection that can only read (casework.queue.kept), in one transaction, so the rows
are one snapshot as the ordinary way reads them.

On a shared PostgreSQL database the same statements, written for it, run with psycopg alone,
connected and acting as the ordinary way would (casework.queue.first_page_pg.read_as), in one
read-only transaction at REPEATABLE READ so they read one snapshot, sent as one pipeline; the
server's row policies apply as to any read of that login.

A reader of restricted papers has the read recorded as the ordinary way records it
(casework.audit.read_recorded), after the read and before the case is shown.

Whenever anything is not as expected (no statements for this code, an unknown
login or case, a name with control characters, a record of the read that could not be written)
the answer is None and the command goes the ordinary way, which says what is wrong.
"""

from casework.audit.read_recorded import record_read, record_read_pg
from casework.cases import case_reads
from casework.cases.shown import shown
from casework.clock import council_today
from casework.errors import has_control
from casework.queue import kept
from casework.workspace import Workspace


def show_kept(db: str | None, profile: str | None, login: str, ref: str) -> dict | None:
    """The case `ref` as `login` may see it (casework.cases.views.show_case), or None to go the
    ordinary way. Refuses, in the ordinary way's words, a reader who may not open it."""
    ref = ref.strip().upper()
    if has_control(ref) or has_control(login):
        return None
    statements = case_reads.shipped()
    if statements is None:
        return None

    def reader(reading: kept.Reading):
        reading.conn.execute("BEGIN")
        try:
            found = case_reads.read(reading.conn, statements, login, ref)
        finally:
            reading.conn.execute("COMMIT")
        reads, case = _decided(found, reading.profile)
        if reads is not None:
            event = case_reads.shipped("sqlite_event")
            if event is None or not record_read(reading.path, event, *reads):
                return None
        return case

    return kept.read_kept(db, profile, login, reader)


def _decided(found: dict, profile) -> tuple[tuple | None, dict | None]:
    """(the read to record, the case as shown) from its rows; no case where the ordinary way
    is to answer: no such reader or case (it says why)."""
    if not found["user"] or not found["user"][0].active or not found["case"]:
        return None, None
    return shown(Workspace(engine=None, profile=profile, today=council_today), found)


def show_shared(db: str | None, profile: str | None, asked: str, explicit: bool,
                ref: str) -> tuple[dict, str] | None:
    """On PostgreSQL, the case `ref` as the acting user may see it and their login, or None to
    go the ordinary way (which also says why a reader may not open it)."""
    from casework.queue.first_page_pg import read_for_command

    ref = ref.strip().upper()
    statements = case_reads.shipped("postgresql")
    if statements is None or has_control(ref) or has_control(asked):
        return None

    def reader(conn, me, prof):
        login, account = me[1], me[5]
        found = case_reads.read_pg(conn, statements, login, ref)
        reads, case = _decided(found, prof)
        if case is None or (reads is not None and not record_read_pg(conn, account, *reads)):
            return None
        return case, login

    return read_for_command(db, profile, asked, explicit, reader)
