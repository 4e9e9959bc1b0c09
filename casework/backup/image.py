"""Reading a backup file back before anyone trusts it: what kind it is, whether it is whole,
whether it is casework's, whether its evidence matches its SHA-256 addresses, and whether its
audit chain verifies.

The same reader checks a backup just written and a backup about to be restored, so "backup
written" means restore will accept it.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel

from casework.audit import chain as audit
from casework.backup.bad import BadBackup
from casework.errors import NotFound, UserError
from db import cipher, schema
from db.models import AuditEvent, AuditHead, AuditKey, AuditValue, Blob, Case, CaseHold, Document, Note, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
REQUIRED = ("alembic_version", "audit_event", "audit_head", "blob", "case_file", "user_account")
KIND_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class Image:
    """A backup opened for checking: an engine holding at least its audit and user tables."""

    engine: Engine
    revision: str | None
    cases: int
    # The first paper whose stored bytes no longer hash to the address they are filed under.
    damage: str | None = None
    # What the backup holds that casework never writes (a planted trigger, an edited note).
    foreign: str | None = None
    verification: audit.Verification | None = None
    head: str = audit.GENESIS

    @property
    def problem(self) -> str | None:
        """Why this backup must not be restored, though it could be read."""
        return (self.damage or (None if self.verification.ok else self.verification.message)
                or self.foreign)


def sniff(path: Path, shown: str) -> str:
    """sqlite or postgresql, from the first bytes: enough to refuse most wrong files at once."""
    if path.is_dir():
        raise BadBackup(f"{shown} is a directory; name the file that casework backup wrote")
    if not path.exists():
        raise NotFound(f"no file {shown}; name the file that casework backup wrote")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if not head:
        raise BadBackup(f"{shown} is empty: not a casework backup")
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if len(head) < len(SQLITE_MAGIC) and (SQLITE_MAGIC.startswith(head) or PG_MAGIC.startswith(head)):
        raise BadBackup(f"{shown} is truncated ({len(head)} bytes): not a whole backup")
    if cipher.encrypted(path):
        return "sqlite"  # SQLCipher's: its passphrase decides whether it is casework's
    raise BadBackup(f"{shown} is not a casework backup: neither a SQLite database nor a pg_dump archive")


@contextmanager
def opened(path: Path, kind: str, shown: str, scratch: Path):
    """Yields the checked Image. Raises BadBackup for a file that cannot be read as a whole
    casework backup; a readable one with damaged evidence or a broken chain is yielded, with
    its `problem` said, because a backup of a damaged database is still worth keeping."""
    if kind == "sqlite":
        from casework.backup.sqlite import check_whole, open_image

        check_whole(path, shown)
        engine = open_image(path, shown)
        try:
            _require(set(inspect(engine).get_table_names()), shown)
            with engine.connect() as conn:
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                cases = conn.execute(select(func.count()).select_from(Case)).scalar()
                stored = conn.execute(select(Blob.sha256, Blob.data))
                damaged = [sha for sha, data in stored if hashlib.sha256(data).hexdigest() != sha]
            image = _checked(Image(engine, revision, cases, _damage(damaged)), shown)
            image.foreign = _foreign(path, image, scratch)
            yield image
        finally:
            engine.dispose()
        return
    from casework.backup.postgres import read as read_dump

    # The dump's audit and user rows go into a scratch SQLite file, so the one verifier
    # and the one acting-user check run on them unchanged.
    # The cases, notes and papers' rows come too, to be checked against the trail.
    engine = create_engine(f"sqlite:///{scratch / 'image.db'}", poolclass=NullPool)
    tables = {t.name: t for t in (AuditEvent.__table__, AuditHead.__table__, User.__table__,
                                  Case.__table__, Note.__table__, Document.__table__,
                                  CaseHold.__table__, AuditKey.__table__, AuditValue.__table__)}
    try:
        SQLModel.metadata.create_all(engine, tables=list(tables.values()))
        found = read_dump(path, shown, engine, tables)
        _require(set(found["counts"]), shown)
        revision = (found.get("alembic_version") or [{}])[0].get("version_num")
        image = _checked(Image(engine, revision, found["counts"]["case_file"],
                               _damage(found["damaged"])), shown)
        image.foreign = _foreign_archive(path, image, scratch)
        yield image
    finally:
        engine.dispose()


def _foreign(path: Path, image: Image, scratch: Path) -> str | None:
    """A SQLite backup holds casework's schema for its revision and rows its trail vouches for."""
    from casework.audit.rows import rows_against_trail
    from casework.backup.sqlite import foreign_shape

    different = foreign_shape(path, image.revision, scratch)
    if different:
        return f"it is not as casework writes a database: {different}"
    with Session(image.engine) as s:
        row = rows_against_trail(s)
    return f"its rows are not as its audit trail recorded them: {row}" if row else None


def _foreign_archive(path: Path, image: Image, scratch: Path) -> str | None:
    """A pg_dump archive creates casework's tables, keys and indexes for its revision and nothing
    else, and its rows are as its audit trail recorded them."""
    import sqlite3
    from contextlib import closing

    from casework.audit.rows import rows_against_trail
    from casework.backup.archive import foreign_objects
    from casework.backup.sqlite import reference
    from db import pg_text

    with closing(sqlite3.connect(reference(image.revision, scratch))) as ours:
        names = ours.execute("SELECT type, name FROM sqlite_master").fetchall()
    indexes = {n for t, n in names if t == "index"}
    if image.revision >= pg_text.SINCE:  # PostgreSQL's own, which the SQLite reference lacks
        indexes |= set(pg_text.INDEXES)
    different = foreign_objects(path, {n for t, n in names if t == "table"}, indexes)
    if different:
        return f"it is not as casework writes a database: {different}"
    with Session(image.engine) as s:
        row = rows_against_trail(s)
    return f"its rows are not as its audit trail recorded them: {row}" if row else None


def _damage(damaged: list[str]) -> str | None:
    if not damaged:
        return None
    more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
    return (f"the stored bytes of evidence {damaged[0][:12]}{more} no longer match their SHA-256: "
            "the papers are damaged")


def _checked(image: Image, shown: str) -> Image:
    if image.revision is None or image.revision > schema.HEAD:
        raise BadBackup(
            f"{shown} was written by a newer casework (schema {image.revision}, this one knows up "
            f"to {schema.HEAD}); upgrade casework, then restore"
        )
    with Session(image.engine) as s:
        image.verification = audit.verify(s)
        head = s.get(AuditHead, 1)
    image.head = head.hash if head is not None else audit.GENESIS
    return image


def _require(tables: set[str], shown: str) -> None:
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        raise BadBackup(f"{shown} is not a casework backup: it has no {missing[0]} table")
