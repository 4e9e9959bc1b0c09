"""`casework import cases FILE`: complaints a council is already handling, each brought in at
the stage it has reached, with its deadline counted from the day it entered that stage."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.opening import HANDLER_ROLES, next_reference, route_for
from casework.errors import UserError, quote
from casework.imports import cells
from casework.imports.run import Report, run
from casework.imports.sheet import Column, Row, Sheet, rows
from casework.inputs import MAX_SUMMARY, clean_text
from casework.profile.deadlines import due_date
from casework.profile.history import note_profile_in_use
from casework.words import with_article
from casework.workflow.guards import conflicted_handler
from casework.workflow.roles import ROLE_TITLES
from casework.workflow.stages import ENDED, ROUTE_TITLES, STATE_TITLES, stage_named, state_title
from casework.workspace import Workspace
from db.models import Case, Person, User

COLUMNS = [
    Column("reference", False, "", ("ref", "case_reference", "case_ref", "our_reference")),
    Column("about", True, "the Member or Officer complained about, as named in the register",
           ("subject",)),
    Column("by", True, "who complains, as named in the register", ("complainant",)),
    Column("clause", True, "the clause of the protocol alleged, e.g. 21.9.3", ("protocol_clause",)),
    Column("summary", True, "what the complaint is about", ("description",)),
    Column("received", True, "the day the complaint arrived", ("date_received", "received_on")),
    Column("stage", True, "where the case is today, e.g. Local resolution", ("state", "current_stage")),
    Column("stage_since", False, "", ("entered", "stage_entered", "in_stage_since", "stage_date")),
    Column("handler", False, "", ("handled_by", "handler_login")),
    Column("confidential", False, "", ("restricted",)),
]
MAX_REFERENCE = 40


@dataclass
class Entry:
    line: int
    sha256: str
    ref: str | None
    route: str
    subject: Person
    complainant: Person
    clause: str
    summary: str
    received: date
    stage: str
    since: date
    handler: User
    confidential: bool


def import_cases(ws: Workspace, login: str, path: str, dry_run: bool = False) -> Report:
    return run(ws, login, path, "cases", _apply, dry_run)


def _apply(s: Session, ws: Workspace, actor: User, sheet: Sheet, report: Report) -> None:
    found, report.ignored = rows(sheet, COLUMNS)
    people = {p.name.lower(): p for p in s.execute(select(Person)).scalars()}
    users = {u.login: u for u in s.execute(select(User)).scalars()}
    taken = set(s.execute(select(Case.ref)).scalars())
    refs_in_sheet: dict[str, int] = {}
    entries = []
    for row in found:
        entry = _entry(row, ws, actor, people, users)
        ref = entry.ref if entry else None
        if ref and ref in taken:
            row.problems.append(f"reference {ref} is already a case here: leave it out, or give "
                                "the council's own reference if this is a different case")
        elif ref and ref in refs_in_sheet:
            row.problems.append(f"reference {ref} is also on line {refs_in_sheet[ref]}: each case once")
        elif ref:
            refs_in_sheet[ref] = row.line
        if row.problems:
            report.refused.append((row.line, "; ".join(row.problems)))
        else:
            entries.append(entry)
    # The council's own references first, so a reference made for a row without one never
    # takes a number a later row brings with it.
    for e in sorted(entries, key=lambda e: (e.ref is None, e.line)):
        report.created.append((e.line, _write(s, ws, actor, e, report)))
    report.created.sort()


def _entry(row: Row, ws: Workspace, actor: User, people: dict, users: dict) -> Entry | None:
    v, today = row.values, ws.today()
    got = cells.read_row(v, (
        ("reference", _reference),
        ("about", lambda x, c: _person(x, c, people)),
        ("by", lambda x, c: _person(x, c, people)),
        ("clause", lambda x, c: _clause(x, ws.profile.clauses)),
        ("summary", lambda x, c: clean_text(None if x is None else str(x), "summary",
                                            "say what the complaint is about", MAX_SUMMARY)),
        ("received", lambda x, c: cells.past(cells.required(cells.day(x, c), c, "the day it arrived"), c, today)),
        ("stage_since", lambda x, c: cells.past(cells.day(x, c), c, today)),
        ("handler", lambda x, c: _user(cells.text(x, c), users)),
        ("confidential", cells.flag),
    ), row.problems)
    if got is None:
        return None
    try:
        subject, complainant = got["about"], got["by"]
        if subject.id == complainant.id:
            raise UserError("the complainant and the subject are the same person")
        route = route_for(complainant, subject, ws.profile)
        stage = _stage(v.get("stage"), route)
        since = got["stage_since"] or got["received"]
        if since < got["received"]:
            raise UserError(f"stage_since {since.isoformat()} is before received "
                            f"{got['received'].isoformat()}")
        if actor.person_id in (subject.id, complainant.id):
            raise UserError(f"you ({actor.login}) are a party to this complaint; a deputy must "
                            "import it")
        # The importer is the Monitoring Officer or a deputy, and not a party (checked above).
        handler = got["handler"] or actor
        _check_handler(handler, route, subject, complainant)
    except UserError as exc:
        row.problems.append(exc.message)
        return None
    return Entry(row.line, row.sha256, got["reference"], route, subject, complainant, got["clause"],
                 got["summary"], got["received"], stage, since, handler, got["confidential"])


def _reference(value, column: str) -> str | None:
    ref = cells.text(value, column, MAX_REFERENCE)
    return ref.upper() if ref else None  # references are looked up in capitals


def _person(value, column: str, people: dict) -> Person:
    name = cells.required(cells.text(value, column), column, "a name from the register")
    person = people.get(name.lower())
    if person is None:
        raise UserError(f"{column}: no one called {quote(name)} in the register; import or add "
                        "them first (casework import people FILE)")
    return person


def _clause(value, clauses: dict) -> str:
    code = cells.required(cells.text(value, "clause"), "clause", "the clause alleged, e.g. 21.9.3")
    for key, title in clauses.items():
        if code.lower() in (key.lower(), title.lower()):
            return key
    hint = ""
    if isinstance(value, float):
        hint = " (a spreadsheet turns 21.10 into 21.1: format the clause column as text)"
    raise UserError(f"clause {quote(code)} is not a clause of the protocol{hint}; use one of: "
                    + ", ".join(clauses))


def _stage(value, route: str) -> str:
    """A stage's name (local_resolution) or its title as screens show it (Local resolution)."""
    text = cells.required(cells.text(value, "stage"), "stage", "where the case is today")
    found = stage_named(text, route)
    if found:
        return found
    other = "officer" if route == "member" else "member"
    why = (f"is a stage of complaints {ROUTE_TITLES[other]}, and this one is {ROUTE_TITLES[route]}"
           if stage_named(text, other) else f"is not a stage of a complaint {ROUTE_TITLES[route]}")
    raise UserError(f"stage {quote(text)} {why}; use one of: "
                    + ", ".join(STATE_TITLES[route].values()))


def _user(login: str | None, users: dict) -> User | None:
    if login is None:
        return None
    user = users.get(login) or next((u for u in users.values() if u.login.lower() == login.lower()), None)
    if user is None:
        raise UserError(f"handler {quote(login)} is not a login here: add them "
                        "(casework users add) or leave handler blank")
    if not user.active:
        raise UserError(f"handler {user.login} has been deactivated")
    return user


def _check_handler(handler: User, route: str, subject: Person, complainant: Person) -> None:
    if handler.role not in HANDLER_ROLES[route]:
        raise UserError(f"handler {handler.login} is {with_article(ROLE_TITLES[handler.role])} and cannot "
                        f"handle a complaint {ROUTE_TITLES[route]}")
    clash = conflicted_handler(handler.role, handler.person_id, complainant.id, subject.id)
    if clash:
        raise UserError(f"handler {handler.login} {clash}")


def _write(s: Session, ws: Workspace, actor: User, e: Entry, report: Report) -> str:
    kept = e.ref is not None
    ref = e.ref or next_reference(s, ws, e.received.year)
    is_open = e.stage not in ENDED
    case = Case(
        ref=ref, route=e.route, complainant_id=e.complainant.id, subject_id=e.subject.id,
        clause=e.clause, summary=e.summary, received=e.received, state=e.stage, is_open=is_open,
        stage_entered=e.since,
        next_due=due_date(ws.profile, ws.calendar, e.stage, e.since) if is_open else None,
        handler_id=e.handler.id, confidential=e.confidential, profile_version=ws.profile.version,
    )
    s.add(case)
    s.flush()
    audit.append(s, actor.login, "import", ref, None, e.stage, {
        "route": e.route, "complainant": e.complainant.name, "subject": e.subject.name,
        "clause": e.clause, "received": e.received.isoformat(), "on": e.since.isoformat(),
        "summary_sha256": sha256_text(e.summary), "confidential": e.confidential,
        "handler": e.handler.login, "reference_kept": kept,
        **report.source(e.line, e.sha256), **note_profile_in_use(s, ws),
    })
    due = f", due {case.next_due.isoformat()}" if case.next_due else ""
    return (f"{ref} {e.complainant.name} about {e.subject.name}, {e.clause}, at "
            f"{state_title(e.route, e.stage)} since {e.since.isoformat()}{due}, "
            f"handler {e.handler.login}")
