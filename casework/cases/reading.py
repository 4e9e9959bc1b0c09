"""Reading a case's papers whole: a note with the note it amends and the notes that amend it,
and a document's contents (its text, each page of a PDF, an image's size), checked against
its SHA-256. Opening a confidential paper, or any paper of a restricted case, is recorded as
a read, as opening the case records the confidential notes it shows."""

import io
import json
from dataclasses import dataclass

from sqlalchemy import select

from casework.access.actors import acting_user
from casework.access.rules import check_may_read
from casework.audit.chain import canonical
from casework.audit.disclosure import record_read
from casework.cases.casefile import load_case
from casework.cases.evidence import evidence_bytes, kind_of
from casework.errors import NotFound
from casework.transaction import read
from casework.workspace import Workspace
from db.models import AuditEvent, Document, User


@dataclass
class Paper:
    case_ref: str
    id: int
    filename: str
    description: str
    section: str
    section_title: str
    media_type: str
    size: int
    sha256: str
    confidential: bool
    exemption: str | None
    dated: str | None
    added_by: str | None
    added_at: str
    filed: str | None  # the day it reached the case, when recorded later (attach --filed)
    kind: str  # text, pdf, image, or other (read only through the system's viewer)
    pages: list[str]  # a text's one page, or a PDF's pages; empty for images and others
    detail: str  # what the reader is told about the contents: pages, pixels, why not readable
    data: bytes


def open_document(ws: Workspace, ref: str, doc_id: int, login: str, read_contents: bool = True) -> Paper:
    """`read_contents` False: only the checked bytes, for a copy (no PDF text extracted)."""
    with read(ws.engine) as s:
        user = acting_user(s, login)
        case = load_case(s, ref)
        secret = check_may_read(s, user, case)
        doc = s.execute(select(Document).where(Document.case_id == case.id, Document.id == doc_id)).scalar()
        if doc is None or (doc.confidential and not secret):
            raise NotFound(f"{case.ref} has no document {doc_id} that you may see; "
                           f"casework show {case.ref} lists its papers")
        added_by = s.execute(select(User.login).where(User.id == doc.added_by)).scalar()
        filed = _filed_on(s, case.ref, doc.id)
        restricted, case_ref = case.confidential, case.ref
    data = evidence_bytes(ws.engine, doc.sha256, f"document {doc.id} ({doc.filename})")
    if doc.confidential or restricted:
        record_read(ws, login, case_ref, [], [doc.id], restricted)
    kind, pages, detail = (_contents(kind_of(doc.media_type, doc.filename), data) if read_contents
                           else ("other", [], ""))
    return Paper(case_ref, doc.id, doc.filename, doc.description, doc.section,
                 ws.profile.bundle_sections.get(doc.section, doc.section), doc.media_type, doc.size,
                 doc.sha256, doc.confidential, doc.exemption,
                 doc.dated.isoformat() if doc.dated else None, added_by, doc.added_at, filed,
                 kind, pages, detail, data)


def _filed_on(s, ref: str, doc_id: int) -> str | None:
    """The day given for a paper recorded late, which only its audit event keeps."""
    mark = canonical({"document_id": doc_id})[1:-1]
    for raw in s.execute(select(AuditEvent.data).where(
            AuditEvent.case_ref == ref, AuditEvent.action == "attach",
            AuditEvent.data.like(f"%{mark}%"))).scalars():
        data = json.loads(raw)
        if data.get("document_id") == doc_id:
            return data.get("filed")
    return None


def _contents(kind: str | None, data: bytes) -> tuple[str, list[str], str]:
    if kind == "text":
        return "text", [data.decode("utf-8", "replace")], ""
    if kind == "pdf":
        return _pdf(data)
    if kind == "image":
        return _image(data)
    return "other", [], "no text to show here; open it with the system's viewer"


def _pdf(data: bytes) -> tuple[str, list[str], str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return "pdf", [], "the PDF is encrypted, so its text cannot be shown; open it with the system's viewer"
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return "pdf", [], f"the PDF's text cannot be read ({exc}); open it with the system's viewer"
    blank = sum(1 for p in pages if not p)
    detail = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    if blank:
        detail += f", {blank} with no text (scanned or drawn: see them in the system's viewer)"
    return "pdf", pages, detail


def _image(data: bytes) -> tuple[str, list[str], str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = getattr(img, "n_frames", 1)
            detail = f"{img.format} image, {img.width} x {img.height} pixels"
            if frames > 1:
                detail += f", {frames} frames"
    except (UnidentifiedImageError, OSError) as exc:
        detail = f"an image that cannot be read ({exc})"
    return "image", [], detail


def note_thread(case: dict, note_id: int) -> dict:
    """One note of a shown case (show_case) with the note it amends and the notes that amend
    it, as far as its reader may see them."""
    notes = {n["id"]: n for n in case["notes"]}
    note = notes.get(note_id)
    if note is None:
        raise NotFound(f"{case['ref']} has no note {note_id} that you may see")
    return {"note": note, "amends": notes.get(note["amends"]) if note["amends"] else None,
            "amended_by": [n for n in case["notes"] if n["amends"] == note_id]}
