"""Reminders: each handler's cases falling due within a number of working days and those
already overdue, and for the Monitoring Officer and deputies the overdue cases of everyone;
printed, or emailed to each user casework has an address for. Made to run daily (cron or a
systemd timer); only the Monitoring Officer or a deputy runs it, as it reads every case."""

import smtplib
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import aliased

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.clock import long_date
from casework.errors import Refused, UserError
from casework.letters.send import Settings, deliver, reason
from casework.records.schedule import disposals_due
from casework.sar.requests import requests_due
from casework.transaction import read, write
from casework.workflow.roles import MO
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import Case, Person, User


@dataclass
class Digest:
    login: str
    name: str
    email: str | None
    oversees: bool  # sees everyone's overdue cases (Monitoring Officer, deputy)
    due: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    others_overdue: list[dict] = field(default_factory=list)
    disposals: int = 0  # ended cases due for disposal (casework.records), for those who oversee
    requests: list[dict] = field(default_factory=list)  # subject access requests due (casework.sar)

    @property
    def empty(self) -> bool:
        return not (self.due or self.overdue or self.others_overdue or self.disposals or self.requests)


def digests(ws: Workspace, login: str, days: int = 5) -> tuple[date, list[Digest]]:
    """(the last day counted, a digest for every active user with something to be reminded of)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise UserError(f"--days must be a whole number of working days from 1 to 60 (got {days!r})")
    today = ws.today()
    horizon = ws.calendar.add_working_days(today, days)
    subject = aliased(Person)
    with read(ws.engine) as s:
        if acting_user(s, login).role not in MO:
            raise Refused("only the Monitoring Officer or a deputy sends reminders: they read every case")
        users = s.execute(select(User).where(User.active).order_by(User.login)).scalars().all()
        rows = s.execute(
            select(Case.ref, Case.route, Case.state, Case.next_due, Case.handler_id, subject.name)
            .join(subject, subject.id == Case.subject_id)
            .where(Case.is_open, Case.next_due.is_not(None), Case.next_due <= horizon)
            .order_by(Case.next_due, Case.ref)).all()
    cases = [{"ref": ref, "stage": state_title(route, state), "due": due.isoformat(),
              "subject": name, "handler_id": handler, "overdue": due < today}
             for ref, route, state, due, handler, name in rows]
    out = []
    for user in users:
        d = Digest(user.login, user.name, user.email, user.role in MO)
        mine = [c for c in cases if c["handler_id"] == user.id]
        d.due = [c for c in mine if not c["overdue"]]
        d.overdue = [c for c in mine if c["overdue"]]
        if d.oversees:
            d.others_overdue = [c for c in cases if c["overdue"] and c["handler_id"] != user.id]
            d.disposals = disposals_due(ws, user.login) or 0
            d.requests = requests_due(ws, user.login, horizon) or []
        if not d.empty:
            out.append(d)
    return horizon, out


def text(d: Digest, council: str, today: date, horizon: date) -> str:
    lines = [f"{council}: your complaints casework, {long_date(today)}", ""]

    def block(title: str, cases: list[dict]) -> None:
        if cases:
            lines.append(f"{title} ({len(cases)}):")
            lines.extend(f"  {c['ref']}  due {long_date(c['due'])}  {c['stage']}  {c['subject']}"
                         for c in cases)
            lines.append("")

    block("Overdue, handled by you", d.overdue)
    block(f"Due by {long_date(horizon)}, handled by you", d.due)
    block("Overdue, handled by others", d.others_overdue)
    if d.requests:
        lines.append(f"Subject access requests due by {long_date(horizon)} ({len(d.requests)}):")
        lines.extend(f"  request {r['id']}  due {long_date(r['due'])}{'  OVERDUE' if r['overdue'] else ''}"
                     f"  {r['requester']}" for r in d.requests)
        lines.append("")
    if d.disposals:
        lines.append(f"Ended cases due for disposal under the retention schedule: {d.disposals} "
                     "(casework retention --due)")
    return "\n".join(lines)


def send(ws: Workspace, login: str, found: list[Digest], horizon: date, mail: Settings) -> dict:
    """Emails each digest; returns {login: what happened}, and records how many went."""
    said = {}
    for d in found:
        if not d.email:
            said[d.login] = "not sent: no email address (casework users email LOGIN ADDRESS)"
            continue
        msg = EmailMessage()
        msg["From"] = formataddr((ws.profile.council, mail.sender))
        msg["To"] = formataddr((d.name, d.email))
        msg["Subject"] = (f"Complaints casework: {len(d.overdue)} overdue, {len(d.due)} due by "
                          f"{long_date(horizon)}")
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=mail.sender.partition("@")[2])
        msg.set_content(text(d, ws.profile.council, ws.today(), horizon))
        try:
            deliver(mail, msg)
        except (smtplib.SMTPException, OSError) as exc:
            said[d.login] = f"not sent: {reason(exc)}"
            continue
        said[d.login] = f"sent to {d.email}"
    sent = sum(1 for v in said.values() if v.startswith("sent"))
    write(ws.engine, lambda s: audit.append(s, login, "remind", None, None, None, {
        "sent": sent, "not_sent": len(said) - sent, "until": horizon.isoformat()}))
    return said
