"""What must hold of a casework database whatever happened to the processes writing it:
the promises of "How a change is kept safe" (README), checked row by row."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select

from casework.audit import chain as audit
from casework.audit.disclosure import OBSERVATIONS
from casework.transaction import read
from casework.workspace import open_workspace
from db.models import AuditEvent, AuditHead, Blob, Case, Document, Note


@dataclass
class Facts:
    head: int
    events: dict[str, list[tuple]]  # case ref -> (action, actor, to_state, data) in order
    cases: int
    notes: int
    documents: int


def assert_consistent(url: str) -> Facts:
    """Opens the database afresh, as the next command would, and checks it."""
    ws = open_workspace(url)
    try:
        with read(ws.engine) as s:
            verified = audit.verify(s)
            head = s.get(AuditHead, 1)
            rows = s.execute(select(
                AuditEvent.case_ref, AuditEvent.action, AuditEvent.actor, AuditEvent.to_state,
                AuditEvent.data).order_by(AuditEvent.seq)).all()
            cases = s.execute(select(Case.id, Case.ref, Case.state, Case.version)).all()
            notes = dict(s.execute(select(Note.id, Note.case_id)).all())
            docs = s.execute(select(Document.id, Document.case_id, Document.sha256, Document.size)).all()
            blobs = dict(s.execute(select(Blob.sha256, Blob.data)).all())
    finally:
        ws.engine.dispose()
    assert verified.ok, verified.message
    assert verified.checked == (head.seq if head else 0)

    events: dict[str, list[tuple]] = {}
    noted, filed = {}, {}  # row id -> case ref, as the audit trail records them
    for ref, action, actor, to_state, data in rows:
        data = json.loads(data)
        if ref is not None:
            events.setdefault(ref, []).append((action, actor, to_state, data))
        if "note_id" in data:
            noted[data["note_id"]] = ref
        if action == "attach":
            filed[data["document_id"]] = ref

    ref_of = {case_id: ref for case_id, ref, _, _ in cases}
    for _, ref, state, version in cases:
        # Reads and exports are observations: they claim no version (casework.audit.disclosure).
        trail = [e for e in events.get(ref, []) if e[0] not in OBSERVATIONS]
        # Every change to a case claims one version and writes one event, in one transaction.
        assert version == len(trail), f"{ref}: version {version}, {len(trail)} audit events"
        moves = [to for _, _, to, _ in trail if to is not None]
        assert moves and state == moves[-1], f"{ref}: state {state}, audit says {moves[-1:]}"
    # A note or document exists exactly when its audit event does, on the same case.
    assert {i: ref_of[c] for i, c in notes.items()} == noted
    assert {i: ref_of[c] for i, c, _, _ in docs} == filed
    for doc_id, _, sha, size in docs:
        assert sha in blobs, f"document {doc_id} refers to a missing blob {sha}"
        assert len(blobs[sha]) == size
    # Blobs are only ever written with the document that needs them.
    assert set(blobs) == {sha for _, _, sha, _ in docs}
    for sha, data in blobs.items():
        assert hashlib.sha256(data).hexdigest() == sha, f"blob {sha} does not hash to its key"
    return Facts(head.seq if head else 0, events, len(cases), len(notes), len(docs))
