"""The papers of a case: notes, evidence documents and sanctions."""

import hashlib
import mimetypes
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.audit.prepared import append_prepared, fresh_head, prepare
from casework.cases.advance import sha256_text
from casework.cases.assignments import is_assigned
from casework.cases.casefile import CLAIM, check_version, claim, guard_context, load_case, read_for_change
from casework.errors import Conflict, NotFound, Refused, UserError, has_bidi_control, has_control, quote
from casework.infile import read_file
from casework.inputs import MAX_NOTE, clean_name, clean_text, effective_day, not_future, parse_date
from casework.profile.exemptions import check_paragraph
from casework.transaction import decide_then_write, read, write
from casework.workflow.guards import sanction_refusal
from casework.workflow.papers import IP_KINDS, NOTE_TITLES
from casework.workflow.sanctions import (
    SUSPENSIONS,
    former_member_refusal,
    statutory_dismissal_refusal,
    suspension_refusal,
)
from casework.workspace import Workspace
from db.models import Blob, Document, Note, Person, Sanction

NOTE_KINDS = tuple(NOTE_TITLES)
MAX_FILE = 200 * 1024 * 1024
_NOTE = Note.__table__.insert().returning(Note.__table__.c.id)


def open_for_change(s: Session, ws: Workspace, ref: str, login: str, seen: list, note=None):
    user = acting_user(s, login)
    case = load_case(s, ref)
    if seen[0] is None:
        seen[0] = case.version
    check_version(case, seen[0])
    ctx = guard_context(s, ws, case, user, note)
    if ctx.conflict():
        raise Refused(ctx.conflict())
    return user, case, ctx


def annotate(
    ws: Workspace, ref: str, text: str, login: str, confidential: bool = False,
    kind: str = "note", amends: int | None = None, expected_version: int | None = None,
    on: str | date | None = None, companion: str | None = None,
) -> int:
    """A meeting note (kind "meeting") records a disciplinary meeting and names who accompanied
    the employee, or "none" (ACAS Code of Practice 1, paras. 13-16)."""
    text = clean_text(text, "note", "write what the note should say", MAX_NOTE)
    if kind not in NOTE_KINDS:
        raise UserError(f"--kind {quote(kind)} is not a kind of note; use one of: {', '.join(NOTE_KINDS)}")
    if kind == "meeting":
        if companion is None or not companion.strip():
            raise UserError("a meeting note names who accompanied the employee: --companion NAME, "
                            "or --companion none if they came alone")
        companion = clean_name(companion, "companion")
    elif companion is not None:
        raise UserError("--companion is for the note of a disciplinary meeting (--kind meeting)")

    def decide(s: Session):
        found = read_for_change(s, login, ref)
        user, case = found.user, found.case
        seen = case.version if expected_version is None else expected_version
        check_version(case, seen)
        conflict = guard_context(s, ws, case, user, facts=found.facts).conflict()
        if conflict:
            raise Refused(conflict)
        require(user, "ip-view" if kind in IP_KINDS else "note",
                "record an Independent Person's view" if kind in IP_KINDS else "add notes")
        if kind == "meeting" and case.route != "officer":
            raise Refused(f"{case.ref} is a complaint about a Member; meeting notes with a companion "
                          "are for disciplinary meetings with an Officer (ACAS Code)")
        if kind in IP_KINDS:
            _one_side(s, case, user, kind)
        if amends is not None:
            old = s.get(Note, amends)
            if old is None or old.case_id != case.id:
                raise NotFound(f"--amends: {case.ref} has no note {amends}")
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
        event = prepare(s.connection(), user.login, "note", case.ref, None, None,
                        {"kind": kind, "confidential": confidential, "amends": amends,
                         "sha256": sha256_text(text), "on": day.isoformat(),
                         **({"companion_sha256": sha256_text(companion)} if companion else {})},
                        seen + 1, found.key)
        return case, seen, user.id, day, event

    def record(s: Session, plan) -> int:
        """Holding the write lock: what was decided, if nothing it rests on has moved."""
        case, seen, author_id, day, event = plan
        head = fresh_head(s.connection(), event)
        claimed, noted = append_prepared(s, event, head, [
            (CLAIM, {"case_id": case.id, "seen": seen, "next": seen + 1}),
            (_NOTE, {"case_id": case.id, "author_id": author_id, "kind": kind, "text": text,
                     "confidential": confidential, "amends_id": amends,
                     "created_at": audit.now_utc(), "companion": companion, "dated": day})], 1)
        if claimed != 1:
            raise Conflict(case.ref)  # and nothing of it is committed
        return noted[0][0]

    return decide_then_write(ws.engine, decide, record)


def _one_side(s: Session, case, user, kind: str) -> None:
    """Localism Act 2011 s.28(7): the Independent Person whose views the authority takes into
    account, and one the member complained about consults, are not the same person on a case."""
    if kind == "ip-subject" and case.route != "member":
        raise Refused(f"{case.ref} is a complaint about an Officer; an Independent Person advises "
                      "a member complained about (Localism Act 2011 s.28(7)(b))")
    if not is_assigned(s, case.id, user.id):
        raise Refused(f"you are not assigned to {case.ref}, so cannot give a view on it; the "
                      f"Monitoring Officer assigns you with casework grant {case.ref} {user.login}")
    other = "ip-subject" if kind == "ip-view" else "ip-view"
    if s.exec(select(Note.id).where(Note.case_id == case.id, Note.author_id == user.id,
                                    Note.kind == other).limit(1)).first() is None:
        return
    if kind == "ip-view":
        raise Refused(f"you advised the subject member on {case.ref} (s.28(7)(b)), so your view is "
                      "not the one the decision takes into account: the Monitoring Officer "
                      "assigns another Independent Person")
    raise Refused(f"you gave the council your view on {case.ref} (s.28(7)(a)), so you cannot also "
                  "advise the subject member on it: another Independent Person does")


def read_evidence(path: str) -> tuple[bytes, str, str]:
    """Returns the bytes, the file name and a media type, or a clear reason it cannot."""
    data, p = read_file(path, MAX_FILE, "document")
    if has_control(p.name) or has_bidi_control(p.name):
        raise UserError(f"the name of {quote(path)} holds a control character or a right-to-left "
                        "override, which would print as something else; rename the file")
    if not data:
        raise UserError(f"{path} is empty (0 bytes); attach the real document")
    media = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
    check_content(path, data, media)
    return data, p.name, media


# How each kind of file begins, so a file is what its name says before a bundle relies on it.
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/bmp": (b"BM",),
    "image/webp": (b"RIFF",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
}


def check_content(path: str, data: bytes, media: str) -> None:
    starts = MAGIC.get(media)
    if starts and not data.startswith(starts):
        kind = media.split("/")[-1].split(".")[-1].upper()
        raise UserError(f"{path} is named as {kind} but its contents are not; check the file")
    if media.startswith("text/"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path} is text but not UTF-8 (byte {exc.start}); save it as UTF-8 or as a PDF"
            ) from None


def attach(
    ws: Workspace, ref: str, path: str, login: str, section: str | None = None,
    confidential: bool = False, description: str = "", expected_version: int | None = None,
    on: str | date | None = None, exemption: str | None = None, filed: str | date | None = None,
) -> int:
    """`on` is the document's own date, as the bundle index lists it (default today); `filed`
    the day it reached the case, when it is recorded later (default today: the timeline says
    so beside the trail's own time of recording). An exemption paragraph makes the document
    confidential: public bundles withhold it."""
    exemption = check_paragraph(ws.profile.regime, exemption)
    confidential = confidential or exemption is not None
    sections = ws.profile.bundle_sections
    section = (section or "evidence").strip()
    if section not in sections:
        raise UserError(f"--section {quote(section)} is not a bundle section; use one of: {', '.join(sections)}")
    with read(ws.engine) as s:  # who may attach, before anything is read from disk
        require(acting_user(s, login), "attach", "attach documents")
    data, name, media = read_evidence(path)
    digest = hashlib.sha256(data).hexdigest()
    seen = [expected_version]

    def change(s: Session) -> int:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, "attach", "attach documents")
        day = effective_day(on, ws.today(), date.min, "")
        came = _filed_day(filed, ws.today(), case.received, day)
        claim(s, case, seen[0])
        doc = file_bytes(s, case, user, data, name, media, section, description or name,
                         confidential, day, exemption)
        audit.append(
            s, user.login, "attach", case.ref, None, None,
            {"document_id": doc.id, "sha256": digest, "size": len(data), "filename": name,
             "section": section, "confidential": confidential, "exemption": exemption,
             "on": day.isoformat(), **({"filed": came.isoformat()} if came else {})},
        )
        return doc.id

    # On PostgreSQL a handler filing the same file to another case at the same moment
    # inserts the same blob first; starting again finds it stored and shares it.
    return write(ws.engine, change, retry_integrity=True)


def _filed_day(filed, today: date, received: date, dated: date) -> date | None:
    """The day a paper late on the record reached the case: not in the future, not before the
    complaint, not before the paper's own date. None when it is today, as the trail says."""
    came = parse_date(filed, "--filed")
    if came is None:
        return None
    came = not_future(came, "--filed", today)
    if came < received:
        raise UserError(f"--filed {came.isoformat()} is before the complaint was received ({received.isoformat()})")
    if came < dated:
        raise UserError(f"--filed {came.isoformat()} is before the document's own date "
                        f"({dated.isoformat()}, --on)")
    return came if came != today else None


def file_bytes(s: Session, case, user, data: bytes, name: str, media: str, section: str,
               description: str, confidential: bool, day: date, exemption: str | None = None,
               redacts: int | None = None, redaction: str | None = None) -> Document:
    """Files `data` to the case as a document, its bytes stored once by SHA-256; the caller
    writes the audit event that says why, in the same transaction. A redacted copy names the
    paper it redacts and the ground (casework.redaction): papers are inserted whole, never
    updated, as a handler's database login may only insert them."""
    digest = hashlib.sha256(data).hexdigest()
    stored = s.get(Blob, digest)
    if stored is None:
        s.add(Blob(sha256=digest, size=len(data), data=data))
    elif hashlib.sha256(stored.data).hexdigest() != digest:
        # Never overwrite evidence in place: a damaged copy is reported, and the record of
        # what was stored stays for whoever investigates.
        raise UserError(f"the stored copy of {name} (also filed elsewhere) no longer matches its "
                        f"SHA-256; the evidence store is damaged, restore it from a backup")
    doc = Document(
        case_id=case.id, sha256=digest, size=len(data), media_type=media, filename=name,
        description=description, section=section, confidential=confidential,
        exemption=exemption, dated=day, added_by=user.id, added_at=audit.now_utc(),
        redacts_id=redacts, redaction=redaction,
    )
    s.add(doc)
    s.flush()
    return doc


def record_sanction(
    ws: Workspace, ref: str, kind: str, login: str, detail: str = "",
    due: str | date | None = None, expected_version: int | None = None,
    on: str | date | None = None, until: str | date | None = None,
) -> int:
    """`until` is the last day of a sanction that runs for a period (a suspension, a warning)."""
    kind = kind.strip().lower()
    due_day = parse_date(due, "--due")
    until_day = parse_date(until, "--until")
    seen = [expected_version]

    def change(s: Session) -> int:
        user, case, ctx = open_for_change(s, ws, ref, login, seen)
        require(user, f"sanction-{case.route}", f"record sanctions on a complaint about a{'n Officer' if case.route == 'officer' else ' Member'}")
        refusal = sanction_refusal(ctx, case.state, kind, ws.profile.sanctions[case.route])
        if refusal:
            raise Refused(refusal)
        day = effective_day(on, ws.today(), case.stage_entered, "the finding of breach")
        if due_day is not None and due_day < day:
            raise UserError(f"--due {due_day.isoformat()} is before the sanction was imposed ({day.isoformat()})")
        ends = sanction_period(ws, case.route, kind, day, until_day)
        subject = s.get(Person, case.subject_id)
        refusal = former_member_refusal(kind, subject.name, subject.left_office, day)
        if refusal:
            raise Refused(refusal)
        if case.route == "officer":
            post = subject.statutory_post
            refusal = statutory_dismissal_refusal(case.ref, kind, post, ws.profile.regime, ctx.sections,
                                                  ws.face)
            if refusal:
                raise Refused(refusal)
        claim(s, case, seen[0])
        sanction = Sanction(
            case_id=case.id, kind=kind, detail=(detail or "").strip(), due=due_day, ends=ends,
            recorded_by=user.id, recorded_at=audit.now_utc(),
        )
        s.add(sanction)
        s.flush()
        audit.append(
            s, user.login, "sanction", case.ref, None, None,
            {"sanction_id": sanction.id, "kind": kind, "detail": sanction.detail,
             "due": due_day.isoformat() if due_day else None, "on": day.isoformat(),
             **({"until": ends.isoformat()} if ends else {})},
        )
        return sanction.id

    return write(ws.engine, change)


def sanction_period(ws: Workspace, route: str, kind: str, starts: date, until: date | None):
    """The last day of a sanction that runs for a period, or None. A suspension of a Member in
    Wales runs for at most six months and not past the term; an officer's warning lapses after
    the months the council's policy gives it (the profile's warnings_expire), unless --until
    sets another last day."""
    if route == "member" and ws.profile.regime == "wales" and kind in SUSPENSIONS:
        refusal = suspension_refusal(kind, starts, until, ws.profile.members_term_ends)
        if refusal:
            raise Refused(refusal)
        return until
    months = (ws.profile.warnings_expire or {}).get(kind) if route == "officer" else None
    if months:
        if until is not None and until < starts:
            raise UserError(f"--until {until.isoformat()} is before the warning is given ({starts.isoformat()})")
        return until or starts + relativedelta(months=months) - relativedelta(days=1)
    if until is not None:
        raise Refused(f"--until is for a sanction that runs for a period; {quote(kind)} has no last day")
    return None


def record_compliance(
    ws: Workspace, ref: str, sanction_id: int, login: str, complied: str | date | None = None,
    not_complied: str | None = None, expected_version: int | None = None,
    on: str | date | None = None,
) -> None:
    """`complied` is the day it was complied with; `on` the day non-compliance was recorded."""
    if (complied is None) == (not_complied is None):
        raise UserError("say either --on YYYY-MM-DD (complied) or --not-complied REASON, not both")
    reason = clean_text(not_complied, "reason", "say why it was not complied with", 2000) if not_complied else None
    complied = parse_date(complied, "--on")
    seen = [expected_version]

    def change(s: Session) -> None:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, f"sanction-{case.route}", "record compliance with sanctions")
        sanction = s.get(Sanction, sanction_id)
        if sanction is None or sanction.case_id != case.id:
            raise NotFound(f"{case.ref} has no sanction {sanction_id}: see casework show {case.ref}")
        if sanction.complied or sanction.non_compliance:
            raise Refused(f"sanction {sanction_id} on {case.ref} is already settled")
        when = effective_day(complied or on, ws.today(), case.stage_entered, "the finding of breach")
        day = when if complied else None
        claim(s, case, seen[0])
        sanction.complied, sanction.non_compliance = day, reason
        audit.append(
            s, user.login, "compliance", case.ref, None, None,
            {"sanction_id": sanction_id, "complied": day.isoformat() if day else None,
             "not_complied": reason, "on": when.isoformat()},
        )

    write(ws.engine, change)
