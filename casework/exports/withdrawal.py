"""Withdrawing a published decision notice: the Monitoring Officer (or a deputy) takes it back,
saying why, and the next public register shows it withdrawn.

The reason is a note on the case, and the audit event holds its SHA-256 rather than the words,
so a later disposal can erase them and the trail still verifies.
"""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import require
from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.casefile import claim, load_case
from casework.cases.papers import open_for_change
from casework.errors import Refused
from casework.exports.notices import WITHDRAWN, Notice, notice_of
from casework.inputs import clean_text, effective_day
from casework.transaction import read, write
from casework.workspace import Workspace
from db.models import AuditEvent, Note

MAX_REASON = 2000


def withdraw_notice(ws: Workspace, ref: str, login: str, reason: str | None,
                    on: str | date | None = None) -> date:
    """Returns the day the withdrawn notice had been issued."""
    reason = clean_text(reason, "reason", "say why the decision notice is withdrawn", MAX_REASON)
    seen = [None]

    def change(s: Session) -> date:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, "withdraw-notice", "withdraw a decision notice")
        if case.route != "member":
            raise Refused(f"{case.ref} is about an Officer: no decision notice is published on it, "
                          "so there is none to withdraw")
        events = s.execute(select(AuditEvent.action, AuditEvent.data, AuditEvent.at)
                           .where(AuditEvent.case_ref == case.ref).order_by(AuditEvent.seq)).all()
        notice = notice_of(events)
        if notice.issued is None:
            raise Refused(f"{case.ref} has no published decision notice to withdraw "
                          f"(issue one with casework decision {case.ref})")
        if notice.withdrawn is not None:
            raise Refused(f"{case.ref}'s decision notice of {notice.issued.isoformat()} was already "
                          f"withdrawn on {notice.withdrawn.isoformat()}")
        day = effective_day(on, ws.today(), notice.issued, "the notice was issued")
        claim(s, case, seen[0])
        note = Note(case_id=case.id, author_id=user.id, kind="note",
                    text=f"Decision notice of {notice.issued.isoformat()} withdrawn: {reason}",
                    confidential=False, created_at=audit.now_utc(), dated=day)
        s.add(note)
        s.flush()
        audit.append(s, user.login, WITHDRAWN, case.ref, None, None, {
            "notice_sha256": notice.sha256, "issued": notice.issued.isoformat(), "on": day.isoformat(),
            "reason_sha256": sha256_text(reason), "note_id": note.id, "note_sha256": sha256_text(note.text)},
            case_version=case.version)
        return notice.issued

    return write(ws.engine, change)


def standing_notice(ws: Workspace, ref: str, login: str) -> Notice:
    """Where the case's decision notice stands, read after `notice_text` has let this user have
    the notice: the screen showing it offers its withdrawal only while one is published."""
    with read(ws.engine) as s:
        case_ref = load_case(s, ref).ref
        events = s.execute(select(AuditEvent.action, AuditEvent.data, AuditEvent.at)
                           .where(AuditEvent.case_ref == case_ref).order_by(AuditEvent.seq)).all()
    return notice_of(events)
