"""The decision notice a council publishes on a complaint about a Member.

It names the Member and states the finding, the reasons and any sanction, and leaves out the
complainant, confidential notes and exempt papers. Outcomes for Officers stay on personnel
files, so they get no public notice.
"""

import hashlib
from datetime import date

from sqlalchemy import update

from casework.access.actors import acting_user
from casework.audit import chain as audit
from casework.cases.casefile import load_case
from casework.cases.views import show_case
from casework.clock import long_date
from casework.errors import Refused, UserError
from casework.transaction import read, write
from casework.workflow.events import DECISION_NOTICE, NOTICE_STAGES
from casework.workflow.roles import MO
from casework.workspace import Workspace
from db.models import Case

# event -> (who decided, what they decided); {stage} is the stage it was decided in.
DECISIONS = {
    ("hearing", "find_breach"): ("The Standards Committee, at its hearing,", "found that {subject} breached the protocol"),
    ("hearing", "find_no_breach"): ("The Standards Committee, at its hearing,", "found that {subject} did not breach the protocol"),
    ("decision", "find_no_breach"): ("The Monitoring Officer, after investigation,", "found that {subject} did not breach the protocol"),
    ("assessment", "no_further_action"): ("The Monitoring Officer, on initial assessment,", "decided to take no further action on the complaint"),
    ("review", "confirm_decision"): ("The Monitoring Officer, on review,", "confirmed the decision to take no further action"),
    ("local_resolution", "resolve"): ("The complaint", "was resolved by local resolution"),
    ("hos_consulted", "resolve"): ("The complaint", "was resolved informally with the Head of Service or Director"),
}


def _long(day: str) -> str:
    return long_date(day)


_PERSONNEL = ("{ref} is about an Officer; its outcome belongs on the personnel file, not in a "
              "published decision notice")


def decision_notice(ws: Workspace, case: dict) -> str:
    """`case` is what show_case gave the reader, so nothing they may not see can appear."""
    if case["route"] != "member":
        raise Refused(_PERSONNEL.format(ref=case["ref"]))
    history = case["history"]
    decided = None
    for ev in history:
        if ev["action"] == "transition":
            key = (ev["from"], ev["data"].get("event"))
            decided = ev if key in DECISIONS else (None if ev["data"].get("event") == "reopen" else decided)
    if decided is None:
        raise UserError(f"{case['ref']} has no decision to publish yet (stage: {case['stage']}); "
                        f"a notice follows a finding, a decision to take no further action or a local resolution")
    who, what = DECISIONS[(decided["from"], decided["data"]["event"])]
    subject = case["subject"]["name"]
    notes = {n["id"]: n for n in case["notes"]}
    reasons = notes.get(decided["data"].get("note_id"))
    lines = [
        ws.profile.council,
        f"Decision notice: complaint {case['ref']}",
        "",
        f"Member complained about: {subject}",
        f"Protocol clause: {case['clause']} {case['clause_title']}".rstrip(),
        f"Complaint received: {_long(case['received'])}",
        "",
        "Decision",
        f"{who} on {_long(decided['data']['on'])}, {what.format(subject=subject)}.",
    ]
    if reasons and not reasons["confidential"]:
        lines += ["", "Reasons", reasons["text"]]
    if any(n["kind"] == "ip-view" for n in case["notes"]) or any(
            e["action"] == "note" and e["data"].get("kind") == "ip-view" for e in history):
        lines += ["", "The views of the Independent Person were sought and taken into account."]
    if decided["data"]["event"] == "find_breach":
        lines += ["", "Sanctions"]
        for x in case["sanctions"] or []:
            due = f", to be complied with by {_long(x['due'])}" if x["due"] else ""
            if x.get("until"):
                due += f", until {_long(x['until'])} inclusive"
            detail = f": {x['detail'].rstrip('.')}" if x["detail"] else ""
            state = (f" Complied with on {_long(x['complied'])}." if x["complied"]
                     else " Not complied with." if x["not_complied"] else "")
            lines.append(f"- {x['title']}{detail}{due}.{state}")
        if not case["sanctions"]:
            lines.append("- None recorded yet.")
    lines += ["", "Information that is exempt under Schedule 12A to the Local Government Act 1972, "
              "and the identity of the complainant, are not published."]
    return "\n".join(lines) + "\n"


def notice_text(ws: Workspace, ref: str, login: str) -> tuple[str, str]:
    """(the notice, the case reference); only those who publish notices may have one."""
    with read(ws.engine) as s:
        role = acting_user(s, login).role
        found = load_case(s, ref)
        case_ref, route = found.ref, found.route
    if role not in MO | {"clerk"}:
        raise Refused("only the Monitoring Officer, a deputy or a committee clerk may issue a decision notice")
    if route != "member":
        # Refused before the file is opened: a refusal leaves no trace, not even of a reading.
        raise Refused(_PERSONNEL.format(ref=case_ref))
    case = show_case(ws, ref, login)
    return decision_notice(ws, case), case["ref"]


def publish(ws: Workspace, ref: str, login: str, on: date | None = None) -> str:
    """The notice, recorded in the audit as an export issued on `on` (default today). Where
    issuing it is the stage's duty (NOTICE_STAGES) the case is no longer due, in the same
    transaction as the record."""
    text, case_ref = notice_text(ws, ref, login)
    data = {"what": DECISION_NOTICE, "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "on": (on or ws.today()).isoformat()}

    def change(s):
        acting_user(s, login)
        audit.append(s, login, "export", case_ref, None, None, data)
        s.execute(update(Case).where(Case.ref == case_ref, Case.state.in_(NOTICE_STAGES))
                  .values(next_due=None))

    write(ws.engine, change)
    return text
