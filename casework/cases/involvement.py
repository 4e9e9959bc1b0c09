"""Recording who else is in a case: witnesses, earlier advisers on the matter, and the members
of the panels that assess and hear a complaint about a Member. What each bars is in
casework.workflow.involvement; the guards read it from the case's facts."""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from casework.audit import chain as audit
from casework.cases.casefile import claim
from casework.cases.papers import open_for_change
from casework.errors import Refused, UserError, quote
from casework.inputs import effective_day
from casework.people.directory import find_person
from casework.transaction import read, write
from casework.workflow.involvement import CAPACITIES, PANELS, conflict_of, roles_from
from casework.workflow.roles import may
from casework.workspace import Workspace
from db.models import CaseRole, Person


def involve(ws: Workspace, ref: str, name: str, capacity: str, login: str,
            on: str | date | None = None, expected_version: int | None = None) -> str:
    """Records NAME as in the case in `capacity`; returns their name as the register has it."""
    capacity = (capacity or "").strip().lower()
    if capacity not in CAPACITIES:
        raise UserError(f"{quote(capacity)} is not a way to be in a case; use one of: "
                        + ", ".join(CAPACITIES))
    seen = [expected_version]

    def change(s: Session) -> str:
        user, case, ctx = open_for_change(s, ws, ref, login, seen)
        if not may(user.role, "involve"):
            raise Refused("only the Monitoring Officer, a deputy, HR or a committee clerk records "
                          f"who is in a case; you are signed in as {user.login}")
        if capacity in PANELS and case.route != "member":
            raise Refused(f"{case.ref} is a complaint about an Officer; the Standards Committee's "
                          "panels sit on complaints about Members")
        person = find_person(s, name, "NAME")
        held = ctx.involved.get(person.id, set())
        # A reopened case's new hearing seats its panel again, the same members or others.
        now = ctx.seated.get(person.id, set()) if capacity in PANELS else held
        if capacity in now:
            raise Refused(f"{person.name} is already {CAPACITIES[capacity]} in {case.ref}")
        _may_sit(case, person, capacity, held)
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        claim(s, case, seen[0])
        s.add(CaseRole(case_id=case.id, person_id=person.id, capacity=capacity,
                       recorded_by=user.id, recorded_at=audit.now_utc()))
        audit.append(s, user.login, "involve", case.ref, None, None,
                     {"person_id": person.id, "name": person.name, "capacity": capacity,
                      "on": day.isoformat()},
                     case_version=case.version)
        return person.name

    return write(ws.engine, change)


def _may_sit(case, person: Person, capacity: str, held: set[str]) -> None:
    """Natural justice: a party, a witness or an adviser does not sit in judgment, and nobody
    sits on both the panel that assessed a complaint and the one that hears it."""
    if capacity not in PANELS:
        return
    if person.id in (case.subject_id, case.complainant_id):
        raise Refused(f"{person.name} is a party to {case.ref} and cannot sit on its panels")
    if conflict_of(held):
        raise Refused(f"{person.name} is {conflict_of(held)} in {case.ref} and "
                      "cannot sit on its panels")
    other = ({"assessment-panel", "hearing-panel"} - {capacity}).pop()
    if other in held:
        raise Refused(f"{person.name} sat on the panel that assessed {case.ref}, so cannot sit on "
                      "the panel that hears it (natural justice): choose another member"
                      if capacity == "hearing-panel" else
                      f"{person.name} is on the panel that hears {case.ref}, so cannot have "
                      "assessed it")


def involved(ws: Workspace, case_id: int) -> list[dict]:
    """Who is in a case besides its parties, in the order they were recorded."""
    with read(ws.engine) as s:
        return roles_of(s, case_id)


def roles_of(s: Session, case_id: int) -> list[dict]:
    return roles_from(s.execute(roles_read(case_id)).all())


def roles_read(case_id):
    """Who else is in a case, as roles_from takes them (`case_id` a value or an expression)."""
    return (select(Person.name, CaseRole.capacity, CaseRole.recorded_at)
            .join(Person, Person.id == CaseRole.person_id)
            .where(CaseRole.case_id == case_id).order_by(CaseRole.id))
