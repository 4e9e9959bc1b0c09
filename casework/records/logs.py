"""Disposal of the operational log's personal values: the address each sign-in came from and an
imported sheet's name. They are about members of staff, not about a case, so no case's disposal
takes them; they are committed to under a key for the month they were written in
(db.audit_personal), and once the council's retention schedule has kept a month long enough
(`log_months`, UK GDPR art. 5(1)(e), storage limitation) its values and key are destroyed in
one transaction with its audit event. The trail still verifies; the events keep who signed in
and when."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import Refused
from casework.records.erasure import erase_values
from casework.transaction import read, write
from casework.workspace import Workspace
from db.audit_personal import LOG, LOG_MONTH
from db.models import AuditEvent, AuditKey

KEYS, EVENTS = AuditKey.__table__, AuditEvent.__table__


@dataclass
class Forgotten:
    months: list[str]
    values: int
    seq: int | None


def due_months(ws: Workspace, s: Session, today: date) -> list[str]:
    """The months ("2025-11") whose values are still kept and due for disposal on `today`."""
    kept = ws.profile.retention.log_months
    scopes = s.execute(select(KEYS.c.scope).where(KEYS.c.scope.like(f"{LOG}%"),
                                                  KEYS.c.secret.is_not(None))).scalars()
    return sorted(m for m in (scope[len(LOG):] for scope in scopes) if _ends(m, kept) <= today)


def _ends(month: str, kept: int) -> date:
    """The first day after `kept` whole months following `month`."""
    year, number = (int(p) for p in month.split("-"))
    return date(year, number, 1) + relativedelta(months=kept + 1)


def pending(ws: Workspace, login: str) -> list[str]:
    with read(ws.engine) as s:
        require(acting_user(s, login), "dispose", "dispose of the log's personal data")
        return due_months(ws, s, ws.today())


def dispose_logs(ws: Workspace, login: str) -> Forgotten:
    """Erases every month due; a refusal when none is."""
    today = ws.today()

    def change(s: Session) -> Forgotten:
        user = acting_user(s, login)
        require(user, "dispose", "dispose of the log's personal data")
        months = due_months(ws, s, today)
        if not months:
            raise Refused(f"no month of the log is due for disposal: sign-in addresses and imported "
                          f"sheets' names are kept for {ws.profile.retention.log_months} months after "
                          "the month they were written in (retention.log_months in the profile)")
        conn = s.connection()
        erased = 0
        for month in months:
            # The events that name the month: canonical JSON, so its text is exact.
            seqs = list(conn.execute(select(EVENTS.c.seq).where(
                EVENTS.c.case_ref.is_(None), EVENTS.c.data.contains(f'"{LOG_MONTH}":"{month}"'))).scalars())
            erased += erase_values(conn, f"{LOG}{month}", seqs)
        event = audit.append(s, user.login, "dispose-log", data={
            "months": months, "values": erased, "log_months": ws.profile.retention.log_months})
        return Forgotten(months, erased, event.seq)

    return write(ws.engine, change)
