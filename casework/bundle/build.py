"""Binds a hearing bundle: body first, then the index that cites it, then stamps and links.

Pages are copied into one pikepdf document, each turned upright as it arrives. pikepdf copies
what a page uses whole (its streams' bytes too), so each paper is closed as soon as its pages
are in, and the bundle holds no second copy of any paper while it grows.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from casework.audit.disclosure import record_export
from casework.bundle.collector import young_only
from casework.bundle.contents import Contents, gather, load
from casework.bundle.convert import opened, text_pages, to_pdf
from casework.bundle.front import front_matter
from casework.bundle.marks import link, outline
from casework.bundle.stamp import Furniture, share_resources, stamp, upright
from casework.errors import UserError, blame
from casework.inputs import parse_date
from casework.outfile import check_out, replacing
from casework.workspace import Workspace

Progress = Callable[[int, int, str], None]
# What qpdf, and the turning of a page whose keys are not what PDF says they are, raise.
DAMAGED = (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


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
    with young_only():
        return _bind(ws, ref, login, out, public, hearing, progress)


def _bind(ws: Workspace, ref: str, login: str, out: str | Path, public: bool,
          hearing: str | date | None, progress: Progress | None) -> Bound:
    target = check_out(out, (".pdf",))
    with blame("hearing"):
        day = parse_date(hearing, "--hearing")
    contents = gather(ws, ref, login, public, day)
    tell = progress or (lambda done, total, what: None)
    papers = [it for it in contents.items if it.kind != "withheld"]
    steps = len(papers) + 3
    pdf = pikepdf.new()
    furniture = Furniture(pdf)
    version = _body(ws, pdf, furniture, papers, tell, steps)
    tell(len(papers), steps, "index")
    front, links, first = _front(contents, papers)
    tell(len(papers) + 1, steps, "manifest")
    with opened(front) as doc:
        _copy(pdf, furniture, doc.pages[:first], shrink=False, at=0)
        back = _copy(pdf, furniture, doc.pages[first:], shrink=False)
    pages = _pages(pdf)
    total = furniture.total = len(pages)
    notes = _foot_notes(contents, first)
    for i, page in enumerate(pages):
        stamp(furniture, page, i + 1, contents.ref, notes.get(i, ""))
    for n, rect, dest in links:
        link(pdf, pages[n], rect, pages[dest])
    outline(pdf, pages, contents, total - back)
    pdf.docinfo = pdf.make_indirect(Dictionary(
        Title=String(f"Hearing bundle {contents.ref}" + (" (public)" if public else "")),
        Author=String(contents.council), Producer=String("casework")))
    pdf.Root.PageMode = Name.UseOutlines
    tell(len(papers) + 2, steps, "writing")
    return _commit(ws, login, contents, pdf, version, target, total, tell, steps)


def _body(ws: Workspace, pdf: Pdf, furniture: Furniture, papers: list, tell: Progress, steps: int) -> str:
    """Copies every paper's pages; returns the newest PDF version among them."""
    bound, version = 0, pdf.pdf_version
    for n, item in enumerate(papers):
        tell(n, steps, f"{item.tab} {item.description}")
        source = opened(text_pages(item, None)) if item.kind == "note" else to_pdf(item, load(ws, item))
        with source:
            item.first = bound
            try:
                item.pages = _copy(pdf, furniture, source.pages, shrink=item.kind == "pdf")
            except DAMAGED as exc:
                raise UserError(f"document {item.number} ({item.filename}) is damaged and cannot be "
                                f"copied ({type(exc).__name__}); attach a good copy") from None
            version = max(version, source.pdf_version, key=_version)
        bound += item.pages
    return version


def _version(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in v.split(".") if p.isdigit())


def _copy(pdf: Pdf, furniture: Furniture, source, shrink: bool, at: int | None = None) -> int:
    """Copies pages of one source in, upright, at the end or from `at`; returns how many.

    Each page goes straight into the bundle's flat page tree. pikepdf's page list counts every
    page on each insertion (pikepdf 10.18 copies qpdf's list of pages to count it), so
    pages.append took 1.8 of the 2 seconds a 5,000-page merge took, growing with the square.
    qpdf reads the tree afresh when its pages are first asked for: after the last is in."""
    tree = pdf.Root.Pages
    kids, n, seen = tree.Kids, 0, {}
    for page in source:
        local = pdf.copy_foreign(page.obj)
        share_resources(pdf, local, seen)
        upright(furniture, local, shrink)
        local.Parent = tree
        if at is None:
            kids.append(local)
        else:
            kids.insert(at + n, local)
        n += 1
    tree.Count = len(kids)
    return n


def _pages(pdf: Pdf) -> Array:
    """The pages in order, each found in the same time wherever it is (pdf.pages[i] lists
    every page to find one), once the tree is whole."""
    kids = pdf.Root.Pages.Kids
    if len(kids) != len(pdf.pages):
        raise RuntimeError("the bundle's pages were listed before the last was bound")
    return kids


def _front(c: Contents, papers: list) -> tuple[bytes, list, int]:
    """The index lists page numbers that depend on its own length: lay it out until it settles.
    Returns the cover, index and manifest, the index's links, and how many pages go first."""
    body_first = {id(it): it.first for it in papers}
    # A first guess saves most second layouts: a row is 16 to 18 points, a section with no
    # papers has two (its head and "No documents filed"), and about 700 points fit on a page.
    empty = sum(not any(it.section == key for it in c.items) for key in c.sections)
    rows = len(c.items) + len(c.sections) + empty + 1
    pages = 1 + -(-(rows * 17 + 60) // 700)
    for _ in range(5):
        for it in papers:
            it.first = body_first[id(it)] + pages
        pdf, links, laid = front_matter(c)
        if laid == pages:
            return pdf, links, laid
        pages = laid
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


def _commit(ws, login, c: Contents, pdf: Pdf, version: str, target: Path, total: int, tell, steps) -> Bound:
    withheld = sum(it.kind == "withheld" for it in c.items)
    documents = [it.doc_id or it.filename for it in c.items if it.kind != "withheld"]
    with replacing(target, private=c.has_confidential or c.restricted) as temp:
        with temp.open("wb") as fh:
            pdf.save(fh, min_version=version)
        pdf.close()
        with temp.open("rb") as fh:
            # In pieces: the whole file need not be in memory at once.
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        record_export(ws, login, c.ref, "public bundle" if c.public else "bundle", digest, {
            "pages": total, "items": documents, "withheld": withheld,
            "hearing": c.hearing.isoformat() if c.hearing else None,
        }, where=target)
    tell(steps, steps, "done")
    return Bound(target, total, len(documents), withheld, digest)
