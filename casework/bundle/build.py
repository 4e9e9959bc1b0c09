"""Binds a hearing bundle: body first, then the index that cites it, then stamps and links."""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from casework.audit.disclosure import record_export
from casework.bundle.contents import Contents, gather, load, section_letter
from casework.bundle.convert import text_pages, to_pdf
from casework.bundle.front import front_matter, manifest, page_range
from casework.bundle.stamp import Furniture, stamp, upright
from casework.errors import UserError, blame
from casework.inputs import parse_date
from casework.outfile import check_out, replacing
from casework.workspace import Workspace

Progress = Callable[[int, int, str], None]


@dataclass
class Bound:
    path: Path
    pages: int
    documents: int
    withheld: int
    sha256: str


def bundle(ws: Workspace, ref: str, login: str, out: str | Path, public: bool = False,
           hearing: str | date | None = None, progress: Progress | None = None) -> Bound:
    """Writes the bundle to `out` whole or not at all, and records the export in the audit."""
    target = check_out(out, (".pdf",))
    with blame("hearing"):
        day = parse_date(hearing, "--hearing")
    contents = gather(ws, ref, login, public, day)
    tell = progress or (lambda done, total, what: None)
    papers = [it for it in contents.items if it.kind != "withheld"]
    steps = len(papers) + 3
    writer = PdfWriter()
    furniture = Furniture(writer)
    _body(ws, writer, furniture, papers, tell, steps)
    tell(len(papers), steps, "index")
    body = len(writer.pages)
    front, links = _front(contents, papers)
    tell(len(papers) + 1, steps, "manifest")
    back = PdfReader(io.BytesIO(manifest(contents)))
    writer.merge(0, front, import_outline=False)
    writer.append(back, import_outline=False)
    total = furniture.total = len(writer.pages)
    notes = _foot_notes(contents, len(front.pages))
    for i, page in enumerate(writer.pages):
        if i < len(front.pages) or i >= len(front.pages) + body:
            upright(furniture, page, shrink=False)
        stamp(furniture, page, i + 1, contents.ref, notes.get(i, ""))
    for page, rect, dest in links:
        writer.add_annotation(page, Link(rect=rect, target_page_index=dest, border=[0, 0, 0]))
    _outline(writer, contents, len(front.pages), total - len(back.pages))
    writer.add_metadata({"/Title": f"Hearing bundle {contents.ref}" + (" (public)" if public else ""),
                         "/Author": contents.council, "/Producer": "casework"})
    writer.page_mode = "/UseOutlines"
    tell(len(papers) + 2, steps, "writing")
    return _commit(ws, login, contents, writer, target, total, tell, steps)


def _body(ws: Workspace, writer: PdfWriter, furniture: Furniture, papers: list, tell: Progress,
          steps: int) -> None:
    for n, item in enumerate(papers):
        tell(n, steps, f"{item.tab} {item.description}")
        reader = PdfReader(io.BytesIO(text_pages(item, None))) if item.kind == "note" else to_pdf(item, load(ws, item))
        item.first = len(writer.pages)
        try:
            writer.append(reader, import_outline=False)
        except Exception as exc:  # pypdf raises many kinds on a damaged file's objects
            raise UserError(f"document {item.number} ({item.filename}) is damaged and cannot be "
                            f"copied ({type(exc).__name__}); attach a good copy") from None
        item.pages = len(writer.pages) - item.first
        _release(writer, reader, item.first)
        for i in range(item.first, len(writer.pages)):
            upright(furniture, writer.pages[i], shrink=item.kind == "pdf")


def _release(writer: PdfWriter, reader: PdfReader, first: int) -> None:
    """Lets go of a paper's reader once its pages are copied.

    pypdf keeps every reader it has copied from for as long as the writer: in its translation
    table, in its map of merged pages, and as each copy's original_page. A reader holds the
    source file's bytes and every object parsed from it, a second copy of the paper beside the
    one being written (about 7 KB a page of these papers, measured with tracemalloc). The copies
    need none of it: links inside a paper are resolved while it is appended, and papers do not
    link to one another. test_bundle checks that no paper's reader outlives its copy."""
    writer.reset_translation(reader)
    merged = writer._merged_in_pages
    for source in [ref for ref in merged if getattr(ref, "pdf", None) is reader]:
        del merged[source]
    for i in range(first, len(writer.pages)):
        writer.pages[i].__dict__.pop("original_page", None)


def _front(c: Contents, papers: list) -> tuple[PdfReader, list]:
    """The index lists page numbers that depend on its own length: lay it out until it settles."""
    body_first = {id(it): it.first for it in papers}
    # A first guess from about 15 points a row on a 720-point page saves most second layouts.
    rows = len(c.items) + len(c.sections) + 1
    pages = 1 + -(-(rows * 15 + 60) // 720)
    for _ in range(5):
        for it in papers:
            it.first = body_first[id(it)] + pages
        pdf, links = front_matter(c)
        reader = PdfReader(io.BytesIO(pdf))
        if len(reader.pages) == pages:
            return reader, links
        pages = len(reader.pages)
    raise RuntimeError("the index did not settle on a page count")


def _foot_notes(c: Contents, front: int) -> dict[int, str]:
    notes = {}
    for it in c.items:
        if it.kind == "withheld" or not (it.confidential or c.public):
            continue
        text = "PUBLIC" if c.public else (
            f"CONFIDENTIAL: Sch 12A para {it.exemption}" if it.exemption else "CONFIDENTIAL")
        for i in range(it.first, it.first + it.pages):
            notes[i] = text
    if c.public:
        notes.update({i: "PUBLIC" for i in range(front)})
    return notes


def _outline(writer: PdfWriter, c: Contents, front: int, back: int) -> None:
    writer.add_outline_item(title="Cover sheet", page_number=0)
    writer.add_outline_item(title="Index", page_number=1)
    for n, (key, title) in enumerate(c.sections.items()):
        papers = [it for it in c.items if it.section == key and it.kind != "withheld"]
        if not papers:
            continue
        parent = writer.add_outline_item(title=f"{section_letter(n)}. {title}", page_number=papers[0].first)
        for it in papers:
            writer.add_outline_item(title=f"{it.tab} {it.description} (p. {page_range(it)})",
                                    page_number=it.first, parent=parent, is_open=False)
    writer.add_outline_item(title="Manifest of SHA-256 hashes", page_number=back)


def _commit(ws, login, c: Contents, writer, target: Path, total: int, tell, steps) -> Bound:
    withheld = sum(it.kind == "withheld" for it in c.items)
    documents = [it.doc_id or it.filename for it in c.items if it.kind != "withheld"]
    with replacing(target, private=c.has_confidential or c.restricted) as temp:
        with temp.open("wb") as fh:
            writer.write(fh)
        with temp.open("rb") as fh:
            # In pieces: the whole file read back would sit beside the writer's objects.
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        record_export(ws, login, c.ref, "public bundle" if c.public else "bundle", digest, {
            "pages": total, "items": documents, "withheld": withheld,
            "hearing": c.hearing.isoformat() if c.hearing else None,
        })
    tell(steps, steps, "done")
    return Bound(target, total, len(documents), withheld, digest)
