"""Moving a case along its route: the change a Monitoring Officer makes many times a day.

It reads and writes with Core statements rather than ORM objects: the unit of work cost
several times what the rows themselves cost (bench/advance.py). It decides (the guards, the
route's machine fired on the case as read, the audit event made ready) before it writes, and
writes holding SQLite's write lock only for that (casework.transaction.decide_then_write).
"""

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from casework.audit import chain as audit_chain
from casework.audit.prepared import Prepared, append_prepared, fresh_head, prepare
from casework.cases.casefile import CASES, CaseRow, check_version, guard_context, read_for_change
from casework.errors import Checks, Conflict, Refused, UserError, quote
from casework.inputs import MAX_NOTE, clean_text, not_future, parse_date
from casework.profile.deadlines import due_date
from casework.transaction import decide_then_write
from casework.workflow.assessment import NFA_REASONS
from casework.workflow.events import PAUSE_REASONS, PAUSES, RETURNING, event_phrase, normalise_event
from casework.workflow.routes import all_events, events_from, route_class, target_of
from casework.workflow.stages import CLOCK_STOPPED, ENDED, ROUTE_TITLES, state_title
from casework.workspace import Workspace
from db.models import AuditEvent, CaseDisposal, Note

NOTES = Note.__table__
_NOTE = NOTES.insert().returning(NOTES.c.id)
# The case taken for this change, if still at the version read, and moved (casefile.claim).
_CLAIM_MOVE = update(CASES).where(CASES.c.id == bindparam("case_id"),
                                  CASES.c.version == bindparam("seen")).values(
    version=bindparam("next"), state=bindparam("state"), stage_entered=bindparam("entered"),
    next_due=bindparam("due"), is_open=bindparam("open"), paused_from=bindparam("paused_from"),
    paused_due=bindparam("paused_due"))
_BY_REF = CASES.c.ref == bindparam("ref")
# Read with the case (casefile.read_for_change): whether its records were disposed of, which
# only reopening an ended case asks, and the reason a paused case was paused for, which a
# review keeps.
_DISPOSED = select(CaseDisposal.disposed_at).where(
    CaseDisposal.case_id == select(CASES.c.id).where(_BY_REF).scalar_subquery())
_EVENTS = AuditEvent.__table__
_PAUSE_REASON = select(_EVENTS.c.data).where(
    _EVENTS.c.case_ref == bindparam("ref"), _EVENTS.c.action == "transition",
    _EVENTS.c.to_state.in_(CLOCK_STOPPED)).order_by(_EVENTS.c.seq.desc()).limit(1)


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


@dataclass
class Terms:
    """What a pause records (why, and when the Monitoring Officer looks at it again), or why a
    complaint goes no further."""
    reason: str | None = None
    review: date | None = None


class _Recorder:
    """Listens to the machine: on its transition it works out the case's new stage and derived
    dates and the audit event, written later under the write lock (record_move)."""

    def __init__(self, conn, ws: Workspace, case: CaseRow, user, note, on: date, terms: Terms,
                 key: tuple):
        self.conn, self.ws, self.case, self.user, self.note, self.on, self.terms, self.key = (
            conn, ws, case, user, note, on, terms, key,
        )
        self.move: dict | None = None
        self.event: Prepared | None = None

    def after_transition(self, event, source, target) -> None:
        case, event = self.case, str(event)
        data = {"event": event, "on": self.on.isoformat()}
        paused_from, paused_due = case.paused_from, case.paused_due
        entered = self.on
        due = due_date(self.ws.profile, self.ws.calendar, target.id, self.on)
        if event == "review_pause":
            entered = case.stage_entered  # still paused since then; only the review moves
        if event == "no_further_action":
            data.update(reason=self.terms.reason)
        if target.id in CLOCK_STOPPED:
            due = self.terms.review
            data.update(reason=self.terms.reason,
                        review=self.terms.review.isoformat() if self.terms.review else None)
            if source.id not in CLOCK_STOPPED:
                paused_from, paused_due = source.id, case.next_due
        elif event == "withdraw":
            # Remembered, should the Monitoring Officer continue it in the public interest.
            paused_from, paused_due = source.id, case.next_due
        elif event in RETURNING:
            # The clock ran again from today: what was due is moved by the working days stopped.
            paused = self.ws.calendar.working_days_between(case.stage_entered, self.on)
            if paused_due is not None:
                due = self.ws.calendar.add_working_days(paused_due, paused)
            data.update(paused_working_days=paused, due=due.isoformat() if due else None)
            paused_from = paused_due = None
        else:
            paused_from = paused_due = None
        self.move = {
            "case_id": case.id, "state": target.id, "entered": entered, "due": due,
            "open": target.id not in ENDED, "paused_from": paused_from, "paused_due": paused_due,
        }
        if self.note:
            data.update(note_sha256=sha256_text(self.note))
        self.event = prepare(self.conn, self.user.login, "transition", case.ref, source.id,
                             target.id, data, case.version + 1, self.key)


class _Bound:
    """What a route's machine is made with: the case's stage, its guards and its recorder as
    one object, bound to the change at hand (casework.workflow.routes: one condition,
    `guards_pass`; one hook, `after_transition`)."""

    def __init__(self, resting: str):
        self.resting = resting  # a stage to show while bound to no case, so none is entered
        self.case = self.guards = self.recorder = None

    def bind(self, case: CaseRow | None, guards=None, recorder: _Recorder | None = None) -> None:
        self.case, self.guards, self.recorder = case, guards, recorder

    @property
    def state(self) -> str:
        return self.case.state if self.case is not None else self.resting

    @state.setter
    def state(self, value: str) -> None:
        self.case.state = value

    def guards_pass(self, event, source, target) -> bool:
        return self.guards.guards_pass(event, source, target)

    def after_transition(self, event, source, target) -> None:
        self.recorder.after_transition(event, source, target)


# Making a route's machine looks up every callback name it knows (about a millisecond, a
# quarter of an advance): each thread keeps one per route and binds it to each change. The
# machine reads the stage from its object every time it acts.
_kept = threading.local()


def _machine(route: str):
    machines = vars(_kept)
    if route not in machines:
        cls = route_class(route)
        bound = _Bound(next(st.id for st in cls.states if st.initial))
        machines[route] = (cls(model=bound), bound)
    return machines[route]


def _fire(route: str, event: str, case: CaseRow, guards, recorder: _Recorder) -> None:
    machine, bound = _machine(route)
    bound.bind(case, guards, recorder)
    try:
        machine.send(event)
    except BaseException:
        vars(_kept).pop(route, None)  # whatever the machine was left holding goes with it
        raise
    finally:
        bound.bind(None)  # the change's session and rows are not kept past it


def event_terms(event: str, reason: str | None, review: str | date | None, day: date | None,
                found: Checks | None = None) -> Terms:
    """--reason and --review belong to the events that stop the clock, and those need them;
    no further action needs a --reason of its own. What is wrong with either is said at once,
    with anything `found` wrong before (`day` None: the day itself was wrong)."""
    checks = Checks(found.found if found else None)
    review_day, unread = None, len(checks.found)
    with checks.about("review"):
        review_day = parse_date(review, "--review")
    unread = len(checks.found) > unread  # a review date given that is no date
    reason = reason.strip().lower() if reason and reason.strip() else None
    if event == "no_further_action":
        with checks.about("review"):
            if review_day:
                raise UserError("--review is for a pause; no further action takes none")
        with checks.about("reason"):
            if reason not in NFA_REASONS:
                said = (f"--reason {quote(reason)} is not a reason for no further action" if reason
                        else "no further action needs --reason, which the annual report counts")
                raise UserError(f"{said}; use one of: " + ", ".join(NFA_REASONS))
        checks.settle()
        return Terms(reason)
    if event not in PAUSES and event != "refer_to_ombudsman":
        checks.settle()
        if reason or review_day:
            raise UserError(f"--reason and --review are for a pause or no further action; "
                            f"{event_phrase(event)} takes neither")
        return Terms()
    with checks.about("reason"):
        if event == "refer_to_police":
            if reason not in (None, "police"):
                raise UserError("a referral to the police pauses for the police: leave out --reason")
            reason = "police"
        elif event == "refer_to_ombudsman":
            reason = "ombudsman"
        elif event == "pause" and reason not in PAUSE_REASONS:
            said = f"--reason {quote(reason)} is not a reason for a pause" if reason else "a pause needs --reason"
            raise UserError(f"{said}; use one of: " + ", ".join(PAUSE_REASONS))
    with checks.about("review"):
        if review_day is None and event != "refer_to_ombudsman" and not unread:
            raise UserError("a pause needs a review date, when the Monitoring Officer looks at it "
                            "again: --review YYYY-MM-DD")
        if review_day is not None and day is not None and review_day <= day:
            raise UserError(f"--review {review_day.isoformat()} must be after the day of the pause "
                            f"({day.isoformat()})")
    checks.settle()
    return Terms(reason, review_day)


def advance(
    ws: Workspace, ref: str, event: str, login: str, note: str | None = None,
    on: str | date | None = None, expected_version: int | None = None,
    reason: str | None = None, review: str | date | None = None,
) -> Moved:
    """`reason` and `review` are the terms of a pause (pause, refer_to_police, review_pause) or
    of a referral to the Ombudsman (an optional review date)."""
    event = normalise_event(event)
    if not event:
        raise UserError(f"name the event to fire; casework show {ref} lists those the case allows")
    note = clean_text(note, "note", "say why", MAX_NOTE) if note and note.strip() else None
    today = ws.today()
    found, day = Checks(), None
    with found.about("on"):
        day = not_future(parse_date(on, "--on") or today, "--on", today)
    terms = event_terms(event, reason, review, day, found)

    def decide(s: Session) -> _Plan:
        more = [(_DISPOSED, {"ref": ref.strip().upper()})]
        if event == "review_pause":
            more.append((_PAUSE_REASON, {"ref": ref.strip().upper()}))
        found = read_for_change(s, login, ref, more)
        user, case = found.user, found.case
        # Decided again once overtaken, on what is there then: as a change that had waited
        # for the write lock before reading would have.
        seen = case.version if expected_version is None else expected_version
        check_version(case, seen)
        source = case.state
        if event not in all_events(case.route):
            raise UserError(
                f"{quote(event)} is not an event of a complaint {ROUTE_TITLES[case.route]}; "
                f"possible now: {', '.join(events_from(case.route, source)) or 'none'}"
            )
        target = target_of(case.route, source, event)
        if event in RETURNING and target is not None:
            target = case.paused_from or target
        if source in ENDED and target is not None:
            gone = found.more[0][0][0] if found.more[0] else None
            if gone is not None:
                raise Refused(f"{case.ref} was disposed of on {gone[:10]}: its records are gone, "
                              "so it cannot be reopened; log a new complaint instead")
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
        ctx = guard_context(s, ws, case, user, note, terms.reason, day, found.facts)
        reasons = ctx.refusals(event, source, target)
        if reasons:
            raise Refused(f"cannot {event_phrase(event)} on {case.ref}: " + "; ".join(reasons))
        kept = terms
        if event == "review_pause" and not terms.reason:
            # A pause kept on review keeps the reason it was paused for.
            paused = found.more[1][0][0] if found.more[1] else None
            kept = Terms(json.loads(paused).get("reason") if paused else None, terms.review)
        recorder = _Recorder(s.connection(), ws, case, user, note, day, kept, found.key)
        _fire(case.route, event, case, ctx, recorder)  # moves only `case`, read and detached
        return _Plan(case, seen, user.id, source, recorder.move, recorder.event)

    def record(s: Session, plan: _Plan) -> Moved:
        head = fresh_head(s.connection(), plan.event)
        return record_move(s, plan, note, day, head)

    return decide_then_write(ws.engine, decide, record)


@dataclass
class _Plan:
    case: CaseRow  # at its new stage, its version the one read
    seen: int
    author_id: int
    source: str
    move: dict
    event: Prepared


def record_move(s: Session, plan: _Plan, note: str | None, day: date, head) -> Moved:
    """Holding the write lock: the case claimed at the version read and moved, the note, the
    event (on PostgreSQL one pipeline, then the commit)."""
    case = plan.case
    writes = [(_CLAIM_MOVE, {**plan.move, "seen": plan.seen, "next": plan.seen + 1})]
    if note:
        writes.append((_NOTE, {
            "case_id": case.id, "author_id": plan.author_id, "kind": "note", "text": note,
            "confidential": False, "amends_id": None, "created_at": audit_chain.now_utc(), "dated": day}))
    done = append_prepared(s, plan.event, head, writes, 1 if note else None)
    if done[0] != 1:
        raise Conflict(case.ref)  # and nothing of it is committed
    return Moved(case.ref, case.route, plan.event.data["event"], plan.source, case.state,
                 plan.seen + 1)
