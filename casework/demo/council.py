"""A realistic demo council: register, users and complaints at every stage of both routes.

Every change goes through the same services a handler uses, so roles, guards and the audit
chain apply to demo data exactly as to real data. All the randomness is spent while planning
(one seeded random.Random), before the database is touched, so the same seed and the same
today give the same cases.
"""

import random
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from casework.cases import advance as moving
from casework.cases import assessment, assignments, involvement, papers
from casework.cases import opening as case_service
from casework.demo import data as D
from casework.demo import text as T
from casework.demo.documents import DOCUMENTS
from casework.errors import Refused, UserError
from casework.exports import decision
from casework.people import register
from casework.transaction import read
from casework.workflow.events import TERMS
from casework.workflow.sanctions import SUSPENSIONS
from casework.workspace import Workspace
from db.models import Person, User

SPREAD_DAYS = 540  # complaints received over about the last 18 months
MEMBER_SHARE = 0.6  # most complaints are Officers' complaints about Members


@dataclass
class Action:
    day: date
    do: str
    login: str
    payload: object = None
    reason: str | None = None  # why no further action (the reasons the annual report counts)


@dataclass
class Plan:
    route: str
    complainant: str
    subject: str
    clause: str
    summary: str
    received: date
    confidential: bool
    facts: dict
    actions: list[Action] = field(default_factory=list)
    ref: str = ""
    sanction_ids: list[tuple[int, bool]] = field(default_factory=list)  # (id, declines)


def build(ws: Workspace, login: str, cases: int, seed: int, progress=None) -> int:
    """Adds the demo register and users if absent, then `cases` complaints. Returns how many."""
    if cases < 0:
        raise UserError("--cases must be 0 or more")
    register.init(ws, login)  # a new database: the caller becomes its Monitoring Officer
    _require_mo(ws, login)
    _ensure_register(ws, login)
    team = _ensure_users(ws, login)
    members, officers = _parties(ws)
    rng = random.Random(seed)
    plans = [_plan(ws, rng, team, members, officers, day) for day in _received_days(ws, rng, cases)]
    # Play every action in date order across cases, so the audit trail reads as the year
    # happened rather than one case after another.
    queue = sorted((a.day, i, j, a) for i, p in enumerate(plans) for j, a in enumerate(p.actions))
    left = [len(p.actions) for p in plans]
    every, done = max(1, cases // 10), 0
    with tempfile.TemporaryDirectory(prefix="casework-demo-") as tmp:
        for _, i, _, action in queue:
            _play(ws, plans[i], action, Path(tmp))
            left[i] -= 1
            if left[i] == 0:
                done += 1
                if progress and (done % every == 0 or done == cases):
                    progress(f"{done}/{cases} cases")
    return len(plans)


def _require_mo(ws: Workspace, login: str) -> None:
    with read(ws.engine) as s:
        role = s.execute(select(User.role).where(User.login == login, User.active)).scalar()
    if role != "monitoring-officer":
        raise Refused(f"only the Monitoring Officer may fill a database with demo data; {login} is not")


def _ensure_register(ws: Workspace, login: str) -> None:
    with read(ws.engine) as s:
        known = {n.lower() for n in s.execute(select(Person.name)).scalars()}
    for name, ward, group, signed in D.MEMBERS:
        if name.lower() not in known:
            service = f"{ward} ward, {group}"
            register.add_person(ws, login, "member", name, service, None, False, signed)
    for name, service, _title, manager, restricted, signed in D.OFFICERS:
        if name.lower() not in known:
            register.add_person(ws, login, "officer", name, service, manager, restricted, signed)


def _ensure_users(ws: Workspace, login: str) -> dict:
    with read(ws.engine) as s:
        roles = dict(s.execute(select(User.login, User.role)).all())
    team: dict = {"mo": login}
    for key, user_login, name, role, person in D.USERS:
        if user_login not in roles:
            register.add_user(ws, login, user_login, name, role, person)
        elif roles[user_login] != role:
            # The paths rely on each demo login's role; a clash would make them refuse midway.
            raise UserError(
                f"the login {user_login} already exists as {roles[user_login]}; "
                f"the demo needs it as {role}"
            )
        team.setdefault(key, []).append(user_login)
    return team


def _parties(ws: Workspace) -> tuple[list[str], list[str]]:
    """Who may complain or be complained about: not the Chief Executive (no one above to
    escalate to) and no one linked to a login, since handlers must not be parties."""
    with read(ws.engine) as s:
        linked = set(s.scalars(select(Person.name).join(User, User.person_id == Person.id)))
    members = [m[0] for m in D.MEMBERS if m[0] not in linked]
    officers = [o[0] for o in D.OFFICERS if o[3] and o[0] not in linked]
    return members, officers


def _received_days(ws: Workspace, rng: random.Random, cases: int) -> list[date]:
    """Working days over the spread, sorted so references follow the order of arrival."""
    days = [ws.today() - timedelta(days=rng.randint(0, SPREAD_DAYS)) for _ in range(cases)]
    return sorted(ws.calendar.add_working_days(d, -1) if not ws.calendar.is_working_day(d) else d
                  for d in days)


def draw_complaint(rng: random.Random, clauses: dict, members, officers, received):
    """Who complains about whom, under which clause, and in what words. The bulk demo draws
    its cases with this too, so both demos look alike."""
    route = "member" if rng.random() < MEMBER_SHARE else "officer"
    clause = _weighted(rng, clauses[route])
    member, pool = rng.choice(members), officers
    if route == "officer" and clause == "21.14":
        pool = [o for o in officers if D.OFFICER[o][4]] or officers
    elif route == "member" and clause in D.CLAUSE_SERVICES:
        pool = [o for o in officers if D.OFFICER[o][1] in D.CLAUSE_SERVICES[clause]] or officers
    # Senior officers are complained about, and complain, less often than front-line staff.
    weights = [1 if D.OFFICER[o][2].startswith(("Head", "Director")) else 3 for o in pool]
    officer = rng.choices(pool, weights)[0]
    facts = T.describe(rng, route, clause, member, officer, received)
    confidential = rng.random() < (0.3 if clause in D.SENSITIVE else 0.05)
    return route, clause, facts, confidential


def _weighted(rng: random.Random, table):
    """One key of a {key: weight} table, or one value of a [(weight, value)] list."""
    items = list(table.items()) if isinstance(table, dict) else [(v, w) for w, v in table]
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _plan(ws, rng, team, members, officers, received) -> Plan:
    clauses = {
        route: {k: w for k, w in D.CLAUSES[route].items() if k in ws.profile.clauses}
        # A council's own profile may lack our clauses; then any of its own will do.
        or dict.fromkeys(ws.profile.clauses, 1)
        for route in ("member", "officer")
    }
    route, clause, facts, confidential = draw_complaint(rng, clauses, members, officers, received)
    plan = Plan(route, facts["complainant"], facts["subject"], clause, facts["summary"], received,
                confidential, facts)
    _schedule(ws, rng, team, plan)
    return plan


def _schedule(ws, rng, team, plan: Plan) -> None:
    """Dates the plan's steps and names who takes each; stops at today, as real cases do."""
    # The Monitoring Officer logs complaints about Members and hands some to the deputy; HR
    # logs most complaints about Officers, and takes over those the Monitoring Officer logs.
    if plan.route == "member":
        opener, handler = team["mo"], rng.choice([team["mo"]] * 3 + team["deputy"])
    else:
        handler = rng.choice(team["hr"])
        opener = rng.choice([handler] * 4 + [team["mo"]])
    who = {"opener": opener, "handler": handler, "mo": team["mo"], "hr": handler,
           "inv": team["inv"][0], "clerk": team["clerk"][0], "ip": rng.choice(team["ip"]),
           # an appeal is decided by an adviser who did not record the outcome (ACAS para 27)
           "appeals": next((h for h in team["hr"] if h != handler), handler)}
    steps = [D.Step("open", who="opener"), D.doc("complaint", (0, 0), "opener")]
    if handler != opener:
        steps.append(D.Step("assign", "mo", (0, 1), handler))
    # Small gaps: the first event is due within five working days of receipt.
    if rng.random() < 0.6:
        steps.append(D.Step("note", "handler", (0, 2), "ack"))
    if rng.random() < 0.4:
        steps.append(D.doc("evidence", (0, 2)))
    if rng.random() < 0.25:
        steps.append(D.Step("secret", "handler", (0, 3), "secret"))
    path = list(_weighted(rng, D.PATHS[plan.route]))
    if len(path) > 2 and rng.random() < 0.1:
        path = path[: rng.randint(1, len(path) - 1)]  # stalled: left open, likely overdue
    today, cal, day = ws.today(), ws.calendar, plan.received
    for step in steps + path:
        day = day + timedelta(days=rng.randint(*step.gap))
        while not cal.is_working_day(day):
            day += timedelta(days=1)
        if day > today:
            break
        payload = who[step.text] if step.do == "grant" else _payload(ws, rng, plan, step)
        plan.actions.append(Action(day, step.do, who[step.who], payload,
                                   D.NFA_REASON.get(step.text) if step.do == "no_further_action" else None))


def suspension_until(profile, route: str, kind: str, day: date) -> date | None:
    """The last day of a three-month suspension from `day`, within the member's term; None
    for a sanction that runs for no period, or when the term ends too soon for one."""
    if route != "member" or profile.regime != "wales" or kind not in SUSPENSIONS:
        return None
    until = day + relativedelta(months=3)
    if profile.members_term_ends and until > profile.members_term_ends:
        until = profile.members_term_ends
    return until if until > day else None


def _payload(ws, rng, plan: Plan, step: D.Step):
    """What an action needs besides its date and login, drawn now rather than while playing."""
    if step.do == "sanctions":
        offered = ws.profile.sanctions[plan.route]
        kinds = [k for k in D.SANCTION_CHOICES[step.text] if k in offered
                 and (k not in SUSPENSIONS or suspension_until(ws.profile, plan.route, k, ws.today()))
                 ] or ["censure" if plan.route == "member" else "management-advice"]
        # A serious outcome is one sanction: a dismissal, or a final warning instead of it.
        most = 3 if plan.route == "member" else 1 if step.text == "officer-serious" else 2
        chosen = rng.sample(kinds, k=min(len(kinds), rng.randint(1, most)))
        # Decided now, so the seed alone fixes who later declines to apologise.
        return [(k, k == "apology" and rng.random() < 0.35) for k in chosen]
    if step.do in _SERVICE_STEPS:
        return step.text
    if step.do in ("classify", "choice"):
        return step.text, rng.choice(T.NOTES[f"{step.do}_{step.text}"]).format(**plan.facts)
    if step.do == "panel":
        return D.panel_for(rng, plan.subject, plan.complainant)
    if step.do == "meeting":
        companion = rng.choice(T.COMPANIONS).format(**plan.facts)
        return rng.choice(T.NOTES["meeting"]).format(**plan.facts), companion
    # A note, an Independent Person's view, or an event's note (None: the event has none).
    text = rng.choice(T.NOTES[step.text]) if step.text else None
    return text.format(**plan.facts) if text else None


_SERVICE_STEPS = {"open", "doc", "assign", "sanctions", "notice", "comply", "rescind"}


def _play(ws: Workspace, plan: Plan, a: Action, tmp: Path) -> None:
    """One action through its service. A refusal here means a path in demo_data is wrong."""
    if a.do == "open":
        plan.ref = case_service.open_case(ws, a.login, plan.subject, plan.complainant, plan.clause,
                                          plan.summary, plan.received,
                                          # drawn restricted, or as the route has it by default
                                          True if plan.confidential else None)
    elif a.do == "doc":
        section, confidential, description, text = DOCUMENTS[a.payload]
        path = tmp / f"{plan.ref}-{a.payload}.txt"
        path.write_text(text.format(ref=plan.ref, **plan.facts), encoding="utf-8")
        # Filed on the case's own calendar, as the demo plays the year that led to today.
        papers.attach(ws, plan.ref, str(path), a.login, section, confidential, description, on=a.day,
                      filed=a.day)
        path.unlink()
    elif a.do == "assign":
        case_service.assign(ws, plan.ref, a.payload, a.login, on=a.day)
    elif a.do == "notice":
        decision.publish(ws, plan.ref, a.login, on=a.day)
    elif a.do == "grant":
        assignments.grant(ws, plan.ref, a.payload, a.login, on=a.day)
    elif a.do == "panel":
        for name in a.payload:
            involvement.involve(ws, plan.ref, name, "hearing-panel", a.login, on=a.day)
    elif a.do == "classify":
        kind, text = a.payload
        assessment.classify(ws, plan.ref, kind, a.login, text, on=a.day)
    elif a.do == "choice":
        kind, text = a.payload
        assessment.choose(ws, plan.ref, kind, a.login, text, on=a.day)
    elif a.do == "meeting":
        text, companion = a.payload
        papers.annotate(ws, plan.ref, text, a.login, confidential=True, kind="meeting",
                        companion=companion, on=a.day)
    elif a.do in ("note", "secret", "ip-view"):
        kind = "ip-view" if a.do == "ip-view" else "note"
        papers.annotate(ws, plan.ref, a.payload, a.login, confidential=a.do == "secret", kind=kind,
                        on=a.day)
    elif a.do == "sanctions":
        due = a.day + timedelta(days=28 if plan.route == "member" else 10)
        for kind, declines in a.payload:
            detail = T.SANCTION_DETAILS.get(kind) or ws.profile.sanctions[plan.route][kind]
            sid = papers.record_sanction(ws, plan.ref, kind, a.login, detail, due, on=a.day,
                                         until=suspension_until(ws.profile, plan.route, kind, a.day))
            plan.sanction_ids.append((sid, declines))
    elif a.do in ("comply", "rescind"):
        for sid, declines in plan.sanction_ids:
            if a.do == "rescind":
                papers.record_compliance(ws, plan.ref, sid, a.login, not_complied=T.RESCINDED, on=a.day)
            elif declines:
                papers.record_compliance(ws, plan.ref, sid, a.login,
                                         not_complied=T.DECLINED.format(**plan.facts), on=a.day)
            else:
                papers.record_compliance(ws, plan.ref, sid, a.login, complied=a.day)
    else:
        review = a.day + timedelta(days=42) if "review" in TERMS.get(a.do, ()) else None
        moving.advance(ws, plan.ref, a.do, a.login, note=a.payload, on=a.day, review=review,
                       reason=a.reason)
