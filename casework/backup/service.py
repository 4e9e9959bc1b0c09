"""Backing up the whole database while handlers work, and restoring a backup.

A backup is a standalone SQLite file (SQLite's online backup API) or a pg_dump archive in
custom format (PostgreSQL). Every backup is read back in full and its audit chain verified,
when it is written and again before it is restored: a restore puts the trail an
investigation relies on back in place, so a broken chain is never restored. Only the
Monitoring Officer or a deputy may do either: a backup holds every case, confidential or not.
"""

import hashlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.backup.bad import BadBackup
from casework.backup.image import KIND_TITLES, opened, sniff
from casework.errors import NotFound, Refused, UserError, quote
from casework.outfile import user_path
from casework.transaction import read, write
from casework.words import with_article
from casework.workflow.roles import MO, ROLE_TITLES
from db import schema
from db.engine import DatabaseUnavailable, make_engine
from db.models import AuditHead, Case, User

__all__ = ["BadBackup", "Done", "RestoreUnverified", "backup", "restore"]


class RestoreUnverified(UserError):
    """The restore happened but its result does not check out: the database did change."""

    exit_code = 1


@dataclass
class Done:
    file: str
    cases: int
    events: int
    head: str
    # Why the backup must not be restored (damaged papers, a broken chain), or None.
    problem: str | None = None
    recorded: int | None = None  # the audit event that records the backup or restore

    def summary(self) -> str:
        return f"{_count(self.cases, 'case')}, {self.events} events verified, head {self.head[:12]}"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


@dataclass
class _Target:
    cases: int = 0
    users: int = 0
    events: int = 0
    head: str | None = None


def backup(ws, login: str, out) -> Done:
    """Writes the backup to a temporary file beside `out`, reads it back, records it in the
    audit trail, then renames it into place: a failure leaves no file behind."""
    target = _out_path(out)
    with read(ws.engine) as s:
        _authorise(acting_user(s, login), "back up the database")
        _administrator(s, "back up")
    kind = ws.engine.dialect.name
    if kind == "sqlite":
        from casework.backup.sqlite import copy_live, same_database

        live = Path(ws.engine.url.database or ":memory:")
        if not live.exists():
            raise UserError("this database lives only in memory; there is nothing to back up")
        if same_database(live, target):
            raise UserError(f"{out} is the database itself; name another file for the backup")
    try:
        # mkstemp's private mode stays: the backup holds every confidential paper.
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    os.close(fd)
    temp = Path(name)
    try:
        if kind == "sqlite":
            copy_live(live, temp)
        else:
            from casework.backup.postgres import dump

            dump(ws.engine.url.render_as_string(hide_password=False), temp)
        with tempfile.TemporaryDirectory(prefix="casework-check-") as scratch, \
                opened(temp, kind, str(out), Path(scratch)) as image:
            done = Done(str(out), image.cases, image.verification.checked, image.head,
                        image.problem)
        done.recorded = _record(ws.engine, login, "backup", {
            "sha256": _sha256(temp), "bytes": temp.stat().st_size, "cases": done.cases,
            "events": done.events, "head": done.head,
        })
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    except sqlite3.Error as exc:
        raise UserError(f"cannot write the backup {out}: {exc}") from None
    finally:
        temp.unlink(missing_ok=True)
    return done


def restore(url: str, login: str, file, force: bool = False, encrypt: bool = False) -> Done:
    """Checks the backup, then the target, then who is asking, and only then changes anything."""
    path, shown = user_path(file), str(file)
    kind = sniff(path, shown)
    target_kind, where = _backend(url)
    if encrypt and target_kind != "sqlite":
        raise UserError("--encrypt is for the embedded database file; a PostgreSQL server's data "
                        "is encrypted by the server's own disk encryption")
    if kind != target_kind:
        into = "a database file (--db FILE)" if kind == "sqlite" else \
            "a PostgreSQL database (--db postgresql+psycopg://...)"
        raise BadBackup(f"{shown} is a {KIND_TITLES[kind]} backup but {where} is a "
                        f"{KIND_TITLES[target_kind]} database; restore it into {into}")
    live = _target_engine(url, kind, where, path)
    try:
        state = _inspect(live, where)
        if state.users:
            with Session(live) as s:
                _authorise(acting_user(s, login), "restore a backup over this database")
                _administrator(s, "restore a backup over")
    finally:
        if live is not None:
            live.dispose()
    scratch_parent = None
    if kind == "sqlite" and Path(where).parent.is_dir():
        # Beside the database, whose disk has room for it, rather than a /tmp that may not.
        scratch_parent = Path(where).parent
    with tempfile.TemporaryDirectory(prefix=".casework-restore-", dir=scratch_parent) as scratch:
        # What is checked is a private copy, and that copy is what gets restored: the file
        # cannot change in between.
        copy = Path(scratch) / "backup"
        try:
            with open(path, "rb") as src, open(copy, "wb") as dst:
                digest = _copy_hashing(src, dst)
        except OSError as exc:
            raise UserError(f"cannot read {shown}: {exc.strerror or exc}") from None
        passphrase = None
        if kind == "sqlite":
            from casework.backup.locked import restored_key

            passphrase = restored_key(path, copy, Path(where), shown, encrypt)
        with opened(copy, kind, shown, Path(scratch)) as image:
            if image.problem:
                raise BadBackup(f"not restoring {shown}: {image.problem}")
            if not state.users:
                _authorise_from_backup(image.engine, login, shown)
            if state.cases and not force:
                raise Refused(
                    f"{where} already holds {_count(state.cases, 'case')} and restoring replaces "
                    f"them all with the backup's {image.cases}; add --force if that is what you mean"
                )
            before = Done(shown, image.cases, image.verification.checked, image.head)
            if kind == "sqlite":
                # Only the rows go back, into casework's own schema for their revision.
                from casework.backup.sqlite import rebuild

                copy = rebuild(copy, image.revision, Path(scratch), passphrase)
        _apply(copy, url, kind, where)
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        with read(engine) as s:
            after = audit.verify(s)
        if not after.ok or after.checked != before.events:
            raise RestoreUnverified(
                f"{shown} was restored into {where}, but the restored trail does not check out: "
                f"{after.message}; restore again or ask for help"
            )
        before.recorded = _record(engine, login, "restore", {
            "sha256": digest, "cases": before.cases, "events": before.events, "head": before.head,
            "replaced": {"cases": state.cases, "events": state.events, "head": state.head}
            if state.cases or state.users else None,
        })
    finally:
        engine.dispose()
    return before


def _apply(copy: Path, url: str, kind: str, where: str) -> None:
    if kind == "sqlite":
        from casework.backup.sqlite import write_into

        try:
            write_into(copy, Path(where))
        except sqlite3.Error as exc:
            raise UserError(f"could not restore into {where}: {exc}; the database is unchanged") from None
    else:
        from casework.backup.postgres import restore as pg_restore

        pg_restore(copy, url)


def _backend(url: str) -> tuple[str, str]:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(f"'{url}' is not a database URL; use a file path or "
                        "postgresql+psycopg://user@host/db") from None
    kind = parsed.get_backend_name()
    if kind not in KIND_TITLES:
        raise UserError(f"casework stores cases in SQLite or PostgreSQL, not {kind}")
    if kind == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise UserError("name the database file to restore into with --db FILE")
        return kind, parsed.database
    return kind, parsed.render_as_string(hide_password=True)


def _target_engine(url: str, kind: str, where: str, backup_file: Path) -> Engine | None:
    if kind == "sqlite":
        from casework.backup.sqlite import same_database, target_engine

        if same_database(Path(where), backup_file):
            raise UserError(f"{backup_file} is the database itself; restore into another --db")
        return target_engine(Path(where), where)
    try:
        return make_engine(url)
    except DatabaseUnavailable as exc:
        raise UserError(str(exc)) from None


def _inspect(engine: Engine | None, where: str) -> _Target:
    """What a restore would replace; an empty database, or none yet, has nothing to lose."""
    if engine is None:
        return _Target()
    try:
        names = set(inspect(engine).get_table_names())
        if not names:
            return _Target()
        if not {"case_file", "user_account"} <= names:
            raise Refused(f"{where} holds tables that are not casework's; restore into a casework "
                          "database or an empty one")
        with engine.connect() as conn:
            cases = conn.execute(select(func.count()).select_from(Case)).scalar()
            users = conn.execute(select(func.count()).select_from(User)).scalar()
            head = conn.execute(select(AuditHead.seq, AuditHead.hash)).first() \
                if "audit_head" in names else None
    except (OperationalError, DatabaseError) as exc:
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise UserError(f"cannot open the database {where}: {first}") from None
    return _Target(cases, users, *(head or (0, None)))


def _authorise(user: User, what: str) -> None:
    if user.role not in MO:
        raise Refused(f"{with_article(ROLE_TITLES[user.role])} cannot {what}; only the Monitoring Officer or "
                      f"a deputy may. You are signed in as {user.login}")


def _authorise_from_backup(engine: Engine, login: str, shown: str) -> None:
    """An empty database has no users of its own yet: the backup's users decide."""
    with Session(engine) as s:
        try:
            user = acting_user(s, login)
        except NotFound:
            raise Refused(f"no user {quote(login)} in the backup {shown}; restoring into an empty "
                          "database needs its Monitoring Officer or a deputy (--as LOGIN)") from None
    _authorise(user, "restore this backup")


def _record(engine: Engine, login: str, action: str, data: dict) -> int:
    return write(engine, lambda s: audit.append(s, login, action, data=data).seq)


def _out_path(out) -> Path:
    path = user_path(out)
    if path.is_dir():
        raise UserError(f"{out} is a directory; name the backup file to write")
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist; create it first")
    return path


def _administrator(s, what: str) -> None:
    """On a shared PostgreSQL database a handler's own login reads only what they may
    (row-level security), so a copy taken with it would be partial: the administrator's."""
    if s.get_bind().dialect.name != "postgresql":
        return
    from casework.access.identity import account, administrator

    conn = s.connection()
    if not administrator(conn):
        raise Refused(f"your own database login ({account(conn)}) reads only what you may, so it "
                      f"cannot {what} the whole database: ask the database administrator to, as "
                      "the schema owner")


def _unwritable(out, exc: OSError) -> UserError:
    return UserError(f"cannot write {out}: {exc.strerror or exc}; choose another folder or free "
                     "some space")


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _copy_hashing(src, dst) -> str:
    digest = hashlib.sha256()
    while chunk := src.read(1 << 20):
        digest.update(chunk)
        dst.write(chunk)
    return digest.hexdigest()
