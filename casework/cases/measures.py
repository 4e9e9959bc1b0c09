"""Putting in place, reviewing and ending the measures a case runs with: an officer's
suspension on full pay, or protection of an officer who complained (the rules and words are in
casework.workflow.measures). Each change is one transaction with its audit event."""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from casework.access.actors import require
from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.casefile import claim
from casework.cases.papers import open_for_change
from casework.errors import NotFound, Refused, UserError, quote
from casework.inputs import MAX_NOTE, clean_text, effective_day, parse_date
from casework.transaction import write
from casework.workflow.measures import ACTION_OF, MEASURES, ROUTE_OF, measures_from
from casework.workflow.stages import ENDED, ROUTE_TITLES, state_title
from casework.workspace import Workspace
from db.models import CaseMeasure, Note

DOING = {"suspension": "suspend the employee", "protective": "put protective measures in place"}


def start_measure(ws: Workspace, ref: str, kind: str, login: str, detail: str,
                  review: str | date | None, on: str | date | None = None,
                  expected_version: int | None = None) -> int:
    """`detail` says why (a suspension) or what (a protective measure); returns the measure's id."""
    kind = (kind or "").strip().lower()
    if kind not in MEASURES:
        raise UserError(f"{quote(kind)} is not a measure; use one of: " + ", ".join(MEASURES))
    detail = clean_text(detail, "--detail", "say why the employee is suspended"
                        if kind == "suspension" else "say what the measure is", MAX_NOTE)
    review_day = _review_day(review)
    seen = [expected_version]

    def change(s: Session) -> int:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, ACTION_OF[kind], DOING[kind])
        if case.route != ROUTE_OF[kind]:
            raise Refused(f"{case.ref} is a complaint {ROUTE_TITLES[case.route]}: "
                          + ("an officer is suspended on a complaint about an Officer"
                             if kind == "suspension" else
                             "protective measures are for an officer who complains about a Member"))
        _open(case)
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        _after(review_day, day)
        if kind == "suspension" and _in_force(s, case.id, kind):
            raise Refused(f"the employee is already suspended on {case.ref}: review or end that "
                          "suspension instead")
        claim(s, case, seen[0])
        measure = CaseMeasure(case_id=case.id, kind=kind, detail=detail, started=day,
                              review=review_day, recorded_by=user.id, recorded_at=audit.now_utc())
        s.add(measure)
        s.flush()
        audit.append(s, user.login, "measure", case.ref, None, None, {
            "measure_id": measure.id, "kind": kind, "step": "start", "on": day.isoformat(),
            "review": review_day.isoformat(), "detail_sha256": sha256_text(detail)},
            case_version=case.version)
        return measure.id

    return write(ws.engine, change)


def review_measure(ws: Workspace, ref: str, measure_id: int, login: str, review: str | date | None,
                   note: str | None, on: str | date | None = None,
                   expected_version: int | None = None) -> date:
    """Keeps a measure in place after a review, until the next; returns its next review date."""
    review_day = _review_day(review)
    return _change(ws, ref, measure_id, login, note, on, expected_version, "review", review_day)


def end_measure(ws: Workspace, ref: str, measure_id: int, login: str, note: str | None,
                on: str | date | None = None, expected_version: int | None = None) -> date:
    """Lifts a suspension or ends a protective measure; returns the day it ended."""
    return _change(ws, ref, measure_id, login, note, on, expected_version, "end", None)


def _change(ws, ref, measure_id, login, note, on, expected_version, step, review_day):
    note = clean_text(note, "--note", "say why", MAX_NOTE)
    seen = [expected_version]

    def change(s: Session) -> date:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        measure = s.get(CaseMeasure, measure_id)
        if measure is None or measure.case_id != case.id:
            raise NotFound(f"no measure {measure_id} on {case.ref}: see them with casework show {case.ref}")
        require(user, ACTION_OF[measure.kind], DOING[measure.kind])
        if measure.ended is not None:
            raise Refused(f"measure {measure_id} on {case.ref} ended on {measure.ended.isoformat()}")
        day = effective_day(on, ws.today(), measure.started, "the measure was put in place")
        if review_day is not None:
            _open(case)
            _after(review_day, day)
        claim(s, case, seen[0])
        # The reason is kept as a note of the case, readable on every face; the trail holds its hash.
        kept = Note(case_id=case.id, author_id=user.id, kind="note", text=note,
                    created_at=audit.now_utc(), dated=day)
        s.add(kept)
        s.flush()
        data = {"measure_id": measure.id, "kind": measure.kind, "step": step, "on": day.isoformat(),
                "note_id": kept.id, "note_sha256": sha256_text(note)}
        if review_day is None:
            measure.ended = day
        else:
            measure.review = review_day
            data["review"] = review_day.isoformat()
        s.add(measure)
        audit.append(s, user.login, "measure", case.ref, None, None, data, case_version=case.version)
        return review_day or day

    return write(ws.engine, change)


def _review_day(review) -> date:
    day = parse_date(review, "--review")
    if day is None:
        raise UserError("a measure is kept under review: say when it is next reviewed "
                        "(--review YYYY-MM-DD on the command line)")
    return day


def _after(review: date, day: date) -> None:
    if review <= day:
        raise UserError(f"--review {review.isoformat()} must be after {day.isoformat()}, "
                        "the day of the change")


def _open(case) -> None:
    if case.state in ENDED:
        raise Refused(f"{case.ref} has ended ({state_title(case.route, case.state)}): no measure "
                      "runs on a case that has ended")


def _in_force(s: Session, case_id: int, kind: str | None = None) -> list[CaseMeasure]:
    query = select(CaseMeasure).where(CaseMeasure.case_id == case_id, CaseMeasure.ended.is_(None))
    if kind:
        query = query.where(CaseMeasure.kind == kind)
    return list(s.execute(query.order_by(CaseMeasure.id)).scalars())


def measures_of(s: Session, case_id: int, today: date) -> list[dict]:
    """A case's measures, in force or ended, as every face shows them."""
    return measures_from(s.execute(measures_read(case_id)).all(), today)


def measures_read(case_id):
    """A case's measures, as measures_from takes them (`case_id` a value or an expression)."""
    table = CaseMeasure.__table__
    return select(table).where(table.c.case_id == case_id).order_by(table.c.id)
