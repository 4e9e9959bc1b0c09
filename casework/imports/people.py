"""`casework import people FILE`: the register of Members and Officers from a sheet."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from casework.audit import chain as audit
from casework.errors import UserError, quote
from casework.imports import cells
from casework.imports.run import Report, run
from casework.imports.sheet import Column, Row, Sheet, rows
from casework.inputs import clean_name
from casework.people.protocol import add_training, check_tier, parse_tier
from casework.workspace import Workspace
from db.models import Person, User

COLUMNS = [
    Column("name", True, "the person's full name, e.g. Cllr Ann Jones", ("full_name",)),
    Column("kind", True, "member or officer", ("type", "member_or_officer")),
    Column("service", False, "", ("directorate", "ward", "ward_or_group", "department")),
    Column("manager", False, "", ("line_manager",)),
    Column("politically_restricted", False, "", ("restricted", "politically_restricted_post")),
    Column("protocol_signed", False, "", ("signed", "signed_protocol", "date_signed")),
    Column("tier", False, "", ("officer_tier",)),
    Column("training_course", False, "", ("course", "training")),
    Column("training_date", False, "", ("trained", "training_completed", "course_date")),
]
KINDS = {"member": "member", "councillor": "member", "cllr": "member",
         "officer": "officer", "employee": "officer", "staff": "officer"}


@dataclass
class Entry:
    line: int
    sha256: str
    name: str
    kind: str
    service: str | None
    manager: str | None
    restricted: bool
    signed: date | None
    tier: int | None
    course: str | None
    trained: date | None


def import_people(ws: Workspace, login: str, path: str, dry_run: bool = False) -> Report:
    return run(ws, login, path, "people", _apply, dry_run)


def _apply(s: Session, ws: Workspace, actor: User, sheet: Sheet, report: Report) -> None:
    found, report.ignored = rows(sheet, COLUMNS)
    today = ws.today()
    known = {n.lower(): (i, k) for i, n, k in s.execute(select(Person.id, Person.name, Person.kind))}
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    # Every name in the sheet and its kind as written: a manager may be on a later row,
    # since a register sorted by name lists staff before their managers.
    in_sheet = {str(r.values["name"]).strip().lower(): KINDS.get(str(r.values.get("kind")).strip().lower())
                for r in reversed(found) if r.values.get("name") is not None}
    for row in found:
        entry = _entry(row, today)
        name = row.values.get("name")
        key = str(name).strip().lower() if name is not None else None
        if key:
            if key in known:
                row.problems.append(f"{quote(str(name).strip())} is already in the register "
                                    "(casework people show NAME)")
            elif key in first_line:
                row.problems.append(f"{quote(str(name).strip())} is also on line {first_line[key]}: "
                                    "each person once")
            else:
                first_line[key] = row.line
        if entry and entry.manager:
            _check_manager(row, entry, known, in_sheet)
        if row.problems:
            report.refused.append((row.line, "; ".join(row.problems)))
        elif entry:
            entries.append(entry)
    _write(s, actor, entries, known, report)


def _entry(row: Row, today: date) -> Entry | None:
    v = row.values
    got = cells.read_row(v, (
        ("name", lambda x, c: clean_name(cells.required(cells.text(x, c), c, "the full name"), "name")),
        ("kind", _kind),
        ("service", cells.text),
        ("manager", cells.text),
        ("politically_restricted", cells.flag),
        ("protocol_signed", lambda x, c: cells.past(cells.day(x, c), c, today)),
        ("tier", lambda x, c: parse_tier(x, c)),
        ("training_course", cells.text),
        ("training_date", lambda x, c: cells.past(cells.day(x, c), c, today)),
    ), row.problems)
    if got is None:
        return None
    try:
        check_tier(got["kind"], got["tier"])
        if got["manager"] and got["kind"] != "officer":
            raise UserError("manager applies to officers; Members have no line manager")
        if got["training_course"] and not got["training_date"]:
            raise UserError("training_course is given without training_date: give the day it "
                            "was completed")
        if got["training_date"] and not got["training_course"]:
            raise UserError("training_date is given without training_course: name the course")
    except UserError as exc:
        row.problems.append(exc.message)
        return None
    return Entry(row.line, row.sha256, got["name"], got["kind"], got["service"], got["manager"],
                 got["politically_restricted"], got["protocol_signed"], got["tier"],
                 got["training_course"], got["training_date"])


def _kind(value, column: str) -> str:
    text = cells.required(cells.text(value, column), column, "member or officer")
    kind = KINDS.get(text.lower())
    if kind is None:
        raise UserError(f"kind {quote(text)} is not member or officer")
    return kind


def _check_manager(row: Row, entry: Entry, known: dict, in_sheet: dict) -> None:
    key = entry.manager.lower()
    if key == entry.name.lower():
        row.problems.append("a person cannot be their own manager")
        return
    if key in known:
        kind = known[key][1]
    elif key in in_sheet:
        kind = in_sheet[key]
    else:
        row.problems.append(f"manager {quote(entry.manager)} is neither in the register nor "
                            "in this sheet: add them, or leave manager blank")
        return
    if kind == "member":
        row.problems.append(f"manager {quote(entry.manager)} is a Member; a line manager is an officer")


def _write(s: Session, actor: User, entries: list[Entry], known: dict, report: Report) -> None:
    made: dict[str, Person] = {}
    for e in entries:
        person = Person(name=e.name, kind=e.kind, service=e.service,
                        politically_restricted=e.restricted, protocol_signed=e.signed, tier=e.tier)
        s.add(person)
        made[e.name.lower()] = person
    s.flush()
    for e in entries:
        person = made[e.name.lower()]
        if e.manager:
            boss = made.get(e.manager.lower())
            person.manager_id = boss.id if boss else known.get(e.manager.lower(), (None,))[0]
        audit.append(s, actor.login, "person-add", data={
            "person_id": person.id, "name": e.name, "kind": e.kind, "manager": e.manager,
            "tier": e.tier, "protocol_signed": e.signed.isoformat() if e.signed else None,
            **report.source(e.line, e.sha256)})
        if e.course:
            add_training(s, actor, person, e.course, e.trained, report.source(e.line, e.sha256))
        report.created.append((e.line, _describe(e)))


def _describe(e: Entry) -> str:
    parts = [f"{e.kind} {e.name}"]
    if e.service:
        parts.append(e.service)
    if e.manager:
        parts.append(f"manager {e.manager}")
    if e.tier:
        parts.append(f"tier {e.tier}")
    if e.restricted:
        parts.append("politically restricted")
    parts.append(f"signed {e.signed.isoformat()}" if e.signed else "not signed")
    if e.course:
        parts.append(f"training {e.course} {e.trained.isoformat()}")
    return " · ".join(parts)
