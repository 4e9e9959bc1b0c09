"""Legal holds: the Monitoring Officer (or a deputy) keeps a case's records from disposal, with a
reason, and lifts the hold with another. Each is one transaction with its audit event; the
reasons live in the hold's row and the trail holds their hashes, so a later disposal can erase
the words and the trail still verifies."""

from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import require
from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.casefile import claim
from casework.cases.papers import open_for_change
from casework.clock import council_day
from casework.errors import Refused, UserError
from casework.inputs import clean_text
from casework.transaction import write
from casework.workspace import Workspace
from db.models import CaseHold

MAX_REASON = 500  # shown beside the case in the retention list: a sentence, not a file


def place_hold(ws: Workspace, ref: str, login: str, reason: str | None) -> int:
    """Returns the hold's id."""
    reason = _reason(reason, "say why the case's records must be kept")

    def change(s: Session) -> int:
        user, case, _ = open_for_change(s, ws, ref, login, [None])
        require(user, "hold", "place a legal hold on a case")
        held = hold_on(s, case.id)
        if held is not None:
            raise Refused(f"{case.ref} is already under a legal hold, since "
                          f"{council_day(held.placed_at).isoformat()}: {held.reason}")
        claim(s, case, case.version)
        hold = CaseHold(case_id=case.id, reason=reason, placed_by=user.id, placed_at=audit.now_utc())
        s.add(hold)
        s.flush()
        audit.append(s, user.login, "hold", case.ref, None, None, {
            "hold_id": hold.id, "step": "place", "reason_sha256": sha256_text(reason)},
            case_version=case.version)
        return hold.id

    return write(ws.engine, change)


def lift_hold(ws: Workspace, ref: str, login: str, reason: str | None) -> int:
    """Returns the id of the hold lifted."""
    reason = _reason(reason, "say why the case's records need no longer be kept")

    def change(s: Session) -> int:
        user, case, _ = open_for_change(s, ws, ref, login, [None])
        require(user, "hold", "lift a legal hold")
        hold = hold_on(s, case.id)
        if hold is None:
            raise Refused(f"{case.ref} is not under a legal hold: there is nothing to lift")
        claim(s, case, case.version)
        hold.lift_reason, hold.lifted_by, hold.lifted_at = reason, user.id, audit.now_utc()
        s.add(hold)
        audit.append(s, user.login, "hold", case.ref, None, None, {
            "hold_id": hold.id, "step": "lift", "reason_sha256": sha256_text(reason)},
            case_version=case.version)
        return hold.id

    return write(ws.engine, change)


def hold_on(s: Session, case_id: int) -> CaseHold | None:
    """The hold in place on a case, if any."""
    return s.execute(select(CaseHold).where(CaseHold.case_id == case_id, CaseHold.lifted_at.is_(None))
                     ).scalars().first()


def _reason(reason: str | None, hint: str) -> str:
    text = clean_text(reason, "reason", hint, MAX_REASON)
    if "\n" in text or "\r" in text:
        raise UserError("the reason must be on one line: it is shown beside the case")
    return text
