"""The live rows against the trail: each note's text, each paper's bytes and each case's summary
as the events that wrote them recorded (by hash), each case's stage and version as its last
events left them, each user's role and standing as the events that set them, and each subject
access request's days and pack (casework.audit.requests). The chain
shows a rewritten trail; this shows a row rewritten under an intact one, as a doctored backup
or anyone who can write the database file would have it."""

import hashlib
import json

from sqlalchemy import and_, inspect, or_, select, text
from sqlmodel import Session

from casework.audit.personal import digest_matches, keys
from casework.audit.requests import requests_against_trail
from db.audit_personal import VALUES as PERSONAL
from db.audit_personal import committed, mac, scope_of
from db.models import AuditEvent, AuditKey, AuditValue, Case, CaseHold, Document, Note, User

# The actions whose events record a note's, a paper's or a summary's hash.
RECORDING = ("note", "transition", "classify", "anonymity", "choice", "measure", "attach", "open",
             "import", "redact")
PAPER_EVENTS = ("note", "attach", "open", "import", "redact")
EVENTS, CASES, NOTES, DOCS = AuditEvent.__table__, Case.__table__, Note.__table__, Document.__table__
HOLDS = CaseHold.__table__


def rows_against_trail(session: Session) -> str | None:
    """The first row that is not as its event recorded it, in words, or None."""
    return (_papers(session) or _cases(session) or _holds(session) or _values(session)
            or _users(session) or requests_against_trail(session.connection()))


def case_against_trail(session: Session, ref: str) -> str | None:
    """The same for one case: its notes, papers and summary, its stage and version."""
    return (_papers(session, ref) or _cases(session, ref) or _holds(session, ref)
            or _values(session, ref))


# Each case's last event that moved it, and its last event of all.
_LAST_MOVE = text("SELECT e.case_ref, e.to_state FROM audit_event e JOIN (SELECT max(seq) AS seq "
                  "FROM audit_event WHERE to_state IS NOT NULL AND case_ref IS NOT NULL "
                  "GROUP BY case_ref) m ON m.seq = e.seq")
_LAST = text("SELECT e.case_ref, e.data FROM audit_event e JOIN (SELECT max(seq) AS seq "
             "FROM audit_event WHERE case_ref IS NOT NULL GROUP BY case_ref) m ON m.seq = e.seq")


def _cases(session: Session, only: str | None = None) -> str | None:
    if only is None:
        moved = dict(session.execute(_LAST_MOVE).all())
        last = dict(session.execute(_LAST).all())
        cases = select(Case.ref, Case.state, Case.version).order_by(Case.ref)
    else:
        of_case = select(AuditEvent.case_ref, AuditEvent.to_state, AuditEvent.data).where(
            AuditEvent.case_ref == only).order_by(AuditEvent.seq.desc())
        events = session.execute(of_case).all()
        to = next((t for _, t, _ in events if t is not None), None)
        moved = {only: to} if to is not None else {}
        last = {only: events[0][2]} if events else {}
        cases = select(Case.ref, Case.state, Case.version).where(Case.ref == only)
    for ref, state, version in session.execute(cases):
        if ref in moved and moved[ref] != state:
            return f"{ref} is at {state}, but its last event in the audit trail took it to {moved[ref]}"
        # Events from before the marks existed, and bulk-loaded ones, carry no version.
        recorded = json.loads(last[ref]).get("case_version") if ref in last else None
        if recorded is not None and recorded != version:
            return (f"{ref} is at version {version}, but its last event in the audit trail "
                    f"recorded version {recorded}: it was changed without an event")
    return None


USER_EVENTS = ("init", "user-add", "user-role", "user-activate", "user-deactivate")


def _users(session: Session) -> str | None:
    told: dict[str, list] = {}
    for action, data in session.execute(select(AuditEvent.action, AuditEvent.data)
                                        .where(AuditEvent.action.in_(USER_EVENTS))
                                        .order_by(AuditEvent.seq)):
        d = json.loads(data)
        if action in ("init", "user-add"):
            told[d["login"]] = [d["role"], True]
        elif d.get("login") in told:
            if action == "user-role":
                told[d["login"]][0] = d["to"]
            else:
                told[d["login"]][1] = action == "user-activate"
    for login, role, active in session.execute(select(User.login, User.role, User.active).order_by(User.login)):
        if login not in told:
            return f"the user {login} is in the database but no event of the audit trail added them"
        if told[login][0] != role:
            return f"the user {login} is {role}, but the audit trail made them {told[login][0]}"
        if told[login][1] != bool(active):
            was = "active" if told[login][1] else "deactivated"
            return f"the user {login} is {'active' if active else 'deactivated'}, but the audit trail left them {was}"
    return None


def _papers(session: Session, only: str | None = None) -> str | None:
    # Core rows straight from the driver: ORM rows cost more than the hashing they feed.
    conn = session.connection()
    notes, papers, summaries, copies = {}, {}, {}, {}
    recording = select(EVENTS.c.action, EVENTS.c.case_ref, EVENTS.c.data).where(
        or_(EVENTS.c.action.in_(PAPER_EVENTS),
            and_(EVENTS.c.action.in_(RECORDING), EVENTS.c.data.contains('"note_id"'))))
    note_rows = select(NOTES.c.id, NOTES.c.case_id, NOTES.c.text).order_by(NOTES.c.id)
    doc_rows = select(DOCS.c.id, DOCS.c.case_id, DOCS.c.sha256).order_by(DOCS.c.id)
    summary_rows = select(CASES.c.ref, CASES.c.summary)
    if only is not None:
        case_id = select(CASES.c.id).where(CASES.c.ref == only).scalar_subquery()
        recording = recording.where(EVENTS.c.case_ref == only)
        note_rows, doc_rows = note_rows.where(NOTES.c.case_id == case_id), doc_rows.where(DOCS.c.case_id == case_id)
        summary_rows = summary_rows.where(CASES.c.ref == only)
    events = conn.execute(recording.order_by(EVENTS.c.seq))
    loads = json.loads
    for action, ref, data in events:
        d = loads(data)
        if "note_id" in d:
            notes[d["note_id"]] = ("sha256", d.get("sha256")) if action == "note" else (
                "note_sha256", d.get("note_sha256"))
        if action in ("attach", "redact"):
            papers[d["document_id"]] = d.get("sha256")
        if action == "redact":
            copies[d["document_id"]] = d.get("redacts")
        if action in ("open", "import") and d.get("summary_sha256"):
            summaries[ref] = d["summary_sha256"]
    cases = dict(conn.execute(select(CASES.c.id, CASES.c.ref)).all())
    key = _keys(conn, only)
    for note_id, case_id, body in conn.execute(note_rows):
        field, stored = notes.get(note_id, (None, None))
        if stored and not digest_matches(key(cases[case_id]), field, stored, _sha(body)):
            return f"note {note_id} of {cases[case_id]} is not the text the audit trail recorded"
    for doc_id, case_id, sha in conn.execute(doc_rows):
        if papers.get(doc_id) and sha != papers[doc_id]:
            return f"document {doc_id} of {cases[case_id]} is not the paper the audit trail recorded"
    for ref, summary in conn.execute(summary_rows):
        if ref in key.disposed:
            continue  # its summary was erased, as its dispose event records
        if summaries.get(ref) and not digest_matches(key(ref), "summary_sha256", summaries[ref], _sha(summary)):
            return f"the summary of {ref} is not the one the audit trail recorded"
    return _copies(conn, copies, cases, only)


def _copies(conn, told: dict, cases: dict, only: str | None) -> str | None:
    """Each redacted copy names the original the trail recorded, and no paper claims to be a
    copy without an event: a link moved behind the trail would put another paper, unredacted,
    in a public bundle, or its copy in the place of the wrong one."""
    if "redacts_id" not in {c["name"] for c in inspect(conn).get_columns("document")}:
        return None  # a backup from before redacted copies (schema 0028), checked before upgrade
    rows = select(DOCS.c.id, DOCS.c.case_id, DOCS.c.redacts_id).order_by(DOCS.c.id)
    if only is not None:
        rows = rows.where(DOCS.c.case_id == select(CASES.c.id).where(CASES.c.ref == only).scalar_subquery())
    for doc_id, case_id, redacts in conn.execute(rows):
        if redacts != told.get(doc_id):
            return (f"document {doc_id} of {cases[case_id]} is not linked to the paper it redacts "
                    "as the audit trail recorded")
    return None


def _holds(session: Session, only: str | None = None) -> str | None:
    """Each legal hold as its events left it, reasons by their hashes: a hold removed or lifted
    behind the trail would let a held case fall due for disposal."""
    conn = session.connection()
    if not inspect(conn).has_table("case_hold"):
        return None  # a backup from before holds (schema 0026), checked before it is upgraded
    told: dict[int, list] = {}  # hold id -> [case, hash of the reason placed, of the reason lifted]
    events = select(EVENTS.c.case_ref, EVENTS.c.data).where(EVENTS.c.action == "hold")
    rows = select(HOLDS.c.id, CASES.c.ref, HOLDS.c.reason, HOLDS.c.lifted_at, HOLDS.c.lift_reason).join(
        CASES, CASES.c.id == HOLDS.c.case_id).order_by(HOLDS.c.id)
    if only is not None:
        events, rows = events.where(EVENTS.c.case_ref == only), rows.where(CASES.c.ref == only)
    for ref, data in conn.execute(events.order_by(EVENTS.c.seq)):
        d = json.loads(data)
        if d.get("step") == "place":
            told[d.get("hold_id")] = [ref, d.get("reason_sha256"), None]
        elif d.get("hold_id") in told:
            told[d["hold_id"]][2] = d.get("reason_sha256")
    key = _keys(conn, only)
    for hold_id, ref, reason, lifted_at, lift_reason in conn.execute(rows):
        was = told.pop(hold_id, None)
        if was is None or was[0] != ref:
            return f"legal hold {hold_id} on {ref} is in the database but no event of the audit trail placed it"
        if ref in key.disposed:
            continue  # its reasons were erased, as its dispose event records
        if not digest_matches(key(ref), "reason_sha256", was[1], _sha(reason)):
            return f"legal hold {hold_id} on {ref} does not give the reason the audit trail recorded"
        # Whether it is lifted is lifted_at, as the retention schedule reads it.
        lifted = lifted_at is not None
        if lifted != (was[2] is not None) or (lifted and not digest_matches(
                key(ref), "reason_sha256", was[2], _sha(lift_reason or ""))):
            return (f"legal hold {hold_id} on {ref} is {'lifted' if lifted else 'in place'}, "
                    "but not as the audit trail left it")
    for hold_id, (ref, _, _) in sorted(told.items()):
        return f"legal hold {hold_id} on {ref} was placed in the audit trail but is gone from the database"
    return None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _Keys:
    """Each case's key, and the cases whose keys disposal erased."""

    def __init__(self, found: dict):
        self.found = found
        self.disposed = {scope[5:] for scope, (key, erased) in found.items()
                         if scope.startswith("case:") and erased}

    def __call__(self, ref: str) -> bytes | None:
        return self.found.get(f"case:{ref}", (None, None))[0]


def _keys(conn, only: str | None) -> _Keys:
    if not inspect(conn).has_table("audit_key"):
        return _Keys({})  # a backup from before keyed commitments (schema 0029)
    q = select(AuditKey.__table__.c.scope)
    if only is not None:
        q = q.where(AuditKey.__table__.c.scope == f"case:{only}")
    return _Keys(keys(conn, conn.execute(q).scalars()))


VALUES = AuditValue.__table__


def _values(session: Session, only: str | None = None) -> str | None:
    """Each personal value beside the trail is the one its event committed to, and each one
    committed to is there until disposal erased it with its key: a name changed or removed
    behind the trail shows here."""
    conn = session.connection()
    if not inspect(conn).has_table("audit_value"):
        return None
    events = select(EVENTS.c.seq, EVENTS.c.action, EVENTS.c.case_ref, EVENTS.c.data).where(
        EVENTS.c.action.in_(tuple(PERSONAL)))
    held_q = select(VALUES.c.seq, VALUES.c.field, VALUES.c.value)
    if only is not None:
        events = events.where(EVENTS.c.case_ref == only)
        held_q = held_q.join(EVENTS, EVENTS.c.seq == VALUES.c.seq).where(EVENTS.c.case_ref == only)
    held = {(seq, field): value for seq, field, value in conn.execute(held_q)}
    wanted = []
    for seq, action, ref, data in conn.execute(events.order_by(EVENTS.c.seq)):
        d = json.loads(data)
        for field in PERSONAL[action]:
            if committed(d.get(field)):
                wanted.append((seq, action, ref, field, d[field], scope_of(action, ref, d)))
    found = keys(conn, {w[5] for w in wanted})
    for seq, action, ref, field, stored, scope in wanted:
        key, erased = found.get(scope, (None, None))
        value = held.pop((seq, field), None)
        where = f"event #{seq} ({action}{' on ' + ref if ref else ''})"
        if key is None and not erased:
            return f"the key that {where} commits its {field} under is missing"
        if key is None:
            if value is not None:
                return f"{where} has its {field} beside it after its records were disposed of"
            continue
        if value is None:
            return f"the {field} {where} committed to is gone from beside the trail"
        if mac(key, field, json.loads(value)) != stored:
            return f"the {field} beside {where} is not the one the audit trail committed to"
    for seq, field in sorted(held):
        return f"a {field} is kept beside event #{seq}, which committed to none"
    return None
