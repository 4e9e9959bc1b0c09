"""The chain's end written outside the database after every change, so a rewrite of the trail
after the last seal is found too.

Whoever can write the database can rewrite an event and re-compute every hash after it; the
chain then verifies again. An anchor is the newest event's number and hash, appended to a log
the handlers cannot rewrite: a file the operating system keeps append-only (`chattr +a`, or a
folder only a logging account writes), or syslog, which a council sends on to its log service.
`casework audit verify --anchors FILE` then checks the trail against every anchor in the log.

The setting `anchors` (environment CASEWORK_ANCHORS, or `anchors = ...` in the settings file)
is a file path, `syslog` (this machine's /dev/log), or `syslog:PATH` for another socket.
"""

import logging
import logging.handlers
import os
import re
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from casework.audit.chain import Verification
from casework.audit.former import former_hash
from casework.errors import UserError, quote
from casework.outfile import user_path
from db.models import AuditEvent

LINE = re.compile(r"casework-anchor seq=(\d+) hash=([0-9a-f]{64}) at=(\S+) db=(.*)$")


def target() -> str | None:
    from casework.config import setting

    return setting("anchors")


def database_name(engine) -> str:
    """Which database an anchor is of, for a log that several share; never a password."""
    return engine.url.render_as_string(hide_password=True)


def line(engine, seq: int, digest: str, at: str) -> str:
    return f"casework-anchor seq={seq} hash={digest} at={at} db={database_name(engine)}"


def check_target() -> None:
    """Refuses, in one line, an anchor log that cannot be written, before any change is made:
    an anchor that fails after its change has committed could only be dropped."""
    where = target()
    if not where:
        return
    if where == "syslog" or where.startswith("syslog:"):
        socket = where.partition(":")[2] or "/dev/log"
        if not Path(socket).exists():
            raise UserError(f"anchors: there is no syslog socket at {socket}; name another with "
                            "anchors = \"syslog:PATH\", or a file")
        return
    try:
        os.close(_open(user_path(where)))
    except OSError as exc:
        raise UserError(f"anchors: cannot append to {where} ({exc.strerror}); name a file this "
                        "account may append to, or syslog") from None


def write(engine, seq: int, digest: str, at: str) -> None:
    where = target()
    if not where:
        return
    text = line(engine, seq, digest, at)
    try:
        if where == "syslog" or where.startswith("syslog:"):
            _syslog(where.partition(":")[2] or "/dev/log", text)
        else:
            fd = _open(user_path(where))
            try:
                os.write(fd, (text + "\n").encode())
            finally:
                os.close(fd)
    except OSError:
        pass  # checked when the database was opened; the next change's anchor covers this one


def _open(path: Path) -> int:
    from db.location import private_mode

    # Appends only, whatever is there; made readable by its owner alone when new.
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, private_mode())


def _syslog(socket: str, text: str) -> None:
    handler = logging.handlers.SysLogHandler(address=socket,
                                             facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    try:
        handler.ident = "casework: "
        handler.emit(logging.makeLogRecord({"msg": text, "levelno": logging.INFO, "levelname": "INFO"}))
    finally:
        handler.close()


def check(session: Session, engine, log: Path) -> Verification:
    """Every anchor of this database in `log` against the trail as it is now."""
    log = user_path(log)
    try:
        lines = open(log, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UserError(f"--anchors: cannot read {quote(str(log))} ({exc.strerror})") from None
    with lines:
        return _against(session, engine, log, lines)


def _against(session: Session, engine, log: Path, lines) -> Verification:
    me, held, last = database_name(engine), 0, None
    for found in filter(None, (LINE.search(text) for text in lines)):
        seq, digest, at, db = int(found[1]), found[2], found[3], found[4]
        if db != me:
            continue  # another database's anchor in a shared log
        stored = session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq)).scalar()
        if stored is None:
            return Verification(False, held, f"anchors broken: event #{seq}, anchored at {at}, is no "
                                "longer in the trail: it was cut or rewritten after that", seq)
        was = former_hash(session, seq) if stored != digest else None
        if stored != digest and (was is None or was[0] != digest):
            return Verification(False, held, f"anchors broken: event #{seq} no longer has the hash "
                                f"anchored at {at}: the trail was rewritten after it was anchored", seq)
        held, last = held + 1, (seq, at)
    if not held:
        return Verification(False, 0, f"anchors: {log} holds no anchor of this database ({me})")
    return Verification(True, held, f"{held} anchors hold, the last at event #{last[0]} ({last[1]})")

