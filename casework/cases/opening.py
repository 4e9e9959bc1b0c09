"""Opening a case and assigning its handler (moving it along its route is casework.cases.advance)."""

from datetime import date

from sqlalchemy import func, select, text
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.casefile import check_version, claim, guard_context, load_case
from casework.errors import Checks, NotFound, Refused, UserError, blame, quote
from casework.inputs import MAX_SUMMARY, clean_text, effective_day, not_future, parse_date
from casework.people.directory import find_person
from casework.profile.deadlines import due_date
from casework.profile.history import note_profile_in_use
from casework.transaction import write
from casework.words import with_article
from casework.workflow.guards import conflicted_handler
from casework.workflow.roles import MO, ROLE_TITLES
from casework.workflow.stages import ROUTE_TITLES
from casework.workspace import Workspace
from db.models import Case, Person, User

HANDLER_ROLES = {"member": MO, "officer": MO | {"hr"}}


# A complaint about an Officer is an HR matter, about an employee: restricted unless the person
# logging it says otherwise. One about a Member is open to every reader unless restricted.
RESTRICTED_BY_DEFAULT = {"officer": True, "member": False}


def route_between(subject_kind: str, complainant_kind: str, profile=None) -> str | None:
    """The route of a complaint between these kinds of person; None where casework has none.
    One member's complaint about another is taken where the council keeps a local resolution
    protocol for them (Wales; the profile names it)."""
    if subject_kind == complainant_kind == "member" and profile is not None \
            and profile.local_resolution_protocol:
        return "member"
    return {("officer", "member"): "officer", ("member", "officer"): "member"}.get(
        (subject_kind, complainant_kind))


def route_for(complainant: Person, subject: Person, profile=None) -> str:
    route = route_between(subject.kind, complainant.kind, profile)
    if route:
        return route
    if subject.kind == complainant.kind == "member":
        wales = profile is not None and profile.regime == "wales"
        raise UserError(
            "both are Members: a complaint by one Member about another goes under the Code of "
            "Conduct, not the Member/Officer Relations Protocol"
            + ("; a council with a local resolution protocol for low-level complaints between "
               'members names it in its profile (local_resolution_protocol = "...")' if wales else "")
        )
    raise UserError(
        "both are Officers: a complaint by one Officer about another goes under the "
        "grievance or dignity at work procedure, not this protocol"
    )


def next_reference(session: Session, ws: Workspace, year: int) -> str:
    prefix = ws.profile.reference_prefix(year)
    if session.get_bind().dialect.name == "postgresql":
        # The last reference of all, restricted cases' included, which a handler's own login
        # may not read (db.pg_rows): the database answers that one question.
        last = session.execute(text("SELECT casework_last_ref(:prefix)"), {"prefix": prefix}).scalar()
    else:
        last = session.execute(
            select(Case.ref)
            .where(Case.ref.startswith(prefix, autoescape=True))
            .order_by(func.length(Case.ref).desc(), Case.ref.desc())
            .limit(1)
        ).scalar()
    seq = 1
    if last:
        digits = "".join(ch for ch in last[len(prefix):] if ch.isdigit())
        seq = int(digits) + 1 if digits else 1
    return ws.profile.format_reference(year, seq)


def open_case(
    ws: Workspace, login: str, about: str, by: str, clause: str, summary: str,
    received: str | date | None = None, confidential: bool | None = None,
) -> str:
    """`confidential` None: as RESTRICTED_BY_DEFAULT has it for the complaint's route."""
    today = ws.today()
    checks = Checks()
    with checks.about("summary"):
        summary = clean_text(summary, "summary", "say what the complaint is about", MAX_SUMMARY)
    with checks.about("received"):
        day = not_future(parse_date(received, "--received") or today, "--received", today)
    clause = clause.strip()
    with checks.about("clause"):
        if not clause:
            raise UserError("--clause: name the clause of the protocol the complaint is under")
        if clause not in ws.profile.clauses:
            known = ", ".join(ws.profile.clauses)
            raise UserError(f"--clause: {quote(clause)} is not a clause of the protocol; use one of: {known}")

    def change(s: Session) -> str:
        user = acting_user(s, login)
        require(user, "open", "log a complaint")
        found = Checks(checks.found)  # afresh on each try of the transaction
        with found.about("about"):
            subject = _party(s, about, "--about", "who the complaint is about")
        with found.about("by"):
            complainant = _party(s, by, "--by", "who made the complaint")
        found.settle()
        with blame("by"):
            if subject.id == complainant.id:
                raise UserError("the complainant and the subject are the same person")
            route = route_for(complainant, subject, ws.profile)
        restricted = RESTRICTED_BY_DEFAULT[route] if confidential is None else confidential
        if user.person_id in (subject.id, complainant.id):
            raise Refused("you are a party to this complaint; someone else must log it")
        ref = next_reference(s, ws, day.year)
        profile_marks = note_profile_in_use(s, ws)
        handler = user.id if user.role in HANDLER_ROLES[route] else _free_officer(s, subject.id, complainant.id)
        case = Case(
            ref=ref, route=route, complainant_id=complainant.id, subject_id=subject.id,
            clause=clause, summary=summary, received=day, state="received", is_open=True,
            stage_entered=day, next_due=due_date(ws.profile, ws.calendar, "received", day),
            handler_id=handler, confidential=restricted, profile_version=ws.profile.version,
        )
        s.add(case)
        s.flush()  # a duplicate reference from a concurrent writer fails here, and retries
        audit.append(
            s, user.login, "open", ref, None, "received",
            {
                "route": route, "complainant": complainant.name, "subject": subject.name,
                "clause": clause, "received": day.isoformat(), "on": day.isoformat(),
                "summary_sha256": sha256_text(summary), "confidential": restricted,
                **profile_marks,
            },
        )
        return ref

    return write(ws.engine, change, retry_integrity=True)


def _party(s: Session, name: str, option: str, who: str):
    if not name.strip():
        raise UserError(f"{option}: name {who}, as the register has them")
    return find_person(s, name, option)


def _free_officer(s: Session, *parties: int) -> int | None:
    """A complaint logged by a clerk or HR goes to the Monitoring Officer, or, when the
    Monitoring Officer is a party to it, to a deputy who is not."""
    rows = s.execute(select(User.id, User.role, User.person_id).where(
        User.role.in_(MO), User.active.is_(True)).order_by(User.id)).all()
    free = [r for r in rows if r.person_id is None or r.person_id not in parties]
    free.sort(key=lambda r: r.role != "monitoring-officer")
    return free[0].id if free else None


def assign(
    ws: Workspace, ref: str, handler_login: str, login: str, expected_version: int | None = None,
    on: str | date | None = None,
) -> str:
    seen = [expected_version]

    def change(s: Session) -> str:
        user = acting_user(s, login)
        require(user, "assign", "assign handlers")
        case = load_case(s, ref)
        if seen[0] is None:
            seen[0] = case.version
        check_version(case, seen[0])
        ctx = guard_context(s, ws, case, user)
        if ctx.conflict():
            raise Refused(ctx.conflict())
        if case.route == "member" and user.role not in MO:
            raise Refused("only the Monitoring Officer or a deputy assigns complaints about Members")
        handler = s.execute(select(User).where(User.login == handler_login)).scalar_one_or_none()
        if handler is None:
            raise NotFound(f"no user {quote(handler_login)}: add them with casework users add")
        if handler.role not in HANDLER_ROLES[case.route]:
            raise Refused(
                f"{handler.login} is {with_article(ROLE_TITLES[handler.role])} and cannot handle a complaint "
                f"{ROUTE_TITLES[case.route]}"
            )
        clash = conflicted_handler(handler.role, handler.person_id, case.complainant_id,
                                   case.subject_id, ctx.involved)
        if clash:
            raise Refused(f"{handler.login} {clash}")
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        claim(s, case, seen[0])
        before = case.handler_id
        case.handler_id = handler.id
        audit.append(
            s, user.login, "assign", case.ref, None, None,
            {"handler": handler.login, "previous_handler_id": before, "on": day.isoformat()},
        )
        return handler.login

    return write(ws.engine, change)
