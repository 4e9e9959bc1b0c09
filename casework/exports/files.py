"""Exports of one case for other systems and files: every one is an audit event."""

import base64
import hashlib
import json
import os
from pathlib import Path

from sqlalchemy import select

from casework.audit.disclosure import record_export
from casework.cases.evidence import evidence_bytes
from casework.cases.timeline import render, timeline
from casework.cases.views import show_case
from casework.errors import NotFound
from casework.outfile import check_out, replacing
from casework.transaction import read
from casework.workspace import Workspace
from db.models import AuditEvent

FORMAT = "casework-case/1"


def save(ws: Workspace, login: str, ref: str, what: str, out, data: bytes,
         suffixes: tuple[str, ...], private: bool = False) -> Path:
    """Writes an export whole, and its audit event, or neither; `private` for one that holds
    confidential papers or a restricted case (readable by its owner only)."""
    target = check_out(out, suffixes)
    with replacing(target, private) as temp:
        temp.write_bytes(data)
        record_export(ws, login, ref, what, hashlib.sha256(data).hexdigest(), where=target)
    return target


TIMELINE_SUFFIXES = {"text": (".txt",), "csv": (".csv",), "json": (".json",), "pdf": (".pdf",)}


def timeline_file(ws: Workspace, ref: str, login: str, fmt: str, out) -> Path:
    check_out(out, TIMELINE_SUFFIXES[fmt])
    tl = timeline(ws, ref, login)
    if fmt == "pdf":
        from casework.bundle.timeline_pdf import timeline_pdf

        data = timeline_pdf(tl, ws.profile.council)
    else:
        data = render(tl, fmt).encode()
    return save(ws, login, tl["ref"], f"timeline ({fmt})", out, data, TIMELINE_SUFFIXES[fmt],
                private=tl["private"])


def case_json(ws: Workspace, ref: str, login: str, files: bool = False) -> dict:
    """The whole case as its reader may see it, with the audit hashes another system can check."""
    case = show_case(ws, ref, login)
    tl = timeline(ws, ref, login)
    with read(ws.engine) as s:
        hashes = dict(s.execute(select(AuditEvent.seq, AuditEvent.hash).where(
            AuditEvent.case_ref == case["ref"])).all())
    for key in ("events", "can", "sanction_kinds"):
        case.pop(key, None)
    for ev in case["history"]:
        ev["hash"] = hashes.get(ev["seq"])
    if files:
        for d in case["documents"]:
            data = evidence_bytes(ws.engine, d["sha256"], f"document {d['id']} ({d['filename']})")
            d["content_base64"] = base64.b64encode(data).decode("ascii")
    return {"format": FORMAT, "council": ws.profile.council, "profile_version": ws.profile.version,
            "case": case, "timeline": tl["rows"]}


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def document_file(ws: Workspace, ref: str, doc_id: int, login: str, out) -> Path:
    """One paper, as attached, checked against its SHA-256 on the way out."""
    target = check_out(out, (Path(str(out)).suffix.lower() or ".bin",))
    case = show_case(ws, ref, login)  # confidential papers are absent for those not entitled
    doc = next((d for d in case["documents"] if d["id"] == doc_id), None)
    if doc is None:
        raise NotFound(f"{case['ref']} has no document {doc_id} that you may see: see casework show {case['ref']}")
    data = evidence_bytes(ws.engine, doc["sha256"], f"document {doc_id} ({doc['filename']})")
    return save(ws, login, case["ref"], f"document {doc_id}", target, data, (target.suffix.lower(),),
                private=bool(case["confidential"] or doc["confidential"] or doc["exemption"]))


def viewer_copy(ws: Workspace, ref: str, doc_id: int, login: str) -> Path:
    """A copy of one paper for the system's viewer: in a new folder only its owner may open,
    named as it was attached, readable by its owner only; taking it out is an export."""
    import tempfile

    from casework.cases.reading import open_document

    paper = open_document(ws, ref, doc_id, login, read_contents=False)
    folder = Path(tempfile.mkdtemp(prefix="casework-paper-"))  # created 0700
    name = Path(paper.filename).name or f"document-{doc_id}"
    target = folder / name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(paper.data)
    try:
        record_export(ws, login, paper.case_ref, f"document {doc_id} (to the system's viewer)", paper.sha256)
    except BaseException:
        target.unlink()
        folder.rmdir()
        raise
    return target
