"""The entries of the public register, as the law and the council's profile let it show them.

Fixed by law, whatever the profile says:
- complaints about Officers are never on it: their outcomes are a personnel matter, information
  relating to an individual employee (Local Government Act 1972 Sch. 12A para. 1);
- a complaint marked confidential is left out and only counted: its papers are exempt
  information, and its existence may identify someone (Sch. 12A paras. 1 and 2);
- no free text of the case appears but a published decision notice, which leaves out what is
  confidential or exempt (casework.exports.decision); sanctions show by their kind alone.
Whom it names is the council's choice (casework.profile.register).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from casework.audit.personal import DISPOSED_NAME
from casework.cases.views import show_case
from casework.errors import UserError
from casework.exports.decision import decision_notice
from casework.exports.notices import WITHDRAWN, Notice, notice_of
from casework.letters.fields import WITHHELD
from casework.transaction import read
from casework.workflow.outcomes import outcome_of
from casework.workflow.stages import ENDED, STATE_TITLES
from casework.workspace import Workspace
from db.models import AuditEvent, Case, Person, Sanction

# Stages a complaint can reach before the Monitoring Officer has it: until then it is being
# settled with the Head of Service or Director, not a formal complaint.
BEFORE_FORMAL = frozenset({"received", "hos_consulted", "resolved", "withdrawn", "paused", "discontinued"})
OUTCOMES = {"resolved": "Resolved by local resolution", "no_action": "No further action",
            "withdrawn": "Withdrawn by the complainant", "no_breach": "No breach found",
            "breach": "Breach found", "referred": "Ended by the Ombudsman",
            "discontinued": "Discontinued"}
_EVENTS = ("open", "import", "transition", "export", WITHDRAWN)


@dataclass
class Entry:
    ref: str
    received: date
    clause: str
    clause_title: str
    outcome: str
    concluded: bool
    decided: date | None
    sanctions: list[str]
    notice: Notice
    notice_link: str | None = None
    notice_text: str | None = None
    subject: str | None = None  # None: not named
    complainant: str | None = None


@dataclass
class Register:
    council: str
    published: date
    start: date | None
    end: date
    entries: list[Entry] = field(default_factory=list)
    confidential: int = 0  # formal complaints left out as confidential


def gather(ws: Workspace, login: str, start: date | None, end: date) -> Register:
    rules, profile = ws.profile.register, ws.profile
    subject, complainant = aliased(Person), aliased(Person)
    when = [Case.route == "member", Case.received <= end]
    if start is not None:
        when.append(Case.received >= start)
    out = Register(profile.council, ws.today(), start, end)
    with read(ws.engine) as s:
        cases = s.execute(
            select(Case.id, Case.ref, Case.received, Case.clause, Case.state, Case.paused_from,
                   Case.stage_entered, Case.confidential, Case.anonymity,
                   subject.name.label("subject"), complainant.name.label("complainant"))
            .join(subject, subject.id == Case.subject_id).join(complainant, complainant.id == Case.complainant_id)
            .where(*when).order_by(Case.received, Case.ref)).all()
        refs = [c.ref for c in cases]
        events = defaultdict(list)
        for ref, action, to_state, data, at in s.execute(
                select(AuditEvent.case_ref, AuditEvent.action, AuditEvent.to_state, AuditEvent.data, AuditEvent.at)
                .where(AuditEvent.case_ref.in_(refs), AuditEvent.action.in_(_EVENTS)).order_by(AuditEvent.seq)):
            events[ref].append((action, to_state, json.loads(data) if isinstance(data, str) else data, at))
        kinds = defaultdict(list)
        for case_id, kind in s.execute(select(Sanction.case_id, Sanction.kind)
                                       .where(Sanction.case_id.in_([c.id for c in cases])).order_by(Sanction.id)):
            kinds[case_id].append(kind)
    catalogue = profile.sanctions.get("member", {})
    for c in cases:
        history = events[c.ref]
        if not {to for _, to, _, _ in history if to} - BEFORE_FORMAL:
            continue
        if c.confidential:
            out.confidential += 1
            continue
        outcome = outcome_of(c.state)
        notice = notice_of((a, d, at) for a, _, d, at in history)
        entry = Entry(
            ref=c.ref, received=c.received, clause=c.clause,
            clause_title=profile.clauses.get(c.clause, ""), outcome=_outcome(c.state, c.paused_from),
            concluded=c.state in ENDED, decided=_decided(c.state, c.stage_entered, history),
            sanctions=[catalogue.get(k, k) for k in kinds[c.id]] if outcome == "breach" else [],
            notice=notice)
        if notice.published:
            entry.notice_link = rules.notice_link(c.ref)
        # A case disposed of is counted as it was, and names no one: its parties are stand-ins.
        gone = c.subject.startswith(DISPOSED_NAME)
        named = not gone and notice.published and (rules.name_subject == "notice"
                                                   or (rules.name_subject == "breach" and outcome == "breach"))
        if named:
            entry.subject = c.subject
            if entry.notice_link is None:
                entry.notice_text = _notice_text(ws, c.ref, login)
        if rules.name_complainants and not gone and c.anonymity not in WITHHELD:
            entry.complainant = c.complainant
        out.entries.append(entry)
    return out


def _outcome(state: str, paused_from: str | None) -> str:
    outcome = outcome_of(state)
    if outcome != "open":
        return OUTCOMES[outcome]
    # A pause's reason (the police, a party's illness) is nobody else's business: the register
    # shows the stage the complaint waits at.
    stage = paused_from if state == "paused" and paused_from else state
    return f"In progress: {STATE_TITLES['member'].get(stage, stage)}"


def _decided(state: str, entered: date, history) -> date | None:
    """The day of the decision the outcome stands on: the finding of breach, or the step that
    ended the complaint."""
    if outcome_of(state) == "breach":
        found = None
        for action, _, data, _ in history:
            if action == "transition" and data.get("event") in ("find_breach", "reopen"):
                found = data.get("on") if data["event"] == "find_breach" else None
        return date.fromisoformat(found) if found else entered
    return entered if state in ENDED else None


def _notice_text(ws: Workspace, ref: str, login: str) -> str | None:
    """The notice as it stands today, from what its publisher may read; a case they may not read
    (a witness in it, say) gives no text, and the register says the notice was issued."""
    try:
        return decision_notice(ws, show_case(ws, ref, login, record_reads=False))
    except UserError:
        return None
