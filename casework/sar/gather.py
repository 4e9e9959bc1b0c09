"""What casework holds about a requester: their register entry; the cases they brought, are
the subject of, or have a part in (their own parts); notes and papers on those cases and any
other that name them; and the trail of events about them. Each item is made ready to give:
others' names taken out of what casework typesets, papers that name others held back for the
handler's review unless a redacted copy leaves none (the newest copy is the one given)."""

import io
import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.access.rules import check_may_read
from casework.audit.personal import reveal
from casework.bundle.convert import decode
from casework.cases.evidence import evidence_bytes, kind_of
from casework.clock import council_time
from casework.errors import Refused, UserError, quote
from casework.sar.names import Names, variants
from casework.sar.requests import WHAT, load_request, names_of, open_for
from casework.transaction import read
from casework.workflow.involvement import CAPACITIES
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import AuditEvent, Case, CaseMeasure, CaseRole, Document, Note, Person, Sanction, SubjectAccess

_NOTES = Note.__table__
# An event's data that says nothing a person can read, or only hashes of words held elsewhere.
_QUIET = ("case_seq", "case_version", "account")


@dataclass
class Item:
    key: str  # R, C<case id>, N<note id>, D<original paper's id>, T<case id>, T0
    kind: str  # register | case | note | document | trail
    title: str
    case_ref: str | None = None
    dated: date | None = None
    text: str = ""  # what is typeset, others' names already out
    redacted: int = 0  # names taken out of the text
    others: list[str] = field(default_factory=list)  # whom it names besides the requester
    doc: Document | None = None  # the paper given: the newest redacted copy, or the original
    form: str | None = None  # pdf | image | text | None (cannot be reproduced)
    held: str | None = None  # why it waits for the handler's review; withheld until decided
    withheld: tuple[str, str] | None = None  # (ground code, why) once decided


@dataclass
class Found:
    request: SubjectAccess
    requester: str
    items: list[Item]
    cases: list[str]  # every case an item comes from, for their trails' export events


def gather(ws: Workspace, login: str, target: str, terms=(), disclose=(),
           every_paper: bool = False) -> Found:
    """Papers are searched for the requester's names in their words on the cases they are in or
    named in by a note; elsewhere by their description and file name, unless `every_paper`
    (reading the words of every paper in a large database takes minutes)."""
    with read(ws.engine) as s:
        user = acting_user(s, login)
        require(user, "sar", WHAT)
        row = load_request(s, target) if str(target).strip().lstrip("#").isdigit() else open_for(s, target)
        person = s.get(Person, row.person_id) if row.person_id else None
        if person is not None and user.person_id == person.id:
            raise Refused("a request about yourself is answered by a deputy, not by you")
        names = _names(s, row, person, terms, disclose)
        items: list[Item] = []
        if person is not None:
            items.append(_register(person, names))
        if user.person_id is not None:
            _nothing_hidden(s, row.requester)
        cases = _cases(s, user, row, person, names)
        for case, part in cases.values():
            items.append(_case_item(s, ws, case, part, names))
        party = {cid for cid, (_, part) in cases.items() if part in ("complainant", "subject")}
        refs = {cid: case.ref for cid, (case, _) in cases.items()}
        own = {cid: (ref, cid in party) for cid, ref in refs.items()}
        items += _notes(s, user, party, names, refs)
        items += _papers(s, ws, user, party, names, refs, every_paper)
        items += _trails(s, person, own, names)
    return Found(row, row.requester, items, sorted({i.case_ref for i in items if i.case_ref}))


def _names(s: Session, row, person, terms, disclose) -> Names:
    freed = {" ".join(d.split()).casefold() for d in disclose if d.strip()}
    others: dict[str, list[str]] = {}
    for pid, name in s.execute(select(Person.id, Person.name)):
        if pid == row.person_id:
            continue
        known = {v.casefold() for v in variants(name)}
        if not freed & known:
            others[name] = [name]
        freed -= known
    if freed:
        raise UserError(f"--disclose {quote(sorted(freed)[0])}: no one else in the register is "
                        "called that, so there is no name to give; check the spelling (casework "
                        "people list)")
    for t in terms:
        if t.strip():
            others[t.strip()] = [t.strip()]
    return Names(names_of(row, person), others)


def _readable(s: Session, user, case: Case, who: str) -> None:
    try:
        check_may_read(s, user, case)
    except Refused as exc:
        raise Refused(f"{exc.message}; it holds what is about {who}, so another Monitoring "
                      "Officer or deputy must make this pack") from None


def _nothing_hidden(s: Session, who: str) -> None:
    """On PostgreSQL the database hides from a handler the cases they are a party to or a
    witness in (db.pg_rows): a pack made by someone with such cases could leave out what they
    hold, without a word. The trail, which the Monitoring Officer reads whole, names them."""
    seen = set(s.execute(select(Case.ref)).scalars())
    named = s.execute(select(AuditEvent.case_ref).where(AuditEvent.case_ref.is_not(None))
                      .distinct()).scalars()
    hidden = sum(1 for ref in named if ref not in seen)
    if hidden:
        raise Refused(f"{hidden} case{'s are' if hidden != 1 else ' is'} closed to you, as a party "
                      f"or a witness, and may hold what is about {who}: another Monitoring Officer "
                      "or deputy, with no part in any case, must make this pack")


def _register(person: Person, names: Names) -> Item:
    lines = [f"Name: {person.name}", f"In the register as: {person.kind}"]
    for label, value in (("Service, ward or group", person.service), ("Email", person.email),
                         ("Protocol signed", person.protocol_signed), ("Tier", person.tier),
                         ("Statutory post", person.statutory_post),
                         ("Left office", person.left_office),
                         ("Complaints restricted until", person.restricted_until)):
        if value not in (None, ""):
            lines.append(f"{label}: {value}")
    text, n = names.redact("\n".join(lines))
    return Item("R", "register", "Your entry in the register of Members and Officers",
                text=text, redacted=n)


def _cases(s: Session, user, row, person, names: Names) -> dict[int, tuple[Case, str]]:
    """Case id -> (case, the requester's part in it), for the cases they are in."""
    found: dict[int, tuple[Case, str]] = {}
    if person is None:
        return found
    for case in s.execute(select(Case).where(or_(Case.complainant_id == person.id,
                                                 Case.subject_id == person.id))).scalars():
        found[case.id] = (case, "complainant" if case.complainant_id == person.id else "subject")
    for case, capacity in s.execute(select(Case, CaseRole.capacity).join(
            CaseRole, CaseRole.case_id == Case.id).where(CaseRole.person_id == person.id)).all():
        found.setdefault(case.id, (case, capacity))
    for case, _ in found.values():
        _readable(s, user, case, row.requester)
    return dict(sorted(found.items()))


def _case_item(s: Session, ws: Workspace, case: Case, part: str, names: Names) -> Item:
    about = "an Officer" if case.route == "officer" else "a Member"
    lines = [f"Reference: {case.ref}, a complaint about {about}"]
    if part in ("complainant", "subject"):
        people = dict(s.execute(select(Person.id, Person.name).where(
            Person.id.in_([case.complainant_id, case.subject_id]))).all())
        lines += [f"Your part: {'you made the complaint' if part == 'complainant' else 'the complaint is about you'}",
                  f"Made by: {people[case.complainant_id]}", f"About: {people[case.subject_id]}",
                  f"Clause alleged: {case.clause} {ws.profile.clauses.get(case.clause, '')}".rstrip(),
                  f"Received: {case.received.isoformat()}",
                  f"Stage: {state_title(case.route, case.state)}{'' if case.is_open else ' (ended)'}",
                  f"Summary: {case.summary}"]
        if part == "subject":
            for kind, detail, due, complied in s.execute(select(
                    Sanction.kind, Sanction.detail, Sanction.due, Sanction.complied).where(
                    Sanction.case_id == case.id).order_by(Sanction.id)):
                lines.append(f"Sanction: {kind}{': ' + detail if detail else ''}"
                             f"{', due ' + due.isoformat() if due else ''}"
                             f"{', complied ' + complied.isoformat() if complied else ''}")
        for kind, detail, started, ended in s.execute(select(
                CaseMeasure.kind, CaseMeasure.detail, CaseMeasure.started, CaseMeasure.ended).where(
                CaseMeasure.case_id == case.id).order_by(CaseMeasure.id)):
            if names.about_requester(detail) or part == "subject":
                lines.append(f"Measure: {kind}, from {started.isoformat()}"
                             f"{' to ' + ended.isoformat() if ended else ''}: {detail}")
    else:
        lines.append(f"Your part: {CAPACITIES.get(part, part)}")
    text, n = names.redact("\n".join(lines))
    return Item(f"C{case.id}", "case", f"Case {case.ref}: your part in it", case.ref, case.received,
                text, n, names.third_parties("\n".join(lines)))


def _notes(s: Session, user, party: set[int], names: Names, refs: dict[int, str]) -> list[Item]:
    """Every note on the requester's own cases, and any other that names them. Read as plain
    rows a batch at a time: a large database holds hundreds of thousands."""
    out = []
    rows = s.connection().execution_options(yield_per=2000).execute(
        select(_NOTES.c.id, _NOTES.c.case_id, _NOTES.c.text).order_by(_NOTES.c.case_id, _NOTES.c.id))
    wanted = [i for i, case_id, text in rows if case_id in party or names.about_requester(text)]
    for note in (s.get(Note, i) for i in wanted):
        ref = refs.get(note.case_id) or _other_case(s, user, note.case_id, refs)
        text, n = names.redact(note.text)
        day = note.dated or date.fromisoformat(note.created_at[:10])
        kind = {"ip-view": "the Independent Person's view", "meeting": "a meeting"}.get(note.kind, "a note")
        amends = f" (correcting note {note.amends_id})" if note.amends_id else ""
        out.append(Item(f"N{note.id}", "note", f"Note {note.id} on {ref}: {kind}{amends}", ref, day,
                        text, n, names.third_parties(note.text)))
    return out


def _other_case(s: Session, user, case_id: int, refs: dict[int, str]) -> str:
    case = s.get(Case, case_id)
    _readable(s, user, case, "the requester")
    refs[case_id] = case.ref
    return case.ref


def _papers(s: Session, ws: Workspace, user, party: set[int], names: Names,
            refs: dict[int, str], every_paper: bool) -> list[Item]:
    docs = list(s.execute(select(Document).order_by(Document.case_id, Document.id)).scalars())
    newest: dict[int, Document] = {}
    for d in docs:
        if d.redacts_id is not None and (d.redacts_id not in newest or d.id > newest[d.redacts_id].id):
            newest[d.redacts_id] = d
    out, known = [], set(refs)
    for original in (d for d in docs if d.redacts_id is None):
        said = f"{original.description}\n{original.filename}"
        if original.case_id not in party and not names.about_requester(said):
            text = _words(ws, original) if every_paper or original.case_id in known else None
            if not names.about_requester(text or ""):
                continue
        ref = refs.get(original.case_id) or _other_case(s, user, original.case_id, refs)
        given = newest.get(original.id, original)
        out.append(_paper_item(ws, ref, original, given, names))
    return out


def _paper_item(ws: Workspace, ref: str, original: Document, given: Document, names: Names) -> Item:
    form = kind_of(given.media_type, given.filename)
    text = _words(ws, given)
    title, n = names.redact(f"Paper {original.id} on {ref}: {original.description or original.filename}"
                            + (" (its redacted copy)" if given is not original else ""))
    item = Item(f"D{original.id}", "document", title, ref, original.dated, doc=given, form=form,
                redacted=n)
    if form == "text":
        item.text, more = names.redact(text or "")
        item.redacted += more
        item.others = names.third_parties(text or "")
    elif form is None:
        item.held = (f"a {given.media_type} file the pack cannot reproduce: check it and give it "
                     f"separately, or --withhold {item.key}=CODE")
    elif text is None or not text.strip():
        item.held = (f"its words cannot be searched for others' names (a picture or a scan): "
                     f"check it by eye, then --release {item.key} or --withhold {item.key}=CODE")
    else:
        item.others = names.third_parties(text)
        if item.others:
            item.held = (f"names others: redact them (casework redact {ref} {original.id} --term "
                         f"NAME --reason third-party) and pack again, or --release {item.key} if "
                         "they may be given")
    return item


def _words(ws: Workspace, doc: Document) -> str | None:
    """A paper's words, or None where it has none to read (an image, a scan)."""
    form = kind_of(doc.media_type, doc.filename)
    if form not in ("pdf", "text"):
        return None
    data = evidence_bytes(ws.engine, doc.sha256, f"document {doc.id} ({doc.filename})")
    if form == "text":
        return decode(data)
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _trails(s: Session, person, own: dict[int, tuple[str, bool]], names: Names) -> list[Item]:
    """The events of the cases the requester is a party to, case by case; of a case they have
    another part in, the events about them; and the register's events about them."""
    out = []
    for cid, (ref, party) in sorted(own.items()):
        events = [e for e in s.execute(select(AuditEvent).where(AuditEvent.case_ref == ref)
                                       .order_by(AuditEvent.seq)).scalars()
                  if party or json.loads(e.data).get("person_id") == person.id]
        if events:
            out.append(_trail(f"T{cid}", f"What was done on {ref}, as the audit trail records it",
                              ref, events, names, s))
    if person is not None:
        mine = [e for e in s.execute(select(AuditEvent).where(
            AuditEvent.case_ref.is_(None), AuditEvent.action != "sar",
            AuditEvent.data.contains('"person_id":')).order_by(AuditEvent.seq)).scalars()
            if json.loads(e.data).get("person_id") == person.id]
        if mine:
            out.append(_trail("T0", "Changes to your entry in the register, as the audit trail "
                              "records them", None, mine, names, s))
    return out


def _trail(key: str, title: str, ref: str | None, events, names: Names, s: Session) -> Item:
    # The names and words the trail commits to, read back in their place (casework.audit.personal).
    told = {e["seq"]: e["data"] for e in reveal(s.connection(), [
        {"seq": e.seq, "action": e.action, "case": e.case_ref, "data": json.loads(e.data)} for e in events])}
    lines = []
    for e in events:
        data = told[e.seq]
        said = ", ".join(f"{k}={v}" for k, v in sorted(data.items())
                         if k not in _QUIET and not k.endswith(("sha256", "hash")) and v not in (None, "", [], {}))
        moved = f" {e.from_state or ''} -> {e.to_state}" if e.to_state else ""
        lines.append(f"#{e.seq} {council_time(e.at)} {e.actor}: {e.action}{moved}{'; ' + said if said else ''}")
    raw = "\n".join(lines)
    text, n = names.redact(raw)
    return Item(key, "trail", title, ref, None, text, n, names.third_parties(raw))
