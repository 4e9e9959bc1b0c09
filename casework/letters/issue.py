"""Issuing a letter: written from its template for one recipient, typeset, and filed to the
case (its section, its SHA-256, an audit event naming the kind, to whom by their part in the
case, and the template's version) in one transaction."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, select

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.cases.casefile import claim, load_case
from casework.cases.papers import file_bytes, open_for_change
from casework.cases.views import show_case
from casework.errors import Refused, UserError, quote
from casework.inputs import MAX_NOTE, clean_text, effective_day
from casework.letters.fields import fields_for
from casework.letters.kinds import KINDS, PARTIES, Kind
from casework.letters.pdf import letter_pdf
from casework.letters.templates import Written, write
from casework.transaction import read
from casework.transaction import write as commit
from casework.workflow.events import DUTY_LETTERS
from casework.workflow.roles import ROLE_TITLES
from casework.workspace import Workspace
from db.models import Case, CaseAccess, Person, User

MEDIA = "application/pdf"


@dataclass
class Issued:
    document_id: int
    filename: str
    to: str  # the recipient's name
    party: str
    section: str
    pdf: bytes
    event: int
    prepared: "Prepared"
    address: str | None = None  # where it was sent, if --send
    message_id: str | None = None  # the sent message's, once the server took it
    not_sent: str | None = None  # why the server did not take it

    def kind_title(self) -> str:
        return f"the {self.prepared.kind} letter to {self.to}"

    def docx(self) -> bytes:
        """The same letter as a Word document, for a council that finishes letters in Word."""
        from casework.letters.word import letter_docx

        return letter_docx(self.prepared.written, self.prepared.fields, self.prepared.welsh)


@dataclass
class Prepared:
    kind: str
    spec: Kind
    party: str
    fields: dict
    written: Written
    day: date
    anonymity: str | None
    address: str | None  # the recipient's email address, where casework has one
    # The letter in Welsh, first, for a recipient who asked for Welsh (council in Wales).
    welsh: tuple[Written, dict] | None = None

    @property
    def text(self) -> str:
        english = f"{self.written.heading}\n\n{self.written.body}"
        if self.welsh is None:
            return english
        cy = self.welsh[0]
        return f"{cy.heading}\n\n{cy.body}\n\n{'-' * 40}\n\n{english}"


def prepare(ws: Workspace, ref: str, kind: str, login: str, to: str | None = None,
            details: str = "", on: str | date | None = None) -> Prepared:
    """The letter written for its recipient, checked, and nothing filed: what a preview shows
    and what issuing files."""
    spec = KINDS.get(kind)
    if spec is None:
        raise UserError(f"{quote(kind)} is not a kind of letter; use one of: {', '.join(KINDS)}")
    party = to or spec.to[0]
    if party not in PARTIES:
        raise UserError(f"--to {quote(party)} is not a party to a letter; use one of: "
                        f"{', '.join(spec.to)}")
    if party not in spec.to:
        raise UserError(f"the {kind} letter goes to {' or '.join(spec.to)}, not the {party}")
    details = clean_text(details, "--text", "write what the letter should add", MAX_NOTE) \
        if details and details.strip() else ""
    if spec.asks and not details:
        raise UserError(f"the {kind} letter says {spec.asks}: write it with --text \"...\"")
    with read(ws.engine) as s:
        user = acting_user(s, login)
        require(user, "attach", "issue letters")
        case = load_case(s, ref)
        if case.route not in spec.routes:
            raise Refused(f"{case.ref} is a complaint about {'a Member' if case.route == 'member' else 'an Officer'}; "
                          f"the {kind} letter is for complaints about "
                          f"{'Members' if spec.routes == ('member',) else 'Officers'}")
        if ws.profile.regime not in spec.regimes:
            raise Refused(f"the {kind} letter is for councils in {' and '.join(r.title() for r in spec.regimes)}, "
                          f"not {ws.profile.regime.title()}")
        names = _assigned_names(s, case.id)
        address = _address(s, case, party)
        language = _language(s, case, party) if ws.profile.regime == "wales" else "en"
        handler = {"name": user.name, "role_title": ROLE_TITLES[user.role]}
        day = effective_day(on, ws.today(), case.received, "the complaint was received")
    shown = show_case(ws, ref, login, record_reads=False)  # the letter's event records it
    fields = fields_for(ws, shown, party, names, handler, details, day)
    written = write(ws.profile, kind, fields)
    welsh = None
    if language == "cy":  # Welsh Language Standards: in Welsh, with English beside it
        fields_cy = fields_for(ws, shown, party, names, handler, details, day, "cy")
        welsh = (write(ws.profile, kind, fields_cy, "cy"), fields_cy)
    real = shown["complainant"]["name"]
    said = f"{written.heading}\n{written.body}" + (f"\n{welsh[0].heading}\n{welsh[0].body}" if welsh else "")
    if fields["anonymous"] and real.casefold() in said.casefold():
        raise Refused(f"the {kind} letter would name the complainant, whose identity is withheld; "
                      "take their name out of the template or of what --text says")
    return Prepared(kind, spec, party, fields, written, day, shown["anonymity"], address, welsh)


def issue_letter(ws: Workspace, ref: str, kind: str, login: str, to: str | None = None,
                 details: str = "", on: str | date | None = None,
                 expected_version: int | None = None, send: bool = False) -> Issued:
    """With `send`, the letter is also emailed once filed; whether the server took it is
    recorded either way (casework.letters.send), and a letter it did not take stays filed."""
    mail = None
    if send:
        from casework.letters.send import settings

        mail = settings()  # before anything is filed
    p = prepare(ws, ref, kind, login, to, details, on)
    if send and not p.address:
        raise UserError(f"{p.fields['recipient']} has no email address in casework; add it "
                        f"({_how_to_add(p.party)}), or issue the letter without --send")
    pdf = letter_pdf(p.written, p.fields, p.welsh)
    name = f"{p.fields['ref']}-{kind}-{p.party}-{p.day.isoformat()}.pdf"
    # A letter that names a withheld complainant's identity to them stays out of public bundles.
    confidential = p.fields["identity_withheld"] and p.party == "complainant"
    seen = [expected_version]

    def change(s: Session) -> tuple[int, int]:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        require(user, "attach", "issue letters")
        claim(s, case, seen[0])
        if DUTY_LETTERS.get(case.state) == kind:  # the stage's duty is this letter, now met
            s.execute(update(Case).where(Case.id == case.id).values(next_due=None))
        doc = file_bytes(s, case, user, pdf, name, MEDIA, p.spec.section,
                         f"{p.spec.title}, to {p.fields['recipient']}", confidential, p.day)
        event = audit.append(s, user.login, "letter", case.ref, None, None, {
            "document_id": doc.id, "kind": kind, "to": p.party, "section": p.spec.section,
            "sha256": doc.sha256, "size": doc.size, "template": p.written.origin,
            "template_version": p.written.version, "on": p.day.isoformat(), "send": send,
            **({"language": "cy+en", "template_cy": p.welsh[0].origin,
                "template_cy_version": p.welsh[0].version} if p.welsh else {}),
        })
        return doc.id, event.seq

    doc_id, seq = commit(ws.engine, change, retry_integrity=True)
    done = Issued(doc_id, name, p.fields["recipient"], p.party, p.spec.section, pdf, seq, p)
    if mail is not None:
        from casework.letters.mailing import send_issued

        send_issued(ws, ref, login, done, mail)
    return done


def choices(route: str, regime: str) -> list[tuple[str, str, str]]:
    """(kind, party, label) of every letter a case on `route` can be sent, for a picker."""
    whom = {"complainant": "complainant", "subject": "member" if route == "member" else "officer",
            "independent-person": "Independent Person", "ombudsman": "Ombudsman"}
    return [(kind, party, f"{spec.title}: to the {whom[party]}")
            for kind, spec in KINDS.items() if route in spec.routes and regime in spec.regimes
            for party in spec.to]


def _address(s: Session, case, party: str) -> str | None:
    if party in ("complainant", "subject"):
        pid = case.complainant_id if party == "complainant" else case.subject_id
        return s.execute(select(Person.email).where(Person.id == pid)).scalar()
    if party == "independent-person":
        found = s.execute(select(User.email).join(CaseAccess, CaseAccess.user_id == User.id)
                          .where(CaseAccess.case_id == case.id, User.role == "independent-person")
                          .order_by(User.name)).scalars().first()
        return found
    return None


def _language(s: Session, case, party: str) -> str:
    if party in ("complainant", "subject"):
        pid = case.complainant_id if party == "complainant" else case.subject_id
        return s.execute(select(Person.language).where(Person.id == pid)).scalar() or "en"
    return "en"


def _how_to_add(party: str) -> str:
    if party == "independent-person":
        return "casework users email LOGIN ADDRESS"
    if party == "ombudsman":
        return "the Ombudsman's address is not kept in casework; send it from your own mail"
    return "casework people email NAME ADDRESS"


def _assigned_names(s: Session, case_id: int) -> dict:
    found = s.execute(select(User.name, User.role).join(CaseAccess, CaseAccess.user_id == User.id)
                      .where(CaseAccess.case_id == case_id).order_by(User.name)).all()
    return {"independent-person": name for name, role in reversed(found)
            if role == "independent-person"}
