"""The live rows against the trail: each note's text, each paper's bytes and each case's summary
as the events that wrote them recorded (by hash). The chain shows a rewritten trail; this shows
a row rewritten under an intact one, as a doctored backup would have it."""

import hashlib
import json

from sqlalchemy import select
from sqlmodel import Session

from db.models import AuditEvent, Case, Document, Note

# The actions whose events record a note's, a paper's or a summary's hash.
RECORDING = ("note", "transition", "classify", "anonymity", "choice", "measure", "attach", "open",
             "import")


def rows_against_trail(session: Session) -> str | None:
    """The first row that is not as its event recorded it, in words, or None."""
    notes, papers, summaries = {}, {}, {}
    events = session.execute(select(AuditEvent.action, AuditEvent.case_ref, AuditEvent.data)
                             .where(AuditEvent.action.in_(RECORDING)).order_by(AuditEvent.seq))
    for action, ref, data in events:
        d = json.loads(data)
        if "note_id" in d:
            notes[d["note_id"]] = d.get("sha256") if action == "note" else d.get("note_sha256")
        if action == "attach":
            papers[d["document_id"]] = d.get("sha256")
        if action in ("open", "import") and d.get("summary_sha256"):
            summaries[ref] = d["summary_sha256"]
    for note_id, ref, text in session.execute(
            select(Note.id, Case.ref, Note.text).join(Case, Case.id == Note.case_id).order_by(Note.id)):
        if notes.get(note_id) and _sha(text) != notes[note_id]:
            return f"note {note_id} of {ref} is not the text the audit trail recorded"
    for doc_id, ref, sha in session.execute(
            select(Document.id, Case.ref, Document.sha256).join(Case, Case.id == Document.case_id)):
        if papers.get(doc_id) and sha != papers[doc_id]:
            return f"document {doc_id} of {ref} is not the paper the audit trail recorded"
    for ref, summary in session.execute(select(Case.ref, Case.summary)):
        if summaries.get(ref) and _sha(summary) != summaries[ref]:
            return f"the summary of {ref} is not the one the audit trail recorded"
    return None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
