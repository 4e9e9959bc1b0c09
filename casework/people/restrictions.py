"""Complainants the Monitoring Officer restricts as vexatious or unreasonably persistent, for a
time: their later complaints are still received and assessed, and read with the flag beside them."""

from datetime import date

from sqlmodel import Session

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.errors import Refused, UserError
from casework.inputs import parse_date
from casework.people.directory import find_person
from casework.people.standing import restricted
from casework.transaction import read, write
from casework.workflow.roles import MO
from casework.workspace import Workspace


def restrict(ws: Workspace, login: str, name: str, until: str | date | None,
             lift: bool = False) -> date | None:
    """Restricts NAME until a day after today, or lifts the restriction (until None)."""
    day = parse_date(until, "--until")
    if lift == (day is not None):
        raise UserError("say until when with --until YYYY-MM-DD, or lift the restriction with --lift")
    if day is not None and day <= ws.today():
        raise UserError(f"--until {day.isoformat()} has passed; a restriction runs until a later day")

    def change(s: Session) -> date | None:
        actor = acting_user(s, login)
        if actor.role not in MO:
            raise Refused("only the Monitoring Officer or a deputy may restrict a complainant; "
                          f"you are signed in as {actor.login}")
        person = find_person(s, name, "NAME")
        previous = person.restricted_until
        if lift and (previous is None or previous < ws.today()):
            raise Refused(f"{person.name} is not restricted; nothing to lift")
        person.restricted_until = day
        audit.append(s, actor.login, "person-restrict", data={
            "person_id": person.id, "name": person.name,
            "until": day.isoformat() if day else None,
            "previous": previous.isoformat() if previous else None})
        return day

    return write(ws.engine, change)


def restriction_of(ws: Workspace, name: str) -> date | None:
    """The last day of NAME's restriction as a complainant, while it runs."""
    with read(ws.engine) as s:
        until = find_person(s, name, "NAME").restricted_until
    return until if restricted(until, ws.today()) else None
