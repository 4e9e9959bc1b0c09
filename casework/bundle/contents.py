"""What goes into a bundle, in what order, read through the same access rules as every face."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from casework.access.actors import acting_user
from casework.access.decisions import may_bundle
from casework.access.rules import check_may_read
from casework.cases.casefile import load_case
from casework.cases.evidence import evidence_bytes, kind_of
from casework.errors import Refused, UserError
from casework.profile.exemptions import describe
from casework.transaction import read
from casework.workflow.stages import state_title
from casework.workspace import Workspace
from db.models import Document, Note, Person, User


@dataclass
class Item:
    """One entry of the index: a document, a typeset note, or a withheld paper."""
    section: str
    description: str
    dated: date | None
    kind: str  # pdf | image | text | note | withheld
    sha256: str | None = None
    filename: str = ""
    doc_id: int | None = None
    text: str = ""  # notes carry their words; documents are read from the store when bound
    confidential: bool = False
    exemption: str | None = None
    number: int = 0
    tab: str = ""  # section letter and place in it, "E2": what people cite beside the page
    first: int = 0  # 0-based page index in the finished bundle
    pages: int = 0


@dataclass
class Contents:
    ref: str
    council: str
    regime: str
    route: str
    stage: str
    clause: str
    clause_title: str
    received: date
    summary: str
    subject: str
    complainant: str
    sections: dict[str, str]
    public: bool
    hearing: date | None
    items: list[Item] = field(default_factory=list)
    has_confidential: bool = False
    restricted: bool = False  # the whole case is restricted


def section_letter(n: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n] if n < 26 else str(n + 1)


def gather(ws: Workspace, ref: str, login: str, public: bool, hearing: date | None) -> Contents:
    profile = ws.profile
    with read(ws.engine) as s:
        user = acting_user(s, login)
        case = load_case(s, ref)
        secret = check_may_read(s, user, case)
        if not may_bundle(user, case.route):
            raise Refused(
                "only the Monitoring Officer, a deputy, a committee clerk (Member complaints) or "
                "HR (Officer complaints) may export a hearing bundle"
            )
        names = dict(s.execute(select(Person.id, Person.name).where(
            Person.id.in_([case.subject_id, case.complainant_id]))).all())
        docs = list(s.execute(select(Document).where(Document.case_id == case.id)).scalars())
        views = list(s.execute(select(Note).where(
            Note.case_id == case.id, Note.kind == "ip-view").order_by(Note.id)).scalars())
        authors = dict(s.execute(select(User.id, User.name)).all())
    contents = Contents(
        ref=case.ref, council=profile.council, regime=profile.regime, route=case.route,
        stage=state_title(case.route, case.state), clause=case.clause,
        clause_title=profile.clauses.get(case.clause, ""), received=case.received,
        summary=case.summary, subject=names[case.subject_id],
        complainant=names[case.complainant_id], sections=dict(profile.bundle_sections),
        public=public, hearing=hearing, restricted=case.confidential,
    )
    if not (public or secret) and (any(d.confidential for d in docs) or any(n.confidential for n in views)):
        raise Refused(f"{case.ref} has confidential papers you may not see; export a public bundle (--public)")
    items = []
    for d in _papers(docs, public):
        kind = kind_of(d.media_type, d.filename)
        if d.confidential and public:
            kind = "withheld"
        elif kind is None:
            raise UserError(
                f"document {d.id} ({d.filename}) is {d.media_type}, which a bundle cannot "
                f"reproduce; attach it again as a PDF"
            )
        items.append(Item(
            section=d.section, description=d.description or d.filename, dated=d.dated, kind=kind,
            sha256=d.sha256, filename=d.filename, doc_id=d.id, confidential=d.confidential,
            exemption=d.exemption,
        ))
    ip_section = "independent-person" if "independent-person" in contents.sections else list(contents.sections)[-1]
    for n in views:
        day = n.dated or date.fromisoformat(n.created_at[:10])
        items.append(Item(
            section=ip_section, kind="withheld" if (n.confidential and public) else "note",
            description=f"The Independent Person's view (recorded by {authors.get(n.author_id, '')})",
            dated=day, text=n.text, confidential=n.confidential,
            sha256=hashlib.sha256(n.text.encode()).hexdigest(), filename=f"note {n.id}",
        ))
    order = {key: i for i, key in enumerate(contents.sections)}
    # A section removed from the profile still binds its papers, last, rather than losing them.
    items.sort(key=lambda it: (order.get(it.section, len(order)), it.dated or date.min, it.doc_id or 0))
    for it in items:
        if it.section not in contents.sections:
            contents.sections[it.section] = it.section
    letters = {key: section_letter(n) for n, key in enumerate(contents.sections)}
    counts: dict[str, int] = {}
    for i, it in enumerate(items, 1):
        it.number = i
        counts[it.section] = counts.get(it.section, 0) + 1
        it.tab = f"{letters[it.section]}{counts[it.section]}"
        if it.kind == "withheld":
            it.description = describe(contents.regime, it.exemption)
            it.sha256 = None
        contents.has_confidential |= it.confidential and not public
    contents.items = items
    return contents


def _papers(docs: list[Document], public: bool) -> list[Document]:
    """The papers a bundle binds: the originals, each in a public bundle by its newest
    redacted copy where it has one (whether the original is confidential or not), in a full
    bundle as it is."""
    copies: dict[int, Document] = {}
    for d in docs:
        if d.redacts_id is not None and (d.redacts_id not in copies or d.id > copies[d.redacts_id].id):
            copies[d.redacts_id] = d
    originals = [d for d in docs if d.redacts_id is None]
    return [copies.get(d.id, d) if public else d for d in originals]


def load(ws: Workspace, item: Item) -> bytes:
    return evidence_bytes(ws.engine, item.sha256, f"document {item.number} ({item.filename})")
