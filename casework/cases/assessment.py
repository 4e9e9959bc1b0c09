"""The decisions at the initial assessment of a complaint about a Member that are not steps of
the route: what kind of complaint it is, whether the complainant's name is withheld from the
subject (or a complaint made anonymously goes further), and, where an officer complains, the
procedure they chose. Each is a change to the case with its note and audit event."""

from datetime import date

from sqlalchemy import select, update
from sqlmodel import Session

from casework.audit import chain as audit
from casework.cases.advance import sha256_text
from casework.cases.casefile import CASES, claim
from casework.cases.papers import open_for_change
from casework.errors import Refused, UserError, quote
from casework.inputs import MAX_NOTE, clean_text, effective_day
from casework.transaction import write
from casework.workflow.assessment import (
    ANONYMITY,
    ANONYMITY_AFTER,
    ANONYMITY_MO,
    ANONYMITY_TITLES,
    ASSESSING,
    CHOICES,
    CLASSIFICATIONS,
    CLASSIFIED_FOR,
)
from casework.workflow.roles import MO
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import Note, Person

# Why a decision does not fit the case's complainant, by (action, the kind it fits).
MISFITS = {
    ("choice", "officer"): "the complainant, {name}, is a Member: the choice of procedure is an "
                           "officer's (protocol or grievance)",
    ("classify", "officer"): "the complainant, {name}, is a Member: a complaint between members is "
                             "not under the Member/Officer Relations Protocol; classify it code, "
                             "low-level or outside",
    ("classify", "member"): "the complainant, {name}, is an officer: low-level is for a complaint "
                            "one member makes about another, under the local resolution protocol",
}


def classify(ws: Workspace, ref: str, kind: str, login: str, note: str | None,
             expected_version: int | None = None, on: str | date | None = None) -> str:
    kind = (kind or "").strip().lower()
    if kind not in CLASSIFICATIONS:
        raise UserError(f"{quote(kind)} is not a classification; use one of: "
                        + ", ".join(CLASSIFICATIONS))
    return _decide(ws, ref, login, note, expected_version, on, "classification", kind,
                   "classify", "classify a complaint", fits=CLASSIFIED_FOR.get(kind))


def anonymity(ws: Workspace, ref: str, decision: str, login: str, note: str | None,
              expected_version: int | None = None, on: str | date | None = None) -> str:
    decision = (decision or "").strip().lower()
    if decision not in ANONYMITY:
        raise UserError(f"{quote(decision)} is not a decision on anonymity; use one of: "
                        + ", ".join(ANONYMITY))
    return _decide(ws, ref, login, note, expected_version, on, "anonymity", ANONYMITY[decision],
                   "anonymity", "decide on anonymity", mo_only=decision in ANONYMITY_MO,
                   after=ANONYMITY_AFTER[decision])


def choose(ws: Workspace, ref: str, choice: str, login: str, note: str | None = None,
           expected_version: int | None = None, on: str | date | None = None) -> str:
    """Records the procedure an officer complaining about a Member chose."""
    choice = (choice or "").strip().lower()
    if choice not in CHOICES:
        raise UserError(f"{quote(choice)} is not a procedure an officer may choose; use one of: "
                        + ", ".join(CHOICES))
    return _decide(ws, ref, login, note, expected_version, on, "complainant_choice", choice,
                   "choice", "record the officer's choice", mo_only=False, fits="officer")


def _decide(ws, ref, login, note, expected_version, on, column, value, action, doing,
            mo_only=True, after=None, fits=None) -> str:
    """`fits`: the kind of complainant (member, officer) the decision is for, if only one."""
    note = clean_text(note, "note", "say why", MAX_NOTE) if note and note.strip() else None
    seen = [expected_version]

    def change(s: Session) -> str:
        user, case, _ = open_for_change(s, ws, ref, login, seen, note)
        if case.route != "member":
            raise Refused(f"{case.ref} is a complaint about an Officer; the initial assessment "
                          "(classification, anonymity) is of complaints about Members")
        if user.role not in MO and (mo_only or user.role == "viewer"):
            who = "the Monitoring Officer or a deputy" if mo_only else "a handler of the case"
            raise Refused(f"only {who} may {doing}; you are signed in as {user.login}")
        if case.state not in ASSESSING:
            raise Refused(f"{case.ref} is at '{state_title(case.route, case.state)}', past the "
                          f"initial assessment; {doing} is for a complaint still being assessed")
        was = getattr(case, column)
        if was == value:
            raise Refused(f"{case.ref}: {column.replace('_', ' ')} is already {value}; nothing to change")
        if after is not None and was not in after:
            now = ANONYMITY_TITLES[was] if was else "nothing asked or recorded yet"
            raise Refused(f"{case.ref}: anonymity is {now}, so it cannot be {value}")
        if fits:
            kind, name = s.execute(select(Person.kind, Person.name)
                                   .where(Person.id == case.complainant_id)).one()
            if kind != fits:
                raise Refused(MISFITS[action, fits].format(name=name))
        if note is None and (action == "classify" or value in ("granted", "refused", "admitted")):
            raise UserError("a note saying why is needed (--note TEXT on the command line)")
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        claim(s, case, seen[0])
        conn = s.connection()
        conn.execute(update(CASES).where(CASES.c.id == case.id).values({column: value}))
        data = {column: value, "was": was, "on": day.isoformat()}
        if note:
            note_id = conn.execute(Note.__table__.insert().returning(Note.__table__.c.id), {
                "case_id": case.id, "author_id": user.id, "kind": "note", "text": note,
                "confidential": False, "amends_id": None, "created_at": audit.now_utc(),
                "dated": day,
            }).scalar_one()
            data.update(note_id=note_id, note_sha256=sha256_text(note))
        audit.append(s, user.login, action, case.ref, None, None, data,
                      case_version=case.version)
        return value

    return write(ws.engine, change)
