"""Reading the audit trail, page by page, filtered by case, user and action."""

import json

from sqlalchemy import func, select

from casework.access.actors import acting_user
from casework.audit import seal as audit_seal
from casework.audit.case import verify_case
from casework.audit.chain import Verification, verify
from casework.audit.personal import reveal
from casework.audit.rows import case_against_trail, rows_against_trail
from casework.errors import Refused
from casework.transaction import read, write
from casework.workflow.roles import AUDIT_READERS as READERS
from casework.workspace import Workspace
from db.models import AuditEvent


def _check(user) -> None:
    if user.role not in READERS:
        raise Refused("only the Monitoring Officer, a deputy, HR or a clerk may read the audit trail")


def events(ws: Workspace, login: str, case: str = "", actor: str = "", action: str = "",
           offset: int = 0, limit: int = 200) -> tuple[list[dict], int]:
    """Newest first; returns the page and the number of events that match."""
    with read(ws.engine) as s:
        _check(acting_user(s, login))
        q = select(AuditEvent)
        if case.strip():
            q = q.where(AuditEvent.case_ref == case.strip().upper())
        if actor.strip():
            q = q.where(AuditEvent.actor == actor.strip())
        if action.strip():
            q = q.where(AuditEvent.action == action.strip())
        total = s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        rows = s.execute(q.order_by(AuditEvent.seq.desc()).offset(offset).limit(limit)).scalars()
        return reveal(s.connection(), [
            {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "case": e.case_ref,
             "from": e.from_state, "to": e.to_state, "data": json.loads(e.data), "hash": e.hash,
             "prev_hash": e.prev_hash}
            for e in rows
        ]), total


def verify_all(ws: Workspace, login: str, progress=None) -> Verification:
    """The chain, then the live rows against it (casework.audit.rows), in one snapshot."""
    with read(ws.engine) as s:
        _check(acting_user(s, login))
        result = verify(s, progress=progress)
        if result.ok:
            differs = rows_against_trail(s)
            if differs:
                return Verification(False, result.checked, f"records differ from the audit trail: {differs}")
        return result


def verify_anchors(ws: Workspace, login: str, log, progress=None) -> list[Verification]:
    """The whole check, then the trail against every anchor in `log` (casework.audit.anchors)."""
    from casework.audit import anchors

    first = verify_all(ws, login, progress)
    if not first.ok:
        return [first]
    with read(ws.engine) as s:
        return [first, anchors.check(s, ws.engine, log)]


def verify_one(ws: Workspace, login: str, ref: str) -> Verification:
    """The case's links, then its rows against them."""
    with read(ws.engine) as s:
        _check(acting_user(s, login))
        result = verify_case(s, ref)
        if result.ok:
            differs = case_against_trail(s, ref.strip().upper())
            if differs:
                return Verification(False, result.checked, f"records differ from the audit trail: {differs}")
        return result


def seal(ws: Workspace, login: str, progress=None) -> audit_seal.Seal:
    """Seals the end of the trail, once it verifies: minutes must not vouch for a trail
    that is already broken."""
    checked = verify_all(ws, login, progress)
    if not checked.ok:
        raise Refused(f"the trail cannot be sealed while it is broken: {checked.message}")

    def change(s) -> audit_seal.Seal:
        user = acting_user(s, login)
        _check(user)
        return audit_seal.record(s, user.login)

    # Events written between the check and the seal came through casework a moment ago;
    # verifying inside the write would hold every other writer back for the whole run.
    return write(ws.engine, change)


def check_seal(ws: Workspace, login: str, digest: str, progress=None) -> audit_seal.SealCheck:
    with read(ws.engine) as s:
        _check(acting_user(s, login))
        return audit_seal.check(s, digest, progress)


ACTIONS = ("open", "transition", "classify", "anonymity", "choice", "involve", "measure", "note", "attach", "redact", "sanction",
           "compliance", "assign", "grant", "revoke", "read", "export", "seal", "backup",
           "restore", "init", "user-add", "user-rename", "user-role", "user-activate", "user-deactivate",
           "person-add", "person-sign", "person-train", "person-tier", "person-left-office",
           "person-restrict", "import", "hold", "sign-in", "sign-in-refused", "sign-out", "user-reset",
           "notice-withdraw", "publish", "sar", "dispose", "dispose-log", "reseal")
