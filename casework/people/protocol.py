"""Who has signed the Member/Officer Relations Protocol, and what training each person has had.

Seed 003 (South Ribble, 2.2): every Member, every tier 1-4 officer, and any officer whose post
is politically restricted signs the protocol. A case's parties show where they stand, because
a complaint about someone who never signed it, or was never trained on it, reads differently.
"""

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import UserError, quote
from casework.inputs import clean_name, not_future, parse_date
from casework.people.directory import find_person
from casework.people.standing import TIERS, standing_from
from casework.transaction import read, write
from casework.workspace import Workspace
from db.models import Person, Training, User


def parse_tier(value, what: str = "--tier") -> int | None:
    """1-4, or none; 'Tier 2' and a spreadsheet's 2.0 mean 2."""
    if value is None or isinstance(value, bool):
        return None if value is None else _bad_tier(value, what)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and int(value) in TIERS:
            return int(value)
        _bad_tier(value, what)
    text = str(value).strip().lower()
    if text in ("", "none", "-", "n/a", "0"):
        return None
    text = text.removeprefix("tier").strip()
    # Only 0-9: str.isdigit() also takes superscripts such as "¹", which int() refuses.
    if text.isascii() and text.isdigit() and int(text) in TIERS:
        return int(text)
    _bad_tier(value, what)


def _bad_tier(value, what: str):
    raise UserError(f"{what} {quote(value)} is not a tier: write 1, 2, 3 or 4 "
                    "(tiers 1-4 sign the protocol), or none")


def check_tier(kind: str, tier: int | None) -> None:
    if tier is not None and kind != "officer":
        raise UserError("a tier applies to officers; Members sign the protocol whatever their role")


def clean_course(course: str | None) -> str:
    return clean_name(course, "course")


def sign(ws: Workspace, login: str, name: str, on: str | date | None = None) -> date:
    return _dated(ws, login, name, on, "protocol_signed", "person-sign")


def left_office(ws: Workspace, login: str, name: str, on: str | date | None = None) -> date:
    """Records that a Member left office. Their cases continue; only the sanctions that need a
    serving member are refused from then on."""
    return _dated(ws, login, name, on, "left_office", "person-left-office", members_only=True)


def _dated(ws: Workspace, login: str, name: str, on, column: str, action: str,
           members_only: bool = False) -> date:
    """Sets one dated fact of the register (not in the future), with the day it replaced."""
    today = ws.today()
    day = not_future(parse_date(on, "--on") or today, "--on", today)

    def change(s: Session) -> date:
        actor = acting_user(s, login)
        require(actor, "people", "change the register")
        person = find_person(s, name, "NAME")
        if members_only and person.kind != "member":
            raise UserError(f"{quote(person.name)} is an officer; only a Member leaves office")
        previous = getattr(person, column)
        setattr(person, column, day)
        audit.append(s, actor.login, action, data={
            "person_id": person.id, "name": person.name, "on": day.isoformat(),
            "previous": previous.isoformat() if previous else None})
        return day

    return write(ws.engine, change)


def set_tier(ws: Workspace, login: str, name: str, tier) -> int | None:
    tier = parse_tier(tier, "TIER")

    def change(s: Session) -> int | None:
        actor = acting_user(s, login)
        require(actor, "people", "change the register")
        person = find_person(s, name, "NAME")
        check_tier(person.kind, tier)
        previous = person.tier
        person.tier = tier
        audit.append(s, actor.login, "person-tier", data={
            "person_id": person.id, "name": person.name, "tier": tier, "previous": previous})
        return tier

    return write(ws.engine, change)


def train(ws: Workspace, login: str, name: str, course: str, on: str | date | None = None) -> date:
    course = clean_course(course)
    today = ws.today()
    day = not_future(parse_date(on, "--on") or today, "--on", today)

    def change(s: Session) -> date:
        actor = acting_user(s, login)
        require(actor, "people", "change the register")
        person = find_person(s, name, "NAME")
        add_training(s, actor, person, course, day)
        return day

    return write(ws.engine, change)


def add_training(s: Session, actor: User, person: Person, course: str, day: date,
                 source: dict | None = None) -> None:
    """Inside the caller's transaction, with its audit event."""
    same = s.execute(select(Training.id).where(
        Training.person_id == person.id, func.lower(Training.course) == course.lower(),
        Training.completed == day)).first()
    if same:
        raise UserError(f"{person.name}'s {quote(course)} on {day.isoformat()} is already recorded")
    row = Training(person_id=person.id, course=course, completed=day, recorded_by=actor.id,
                   recorded_at=audit.now_utc())
    s.add(row)
    s.flush()
    audit.append(s, actor.login, "person-train", data={
        "person_id": person.id, "name": person.name, "course": course, "on": day.isoformat(),
        "training_id": row.id, **(source or {})})


def standing(s: Session, people: list[Person]) -> dict[int, dict]:
    """Each person's signature and training, for case views and the register: one query."""
    ids = [p.id for p in people]
    return standing_from(people, s.execute(training_of(ids)) if ids else ())


def training_of(person_ids):
    """The training of people (`person_ids` values or expressions), as standing_from takes it."""
    return (select(Training.person_id, Training.course, Training.completed)
            .where(Training.person_id.in_(person_ids))
            .order_by(Training.completed.desc(), Training.id.desc()))


def person_record(ws: Workspace, login: str, name: str) -> dict:
    with read(ws.engine) as s:
        acting_user(s, login)
        person = find_person(s, name, "NAME")
        return _record(s, person, standing(s, [person])[person.id])


def register_records(ws: Workspace, login: str, kind: str | None = None,
                     unsigned: bool = False) -> list[dict]:
    """The register with each person's standing; `unsigned`: only those who should have
    signed and have not."""
    with read(ws.engine) as s:
        acting_user(s, login)
        q = select(Person).order_by(Person.name)
        if kind:
            q = q.where(Person.kind == kind)
        people = list(s.execute(q).scalars())
        st = standing(s, people)
        names = {p.id: p.name for p in people}
        missing = [i for p in people if (i := p.manager_id) and i not in names]
        if missing:
            names.update(s.execute(select(Person.id, Person.name).where(Person.id.in_(missing))).all())
        records = [_record(s, p, st[p.id], names) for p in people]
    return [r for r in records if r["protocol_missing"]] if unsigned else records


def _record(s: Session, p: Person, st: dict, names: dict | None = None) -> dict:
    if names is None:
        names = dict(s.execute(select(Person.id, Person.name).where(Person.id == p.manager_id)).all())
    return {"name": p.name, "kind": p.kind, "service": p.service,
            "manager": names.get(p.manager_id), "politically_restricted": p.politically_restricted,
            "tier": p.tier, "statutory_post": p.statutory_post,
            "left_office": p.left_office.isoformat() if p.left_office else None,
            "restricted_until": p.restricted_until.isoformat() if p.restricted_until else None,
            **st}
