"""One case in full as every face shows it, from the rows casework.cases.view_reads names, read
already: who may read it and what of it, each step of its route with why it is or is not open
now, its deadlines and history. Nothing here reads or writes a database, so `casework show`
can read the rows without SQLAlchemy (casework.cases.kept_show) and decide as the application
does; a read to be recorded is returned for the caller to record (casework.cases.views)."""

import json

from casework.access.decisions import may_bundle, may_read
from casework.audit.revealed import put_back
from casework.cases.context import context_from
from casework.clock import council_day
from casework.letters.status import unsent
from casework.people.standing import restricted, standing_from
from casework.profile.deadlines import visits
from casework.profile.exemptions import PARAGRAPHS
from casework.workflow.assessment import ANONYMITY_TITLES, ASSESSING, CHOICES, CLASSIFICATIONS
from casework.workflow.events import NEEDS_NOTE, REASONS_FOR, RETURNING, TERMS, event_title
from casework.workflow.involvement import roles_from
from casework.workflow.measures import measures_from
from casework.workflow.regimes import regime_of
from casework.workflow.roles import MO, may
from casework.workflow.route_table import events_from, target_of
from casework.workflow.stages import BREACH_FOUND, ENDED, ROUTE_TITLES, state_title
from db.roles import ROLES


def shown(ws, found: dict) -> tuple[tuple | None, dict]:
    """(the read to record, the case) from `found`, the rows of view_reads (a reader and a case
    that are there). `ws`: a workspace, of which only its profile, calendar, day and face are read.
    The read to record, when the reader sees restricted papers: (login, reference, note ids,
    document ids, whether the whole case is restricted), for casework.audit.disclosure.record_read.
    Refuses, in words, a reader who may not open the case."""
    today = ws.today()
    user, case = found["user"][0], found["case"][0]
    secret = may_read(user, case, lambda: next((row.capacity for row in found["held"]), None),
                      lambda: _entitled(found, user.role))
    people = {p.id: p for p in found["people"]}
    signed = standing_from(list(people.values()), found["training"])
    logins = dict(found["logins"])
    notes, docs, sanctions, history = found["notes"], found["documents"], found["sanctions"], found["history"]
    ctx = context_from(ws, case, user, found["facts"])
    assigned_logins = [row.login for row in found["assigned"]]
    others, measures = roles_from(found["involved"]), measures_from(found["measures"], today)
    held = found["hold"][0] if found["hold"] else None
    told = put_back([_event(e) for e in history], case.ref, (found["values"], dict(found["erased"])))
    gone = None if case.is_open or not found["disposed"] else found["disposed"][0].disposed_at
    reads = None
    if secret:
        hidden_notes = [n.id for n in notes if n.confidential]
        hidden_docs = [d.id for d in docs if d.confidential]
        if case.confidential or hidden_notes or hidden_docs:
            reads = (user.login, case.ref, hidden_notes, hidden_docs, case.confidential)
    stages = visits(history, ws.profile, ws.calendar, today)
    events = []
    for name in events_from(case.route, case.state):
        if regime_of(name, case.state) not in (None, ws.profile.regime):
            continue  # a step of the other regime has no part in this council's procedure
        target = target_of(case.route, case.state, name)
        if name in RETURNING and case.paused_from:
            target = case.paused_from
        reasons = ctx.refusals(name, case.state, target, with_note=False)
        if gone:  # the same refusal casework.cases.advance gives when it is tried
            reasons = [f"its personal data was disposed of on {gone[:10]}: log a new complaint instead"]
        events.append({
            "name": name, "title": event_title(name), "to": target,
            "to_title": state_title(case.route, target),
            "allowed": not reasons, "reason": "; ".join(reasons) or None,
            "needs_note": name in NEEDS_NOTE,
            "terms": TERMS.get(name, ()),  # what a pause asks: a reason, a review date
            "reasons": REASONS_FOR.get(name, {}),  # the reasons a "reason" term chooses from
            # False when the role alone forbids it: screens hide what a user may never do.
            "role_allowed": ctx.role_refusal(name, case.state) is None,
        })
    party = ctx.conflict() is None
    can = {
        "note": party and may(user.role, "note"),
        "ip_view": party and may(user.role, "ip-view") and case.route == "member",
        "meeting_note": party and may(user.role, "note") and case.route == "officer",
        "attach": party and may(user.role, "attach"),
        "redact": party and may(user.role, f"redact-{case.route}"),
        "sanction": party and may(user.role, f"sanction-{case.route}"),
        "assign": party and may(user.role, "assign") and (case.route == "officer" or user.role in MO),
        "bundle": party and may_bundle(user, case.route),
        "grant": party and user.role in MO,
        # Classification and anonymity, while the complaint about a Member is assessed.
        "assess": party and user.role in MO and case.route == "member" and case.state in ASSESSING,
        "involve": party and may(user.role, "involve"),
        "measure": party and case.state not in ENDED and may(user.role, f"measure-{case.route}"),
        "dispose": party and not case.is_open and may(user.role, "dispose"),
    }
    if gone:  # nothing personal is recorded on it again
        can = dict.fromkeys(can, False)
    return reads, {
        "ref": case.ref, "route": case.route, "route_title": ROUTE_TITLES[case.route],
        "state": case.state, "stage": state_title(case.route, case.state), "is_open": case.is_open,
        "paused_from": case.paused_from,
        "paused_from_title": state_title(case.route, case.paused_from) if case.paused_from else None,
        "clause": case.clause, "clause_title": ws.profile.clauses.get(case.clause, ""),
        "received": case.received.isoformat(), "summary": case.summary,
        "complainant": _person(people[case.complainant_id], signed, today),
        "subject": _person(people[case.subject_id], signed, today),
        # The initial assessment of a complaint about a Member.
        "classification": case.classification,
        "classification_title": CLASSIFICATIONS.get(case.classification),
        "anonymity": case.anonymity,
        "anonymity_title": ANONYMITY_TITLES.get(case.anonymity),
        # An officer complainant's choice: the protocol, or the grievance procedure.
        "complainant_choice": case.complainant_choice,
        "complainant_choice_title": CHOICES.get(case.complainant_choice),
        # One member's complaint about another: the council's local resolution protocol (Wales).
        "local_resolution_protocol": ws.profile.local_resolution_protocol
        if people[case.complainant_id].kind == "member" else None,
        "handler": logins.get(case.handler_id), "confidential": case.confidential,
        "assigned": assigned_logins,
        # Witnesses, earlier advisers and panel members: who else is in the case.
        "involved": others,
        # A suspension on full pay, or protection of an officer who complained.
        "measures": measures,
        # A legal hold keeps its records from disposal (casework.records); why is for those who
        # read the case's confidential papers.
        "hold": {"since": council_day(held.placed_at).isoformat(), "reason": held.reason if secret else None}
        if held else None,
        "disposed": gone[:10] if gone else None,
        "version": case.version, "stage_entered": case.stage_entered.isoformat(),
        "next_due": case.next_due.isoformat() if case.next_due and case.is_open else None,
        "overdue": bool(case.is_open and case.next_due and case.next_due < today),
        "deadlines": [_deadline(v) for v in stages if v.due is not None],
        "stages": [_stage(v, ws, today) for v in stages],
        "events": events,
        "can": can,
        "sanction_kinds": ws.profile.sanctions[case.route],
        # Months each kind of officer warning stays live (the council's policy).
        "lapsing_kinds": (ws.profile.warnings_expire or {}) if case.route == "officer" else {},
        "exemptions": PARAGRAPHS[ws.profile.regime],
        "breach_found": case.state in BREACH_FOUND[case.route],
        "notes": [_note(n, logins) for n in notes if secret or not n.confidential],
        "documents": [_doc(d, logins) for d in docs if secret or not d.confidential],
        "sanctions": [_sanction(x, ws, case.route, logins) for x in sanctions],
        "history": told,
        # Letters that were to be emailed and were not (casework.letters).
        "unsent_letters": unsent(told),
    }

def _entitled(found: dict, role: str) -> bool:
    """Whether the reader, of `role`, may read the case's confidential papers (a role of
    no one's, as entitled_clause has it, none)."""
    return role in ROLES and bool(found["entitled"][0][ROLES.index(role)])


def _person(p, signed: dict, today) -> dict:
    return {"name": p.name, "kind": p.kind, "service": p.service,
            "left_office": p.left_office.isoformat() if p.left_office else None,
            # Only while it runs: a restriction that ended says nothing of later complaints.
            "restricted_until": (p.restricted_until.isoformat()
                                 if restricted(p.restricted_until, today) else None),
            **signed[p.id]}


def _deadline(v) -> dict:
    return {"step": v.step, "stage": v.state, "started": v.entered.isoformat(),
            "due": v.due.isoformat(), "met": v.met, "paused": v.paused,
            "done": v.left.isoformat() if v.left else None}


def _stage(v, ws, today) -> dict:
    """One visit to a stage, as every face of the timeline shows it: the one source of its
    dates, working days and deadline."""
    ended = v.state in ENDED
    return {"stage": v.state, "step": v.step, "entered": v.entered.isoformat(),
            "left": v.left.isoformat() if v.left else None, "ended": ended,
            "working_days": None if ended else ws.calendar.working_days_between(v.entered, v.left or today),
            "due": v.due.isoformat() if v.due else None, "met": v.met, "paused": v.paused}


def _note(n, logins: dict) -> dict:
    # "day" is the day the note speaks of; "at" when it was recorded.
    day = n.dated.isoformat() if n.dated else n.created_at[:10]
    return {"id": n.id, "kind": n.kind, "author": logins.get(n.author_id), "at": n.created_at, "day": day,
            "text": n.text, "confidential": n.confidential, "amends": n.amends_id,
            "companion": n.companion}


def _doc(d, logins: dict) -> dict:
    return {"id": d.id, "filename": d.filename, "description": d.description, "section": d.section,
            "media_type": d.media_type, "size": d.size, "sha256": d.sha256,
            "confidential": d.confidential, "exemption": d.exemption,
            "dated": d.dated.isoformat() if d.dated else None,
            "added_by": logins.get(d.added_by), "added_at": d.added_at,
            "redacts": d.redacts_id, "redaction": d.redaction}


def _sanction(x, ws, route: str, logins: dict) -> dict:
    return {"id": x.id, "kind": x.kind, "title": ws.profile.sanctions[route].get(x.kind, x.kind),
            "detail": x.detail, "due": x.due.isoformat() if x.due else None,
            "recorded_by": logins.get(x.recorded_by), "recorded_at": x.recorded_at,
            "until": x.ends.isoformat() if x.ends else None,
            "lapsed": x.ends is not None and x.ends < ws.today(),
            "complied": x.complied.isoformat() if x.complied else None,
            "not_complied": x.non_compliance}


def _event(e) -> dict:
    return {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
            "from": e.from_state, "to": e.to_state, "data": json.loads(e.data)}
