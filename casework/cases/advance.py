"""Moving a case along its route: the change a Monitoring Officer makes many times a day.

It reads and writes with Core statements bound to the session's connection rather than ORM
objects: the unit of work cost several times what the rows themselves cost (bench/advance.py).
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, update
from sqlmodel import Session

from casework.access.actors import acting_row
from casework.audit import chain as audit
from casework.cases.casefile import CASES, CaseRow, check_version, claim, guard_context, load_case_row
from casework.errors import Refused, UserError, quote
from casework.inputs import MAX_NOTE, clean_text, not_future, parse_date
from casework.profile.deadlines import due_date
from casework.transaction import write
from casework.workflow.events import event_phrase, normalise_event
from casework.workflow.routes import all_events, events_from, route_class, target_of
from casework.workflow.stages import ENDED, ROUTE_TITLES, state_title
from casework.workspace import Workspace
from db.models import Note

NOTES = Note.__table__
_NOTE = NOTES.insert().returning(NOTES.c.id)
_MOVE = update(CASES).where(CASES.c.id == bindparam("case_id")).values(
    state=bindparam("state"), stage_entered=bindparam("entered"), next_due=bindparam("due"),
    is_open=bindparam("open"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Moved:
    ref: str
    route: str
    event: str
    from_state: str
    to_state: str
    version: int


class _Recorder:
    """Listens to the machine: on each transition it writes the case's new stage and
    derived dates, the note and the audit event, inside the transaction that fired it."""

    def __init__(self, session: Session, ws: Workspace, case: CaseRow, user, note, on: date):
        self.session, self.ws, self.case, self.user, self.note, self.on = (
            session, ws, case, user, note, on,
        )

    def after_transition(self, event, source, target) -> None:
        conn = self.session.connection()
        data = {"event": str(event), "on": self.on.isoformat()}
        conn.execute(_MOVE, {
            "case_id": self.case.id, "state": target.id, "entered": self.on,
            "due": due_date(self.ws.profile, self.ws.calendar, target.id, self.on),
            "open": target.id not in ENDED,
        })
        if self.note:
            note_id = conn.execute(_NOTE, {
                "case_id": self.case.id, "author_id": self.user.id, "kind": "note",
                "text": self.note, "confidential": False, "amends_id": None,
                "created_at": audit.now_utc(),
            }).scalar_one()
            data.update(note_id=note_id, note_sha256=sha256_text(self.note))
        audit.append(self.session, self.user.login, "transition", self.case.ref, source.id,
                     target.id, data, case_version=self.case.version)


def advance(
    ws: Workspace, ref: str, event: str, login: str, note: str | None = None,
    on: str | date | None = None, expected_version: int | None = None,
) -> Moved:
    event = normalise_event(event)
    note = clean_text(note, "note", "say why", MAX_NOTE) if note and note.strip() else None
    today = ws.today()
    day = not_future(parse_date(on, "--on") or today, "--on", today)
    seen = [expected_version]

    def change(s: Session) -> Moved:
        user = acting_row(s, login)
        case = load_case_row(s, ref)
        if seen[0] is None:
            seen[0] = case.version  # kept across retries: a retry must not act on newer data
        check_version(case, seen[0])
        source = case.state
        if event not in all_events(case.route):
            raise UserError(
                f"{quote(event)} is not an event of a complaint {ROUTE_TITLES[case.route]}; "
                f"possible now: {', '.join(events_from(case.route, source)) or 'none'}"
            )
        target = target_of(case.route, source, event)
        if target is None:
            possible = ", ".join(events_from(case.route, source)) or "none"
            raise Refused(
                f"{case.ref} is at '{state_title(case.route, source)}', where "
                f"{quote(event)} is not possible; possible now: {possible}"
            )
        if day < case.stage_entered:
            raise UserError(
                f"--on {day.isoformat()} is before {case.ref} entered its current stage "
                f"({case.stage_entered.isoformat()})"
            )
        ctx = guard_context(s, ws, case, user, note)
        reasons = ctx.refusals(event, source, target)
        if reasons:
            raise Refused(f"cannot {event_phrase(event)} on {case.ref}: " + "; ".join(reasons))
        claim(s, case, seen[0])
        machine = route_class(case.route)(
            model=case, listeners=[ctx, _Recorder(s, ws, case, user, note, day)]
        )
        machine.send(event)
        return Moved(case.ref, case.route, event, source, case.state, case.version)

    return write(ws.engine, change)
