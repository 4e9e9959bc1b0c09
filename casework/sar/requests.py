"""A subject access request's life: opened with the day it was received, extended with a reason,
answered with the pack sent. Each is one transaction with its audit event; names and reasons
live in the request's row and the trail holds their hashes, as legal holds do, so that a later
disposal can erase the words and the trail still verifies."""

import hashlib
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.errors import NotFound, Refused, UserError, quote
from casework.inputs import clean_name, clean_text, not_future, parse_date
from casework.outfile import user_path
from casework.people.directory import find_person
from casework.sar.deadline import MAX_EXTENSION, due_day, month_ends
from casework.transaction import read, write
from casework.workflow.roles import MO
from casework.workspace import Workspace
from db.models import Person, SubjectAccess

MAX_REASON = 500
MAX_ALIASES = 20
WHAT = "deal with subject access requests"


def open_request(ws: Workspace, login: str, person: str | None, received: str | date | None,
                 requester: str | None = None, aliases=()) -> int:
    """`person` names someone in the register; `requester` instead names someone outside it.
    Returns the request's id."""
    if bool(person and person.strip()) == bool(requester and requester.strip()):
        raise UserError("name who asked: a person in the register (casework sar open PERSON), or "
                        "someone outside it with --requester NAME, not both")
    if received is None or (isinstance(received, str) and not received.strip()):
        raise UserError("say when the request was received: --received DD/MM/YYYY")
    day = not_future(parse_date(received, "--received"), "--received", ws.today())
    known = _aliases(aliases)

    def change(s: Session) -> int:
        user = acting_user(s, login)
        require(user, "sar", WHAT)
        who, name = None, None
        if person and person.strip():
            try:
                who = _not_self(user, find_person(s, person, "PERSON"))
            except NotFound:
                raise NotFound(f"no one called {quote(person.strip())} in the register: check the "
                               "name (casework people), or for someone outside it give "
                               "--requester NAME") from None
            name = who.name
        else:
            name = clean_name(requester, "requester's name")
        same = (SubjectAccess.person_id == who.id if who else
                func.lower(SubjectAccess.requester) == func.lower(name))
        already = s.execute(select(SubjectAccess).where(same, SubjectAccess.status == "open")
                            ).scalars().first()
        if already is not None:
            raise Refused(f"{name} already has request {already.id} open, received "
                          f"{already.received.isoformat()} and due {already.due.isoformat()}: "
                          "answer it first (a second request meanwhile is the same one)")
        row = SubjectAccess(person_id=who.id if who else None, requester=name,
                            aliases="\n".join(known), received=day,
                            due=due_day(ws.calendar, day), opened_by=user.id,
                            opened_at=audit.now_utc())
        s.add(row)
        s.flush()
        audit.append(s, user.login, "sar", None, None, None, {
            "sar_id": row.id, "step": "open", "person_id": row.person_id,
            "requester_sha256": sha256_text(name), "aliases": len(known),
            "received": day.isoformat(), "due": row.due.isoformat()})
        return row.id

    return write(ws.engine, change)


def extend_request(ws: Workspace, login: str, sar_id, months, reason: str | None) -> date:
    """Returns the new due day."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_EXTENSION:
        raise UserError(f"--months must be 1 or 2: a request may be extended by up to "
                        f"{MAX_EXTENSION} further months (UK GDPR Art. 12(3))")
    text = clean_text(reason, "reason", "say why the request needs longer (it is complex, or "
                      "the requester made many)", MAX_REASON)
    number = request_number(sar_id)
    today = ws.today()

    def change(s: Session) -> date:
        user = acting_user(s, login)
        require(user, "sar", WHAT)
        row = _load(s, number)
        still_open(row)
        if row.extended_months + months > MAX_EXTENSION:
            raise Refused(f"request {row.id} is already extended by {row.extended_months} "
                          f"month{'s' if row.extended_months != 1 else ''}; the most is "
                          f"{MAX_EXTENSION} beyond the first month")
        told_by = month_ends(ws.calendar, row.received)
        if today > told_by:
            raise Refused(f"request {row.id}'s first month ended on {told_by.isoformat()}: an "
                          "extension must be told to the requester within it (UK GDPR Art. 12(3))")
        row.extended_months += months
        row.due = due_day(ws.calendar, row.received, row.extended_months)
        row.extension_reason = text if not row.extension_reason else f"{row.extension_reason}\n{text}"
        s.add(row)
        audit.append(s, user.login, "sar", None, None, None, {
            "sar_id": row.id, "step": "extend", "months": months, "due": row.due.isoformat(),
            "reason_sha256": sha256_text(text)})
        return row.due

    return write(ws.engine, change)


def answer_request(ws: Workspace, login: str, sar_id, pack: str | Path | None,
                   on: str | date | None = None) -> str:
    """Marks the request answered with the pack sent, which must be the newest one casework
    made for it; returns the pack's SHA-256."""
    number = request_number(sar_id)
    if pack is None or not str(pack).strip():
        raise UserError("name the pack sent: --pack FILE (the response PDF casework sar pack wrote)")
    path = user_path(pack)
    if path.is_dir():
        found = sorted(path.glob(f"sar-{number}-response.pdf"))
        if not found:
            raise UserError(f"--pack {pack}: no sar-{number}-response.pdf in that folder")
        path = found[0]
    if not path.is_file():
        raise UserError(f"--pack {pack}: no such file")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    day = not_future(parse_date(on, "--on") or ws.today(), "--on", ws.today())

    def change(s: Session) -> str:
        user = acting_user(s, login)
        require(user, "sar", WHAT)
        row = _load(s, number)
        still_open(row)
        if row.packed_sha256 is None:
            raise Refused(f"request {row.id} has no pack yet: make one with casework sar pack "
                          f"{row.id} --out DIR")
        if digest != row.packed_sha256:
            raise Refused(f"{path.name} is not the newest pack made for request {row.id}; send "
                          f"that one, or make it again with casework sar pack {row.id} --out DIR")
        if day < row.received:
            raise UserError(f"--on {day.isoformat()} is before the request was received "
                            f"({row.received.isoformat()})")
        row.status, row.answered = "answered", day
        s.add(row)
        audit.append(s, user.login, "sar", None, None, None, {
            "sar_id": row.id, "step": "answer", "sha256": digest, "on": day.isoformat(),
            "late": day > row.due})
        return digest

    return write(ws.engine, change)


def list_requests(ws: Workspace, login: str, open_only: bool = False) -> list[dict]:
    today = ws.today()
    with read(ws.engine) as s:
        require(acting_user(s, login), "sar", WHAT)
        q = select(SubjectAccess).order_by(SubjectAccess.due, SubjectAccess.id)
        if open_only:
            q = q.where(SubjectAccess.status == "open")
        return [_row(r, today) for r in s.execute(q).scalars()]


def requests_due(ws: Workspace, login: str, until: date) -> list[dict] | None:
    """Open requests due by `until` (or overdue), for those who answer them; None for others,
    whose lists never say whether anyone asked."""
    today = ws.today()
    with read(ws.engine) as s:
        if acting_user(s, login).role not in MO:
            return None
        rows = s.execute(select(SubjectAccess).where(
            SubjectAccess.status == "open", SubjectAccess.due <= until)
            .order_by(SubjectAccess.due, SubjectAccess.id)).scalars()
        return [_row(r, today) for r in rows]


def request_number(sar_id) -> int:
    text = str(sar_id).strip().lstrip("#")
    if not text.isdigit() or not 0 < int(text) < 2**31:
        raise UserError(f"{quote(str(sar_id))} is not a request number: see casework sar list")
    return int(text)


def load_request(s: Session, sar_id) -> SubjectAccess:
    return _load(s, request_number(sar_id))


def names_of(row: SubjectAccess, person: Person | None) -> list[str]:
    """Every name the requester goes by, as the register and the request have them."""
    return [person.name if person else row.requester, *[a for a in row.aliases.split("\n") if a]]


def open_for(s: Session, person: str) -> SubjectAccess:
    """The open request of someone named in the register, or by the name they asked under."""
    who = s.execute(select(Person.id).where(func.lower(Person.name) == func.lower(person.strip()))
                    ).scalar_one_or_none()
    q = select(SubjectAccess).where(SubjectAccess.status == "open")
    q = q.where(SubjectAccess.person_id == who) if who is not None else q.where(
        func.lower(SubjectAccess.requester) == func.lower(person.strip()))
    rows = s.execute(q.order_by(SubjectAccess.id.desc())).scalars().all()
    if not rows:
        raise NotFound(f"no open subject access request from {quote(person.strip())}: open one "
                       "first (casework sar open PERSON --received DD/MM/YYYY)")
    return rows[0]


def _row(r: SubjectAccess, today: date) -> dict:
    return {"id": r.id, "requester": r.requester, "in_register": r.person_id is not None,
            "received": r.received.isoformat(), "due": r.due.isoformat(),
            "extended_months": r.extended_months, "status": r.status,
            "answered": r.answered.isoformat() if r.answered else None,
            "overdue": r.status == "open" and r.due < today,
            "days_left": (r.due - today).days if r.status == "open" else None}


def _load(s: Session, number: int) -> SubjectAccess:
    row = s.get(SubjectAccess, number)
    if row is None:
        raise NotFound(f"no subject access request {number}: see casework sar list")
    return row


def still_open(row: SubjectAccess) -> None:
    if row.status != "open":
        raise Refused(f"request {row.id} was answered on {row.answered.isoformat()}; open a new "
                      "request if the person asks again")


def _not_self(user, who: Person) -> Person:
    if user.person_id is not None and user.person_id == who.id:
        raise Refused("a request about yourself is answered by a deputy, not by you")
    return who


def _aliases(aliases) -> list[str]:
    known = []
    for a in aliases or ():
        name = clean_name(a, "--alias")
        if len(name) < 3:
            raise UserError(f"--alias {quote(name)} is too short to search papers for; give a "
                            "fuller name")
        if name.casefold() not in {k.casefold() for k in known}:
            known.append(name)
    if len(known) > MAX_ALIASES:
        raise UserError(f"give at most {MAX_ALIASES} other names (--alias)")
    return known
