"""Loading one case and the facts its guards read."""

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from casework.errors import Conflict, NotFound, has_control, quote
from casework.workflow.guards import GuardContext
from casework.workspace import Workspace
from db.models import Case, Document, Note, Sanction, User


def load_case(session: Session, ref: str) -> Case:
    ref = ref.strip().upper()
    if has_control(ref):  # PostgreSQL rejects NUL in a query; no reference has one
        raise NotFound(f"no case {quote(ref)}: check the reference with `casework list`")
    case = session.execute(select(Case).where(Case.ref == ref)).scalar_one_or_none()
    if case is None:
        raise NotFound(f"no case {quote(ref)}: check the reference with `casework list`")
    return case


def check_version(case: Case, seen: int | None) -> None:
    if seen is not None and case.version != seen:
        raise Conflict(case.ref)


def guard_context(
    session: Session, ws: Workspace, case: Case, user: User, note: str | None = None
) -> GuardContext:
    kinds = set(session.execute(select(Note.kind).where(Note.case_id == case.id)).scalars())
    sections = set(
        session.execute(select(Document.section).where(Document.case_id == case.id)).scalars()
    )
    open_sanctions = list(
        session.execute(
            select(Sanction.kind).where(
                Sanction.case_id == case.id,
                # Only a sanction with a date to meet (training, an apology) awaits compliance;
                # a censure or a warning takes effect when recorded.
                Sanction.due.is_not(None),
                Sanction.complied.is_(None),
                Sanction.non_compliance.is_(None),
            )
        ).scalars()
    )
    return GuardContext(
        ref=case.ref,
        route=case.route,
        regime=ws.profile.regime,
        ip_required=ws.profile.independent_person_required,
        actor_login=user.login,
        actor_role=user.role,
        actor_person_id=user.person_id,
        complainant_id=case.complainant_id,
        subject_id=case.subject_id,
        note_kinds=kinds,
        sections=sections,
        open_sanctions=open_sanctions,
        note=note,
    )


def claim(session: Session, case: Case, seen: int) -> None:
    """Takes the case for this change: fails if anyone changed it since `seen` was read.

    This is the first write of every case change, so on SQLite it is also where the
    write lock is taken, before the audit head is read.
    """
    result = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.version == seen)
        .values(version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(case.ref)
    case.version = seen + 1
    # The ORM must not write the version again from its stale copy.
    set_committed_value(case, "version", seen + 1)
