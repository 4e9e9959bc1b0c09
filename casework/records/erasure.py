"""What disposal erases of one case, row by row, inside the disposal's transaction; each step
returns what it counted, for the certificate, never what it erased.

The skeleton stays for the statistics: the case's reference, route, clause, dates, stages
(its events), outcome, and its sanctions' kinds and dates. Everything that says who, or what
anyone said or wrote, goes.
"""

import hashlib
import tempfile
from pathlib import Path

from sqlalchemy import delete, func, or_, select, update

from casework.audit import chain
from casework.audit.personal import DISPOSED_NAME
from casework.errors import Refused
from db.models import (
    AuditEvent,
    AuditKey,
    AuditValue,
    Blob,
    Case,
    CaseDisposal,
    CaseHold,
    CaseMeasure,
    CaseRole,
    Document,
    Note,
    Person,
    Sanction,
    Training,
    User,
)

CASES, NOTES, DOCS, BLOBS = Case.__table__, Note.__table__, Document.__table__, Blob.__table__
ERASED = "(disposed of)"
KEYS, VALUES, EVENTS, PEOPLE = AuditKey.__table__, AuditValue.__table__, AuditEvent.__table__, Person.__table__


def erase_case(conn, case_id: int, ref: str) -> dict:
    """The case's own rows: its summary, notes, papers and their bytes (those no other case
    files), the words of its sanctions, measures and holds, and who else was in it."""
    counts = {}
    if conn.dialect.name == "sqlite":
        # Freed pages are zeroed, not left for a byte search of the file to find.
        conn.exec_driver_sql("PRAGMA secure_delete = ON")
    counts["notes"] = conn.execute(delete(NOTES).where(NOTES.c.case_id == case_id)).rowcount
    digests = set(conn.execute(select(DOCS.c.sha256).where(DOCS.c.case_id == case_id)).scalars())
    counts["documents"] = conn.execute(delete(DOCS).where(DOCS.c.case_id == case_id)).rowcount
    shared = set(conn.execute(select(DOCS.c.sha256).where(DOCS.c.sha256.in_(digests))).scalars()) if digests else set()
    gone = sorted(digests - shared)
    counts["files"] = conn.execute(delete(BLOBS).where(BLOBS.c.sha256.in_(gone))).rowcount if gone else 0
    if counts["files"] != len(gone):
        # A row policy that hides bytes skips them without an error: a certificate must not
        # say they went when they did not, so nothing is disposed of.
        raise Refused(f"{len(gone) - counts['files']} of {ref}'s files could not be removed from the "
                      "evidence store with your login; nothing was disposed of: ask the database's "
                      "administrator to run casework init and casework roles --apply")
    counts["files_kept_shared"] = len(shared)
    conn.execute(update(CASES).where(CASES.c.id == case_id).values(summary=ERASED))
    sanctions, measures, holds = Sanction.__table__, CaseMeasure.__table__, CaseHold.__table__
    # Whether a sanction was complied with, and whether a hold was lifted, stay: the words go.
    counts["sanction_details"] = conn.execute(update(sanctions).where(sanctions.c.case_id == case_id)
                                              .values(detail="")).rowcount
    conn.execute(update(sanctions).where(sanctions.c.case_id == case_id, sanctions.c.non_compliance.is_not(None))
                 .values(non_compliance=ERASED))
    counts["measure_details"] = conn.execute(update(measures).where(measures.c.case_id == case_id)
                                             .values(detail=ERASED)).rowcount
    counts["hold_reasons"] = conn.execute(update(holds).where(holds.c.case_id == case_id)
                                          .values(reason=ERASED)).rowcount
    conn.execute(update(holds).where(holds.c.case_id == case_id, holds.c.lift_reason.is_not(None))
                 .values(lift_reason=ERASED))
    roles = CaseRole.__table__
    others = list(conn.execute(select(roles.c.person_id).where(roles.c.case_id == case_id)).scalars())
    counts["people_in_case"] = conn.execute(delete(roles).where(roles.c.case_id == case_id)).rowcount
    if conn.dialect.name == "sqlite":
        _search_index(conn, case_id)
    counts["_digests"] = gone
    counts["_others"] = others
    return counts


def _search_index(conn, case_id: int) -> None:
    """SQLite's full-text indexes keep deleted text in their segments until merged."""
    conn.exec_driver_sql("DELETE FROM case_note_text WHERE rowid = ?", (case_id,))
    for table in ("case_note_text", "case_text"):
        conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def erase_values(conn, scope: str, seqs) -> int:
    """The values beside the trail that a scope's events committed to, and the scope's key:
    the chain keeps only keyed hashes that nothing can open again."""
    erased = conn.execute(delete(VALUES).where(VALUES.c.seq.in_(seqs))).rowcount if seqs else 0
    conn.execute(update(KEYS).where(KEYS.c.scope == scope).values(secret=None, erased_at=chain.now_utc()))
    return erased


def case_events(conn, ref: str) -> list[int]:
    return list(conn.execute(select(EVENTS.c.seq).where(EVENTS.c.case_ref == ref)).scalars())


DISPOSED = DISPOSED_NAME


def detach_parties(conn, case_id: int, ref: str) -> list[int]:
    """The case names its parties no more: each is replaced by a placeholder in the register of
    the same kind (the route's statistics count by kind), and the people it named are returned,
    for their own entries to be erased if this case was all they were in."""
    parties = conn.execute(select(CASES.c.complainant_id, CASES.c.subject_id).where(CASES.c.id == case_id)).one()
    for column, person_id in zip(("complainant_id", "subject_id"), parties):
        kind = conn.execute(select(PEOPLE.c.kind).where(PEOPLE.c.id == person_id)).scalar_one()
        stand_in = conn.execute(PEOPLE.insert().returning(PEOPLE.c.id), {
            "name": f"{DISPOSED}: {ref}, {column.removesuffix('_id')})", "kind": kind,
            "politically_restricted": False}).scalar_one()
        conn.execute(update(CASES).where(CASES.c.id == case_id).values({column: stand_in}))
    return list(parties)


def erase_people(conn, case_id: int, people: set[int]) -> tuple[int, int]:
    """The register entries of the people in this case who are in it for this case alone: no
    other case that is not disposed of names them, they are no user, and no Member still in
    office (the council's register of its Members is kept whatever its complaints). Returns
    (erased, kept)."""
    erased = kept = 0
    disposed = select(CaseDisposal.case_id)
    for person_id in sorted(people):
        elsewhere = conn.execute(select(func.count()).select_from(CASES).where(
            CASES.c.id != case_id, CASES.c.id.not_in(disposed),
            or_(CASES.c.subject_id == person_id, CASES.c.complainant_id == person_id))).scalar()
        elsewhere += conn.execute(select(func.count()).select_from(CaseRole.__table__).where(
            CaseRole.__table__.c.person_id == person_id)).scalar()
        user = conn.execute(select(User.id).where(User.person_id == person_id)).first()
        kind, left = conn.execute(select(PEOPLE.c.kind, PEOPLE.c.left_office).where(PEOPLE.c.id == person_id)).one()
        if elsewhere or user is not None or (kind == "member" and left is None):
            kept += 1
            continue
        conn.execute(update(PEOPLE).where(PEOPLE.c.manager_id == person_id).values(manager_id=None))
        conn.execute(update(PEOPLE).where(PEOPLE.c.id == person_id).values(
            name=f"{DISPOSED}: #{person_id})", service=None, manager_id=None,
            politically_restricted=False, protocol_signed=None, tier=None, statutory_post=None,
            restricted_until=None, email=None, language=None))
        conn.execute(delete(Training.__table__).where(Training.__table__.c.person_id == person_id))
        seqs = [seq for seq, data in conn.execute(select(EVENTS.c.seq, EVENTS.c.data).where(
            EVENTS.c.case_ref.is_(None), EVENTS.c.action.like("person-%")))
            if f'"person_id":{person_id},' in data or f'"person_id":{person_id}}}' in data]
        erase_values(conn, f"person:{person_id}", seqs)
        erased += 1
    return erased, kept


def viewer_copies(digests) -> int:
    """Copies of the case's papers casework put out for the system's viewer (exports.files)
    that are still where it put them."""
    wanted, removed = set(digests), 0
    for folder in Path(tempfile.gettempdir()).glob("casework-paper-*"):
        try:
            for f in list(folder.iterdir()):
                if f.is_file() and hashlib.sha256(f.read_bytes()).hexdigest() in wanted:
                    f.unlink()
                    removed += 1
            if not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            continue  # another user's folder, or one being written: not ours to touch
    return removed


def settle_file(engine) -> None:
    """On SQLite, after the disposal commits: the write-ahead log holds earlier versions of the
    erased pages until it is checkpointed, so it is folded in and emptied now (best effort: a
    reader still in the log keeps it, and the next checkpoint does it)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
