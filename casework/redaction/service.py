"""Redacting a case's paper: the copy made outside any transaction (it may take seconds), then
filed beside the original with its audit event in one. The original is never touched.

The trail names the terms only by their SHA-256: a redacted word in the audit trail would undo
the redaction for everyone who reads the trail.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.access.rules import check_may_read
from casework.audit import chain as audit
from casework.audit.disclosure import record_export
from casework.cases.advance import sha256_text
from casework.cases.casefile import claim, load_case
from casework.cases.evidence import evidence_bytes, kind_of
from casework.cases.papers import file_bytes, open_for_change
from casework.errors import NotFound, UserError
from casework.outfile import check_out, replacing
from casework.redaction.burn import redact_pdf
from casework.redaction.grounds import check_ground
from casework.redaction.marks import Region, check_marks, clean_terms, parse_region
from casework.transaction import read, write
from casework.workspace import Workspace
from db.models import Document

HIDDEN = "[redacted]"


@dataclass
class Filed:
    document_id: int
    redacts: int
    sha256: str
    pages: int
    matches: dict[int, int] = field(default_factory=dict)
    regions: dict[int, int] = field(default_factory=dict)
    out: Path | None = None


def redact(ws: Workspace, ref: str, doc_id: int, login: str, terms=(), regions=(),
           reason: str | None = None, out: str | Path | None = None,
           expected_version: int | None = None) -> Filed:
    """`regions` are Region values or "PAGE:LEFT,TOP,RIGHT,BOTTOM" in millimetres from the top
    left of the page as shown. Redacting a redacted copy redacts it further; the new copy
    still names the original, and public bundles bind the newest copy."""
    terms = clean_terms(terms)
    marks = [r if isinstance(r, Region) else parse_region(r) for r in regions or ()]
    check_marks(terms, marks)
    ground = check_ground(reason, ws.profile.regime)
    target = check_out(out, (".pdf",)) if out else None
    source, root = redactable(ws, ref, doc_id, login)
    name = f"document {source.id} ({source.filename})"
    data = evidence_bytes(ws.engine, source.sha256, name)
    done = redact_pdf(data, name, terms, marks)
    digest = hashlib.sha256(done.data).hexdigest()
    seen = [expected_version]

    def change(s: Session) -> int:
        user, case, _ = open_for_change(s, ws, ref, login, seen)
        _may_redact(user, case)
        claim(s, case, seen[0])
        copy = file_bytes(
            s, case, user, done.data, f"document-{root.id}-redacted.pdf", "application/pdf",
            root.section, f"{hide(root.description or root.filename, terms)} "
                          f"(redacted copy of #{root.id})",
            False, root.dated or ws.today(), redacts=root.id, redaction=ground)
        audit.append(s, user.login, "redact", case.ref, None, None, {
            "document_id": copy.id, "redacts": root.id, "from": source.id,
            "from_sha256": source.sha256, "sha256": digest, "size": len(done.data),
            "reason": ground, "section": root.section,
            "terms_sha256": sorted(sha256_text(t.casefold()) for t in terms),
            "matches": {str(p): n for p, n in sorted(done.matches.items())},
            "regions": [r.spec() for r in marks],
        })
        return copy.id

    if target is None:
        new_id = write(ws.engine, change, retry_integrity=True)
    else:
        # Written beside the target first, renamed once the copy is filed and the export
        # recorded: a refusal leaves no file, and no file is left unrecorded.
        with replacing(target, private=True) as temp:
            temp.write_bytes(done.data)
            new_id = write(ws.engine, change, retry_integrity=True)
            record_export(ws, login, ref.strip().upper(), "redacted copy", digest,
                          {"document_id": new_id}, where=target)
    return Filed(new_id, root.id, digest, done.pages, done.matches, done.regions, target)


def redactable(ws: Workspace, ref: str, doc_id: int, login: str) -> tuple[Document, Document]:
    """The paper to redact and the original it is (or is a copy of), or the refusal a face
    shows before anyone types what to redact."""
    with read(ws.engine) as s:
        user = acting_user(s, login)
        case = load_case(s, ref)
        _may_redact(user, case)
        source = _paper(s, case, user, doc_id)
        return source, (s.get(Document, source.redacts_id) if source.redacts_id else source)


def hide(text: str, terms: list[str]) -> str:
    """The text with every term, in any case, replaced: a copy's description must not say
    what its pages withhold."""
    for term in terms:
        text = re.sub(re.escape(term), HIDDEN, text, flags=re.IGNORECASE)
    return text


def _may_redact(user, case) -> None:
    about = "an Officer" if case.route == "officer" else "a Member"
    require(user, f"redact-{case.route}", f"redact papers on a complaint about {about}")


def _paper(s: Session, case, user, doc_id: int) -> Document:
    secret = check_may_read(s, user, case)
    doc = s.get(Document, doc_id) if isinstance(doc_id, int) and 0 < doc_id < 2**63 else None
    # A confidential paper the reader may not see is answered as one that is not there.
    if doc is None or doc.case_id != case.id or (doc.confidential and not secret):
        raise NotFound(f"{case.ref} has no document {doc_id}: see casework show {case.ref}")
    if kind_of(doc.media_type, doc.filename) != "pdf":
        raise UserError(f"document {doc.id} ({doc.filename}) is {doc.media_type}; only a PDF can be "
                        "redacted: save or scan it as a PDF, attach that, and redact it")
    return doc
