"""Page furniture written straight into each page's content streams.

Attached pages are turned upright and shrunk just enough to clear a strip at the foot, so the
page number never covers evidence. Nothing is re-parsed: the original streams are wrapped in a
saved graphics state, which keeps a 5,000-page bundle close to the cost of a plain merge.

qpdf holds every object of the output until the file is written, so whatever is made per page
is paid thousands of times over. Pages of one shape share their wrapping streams and boxes, all
pages share one font and one closing stream; only the foot line is a page's own, and it costs
about 1.2 KB until the file is written, whatever its length (measured). Pages of one paper
that name the same resources share one dictionary of them, which more than pays for it.
"""

import io
from functools import lru_cache

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from casework.bundle.typeface import PAGE_STRIP

FONT_KEY = Name("/CwStamp")
SIZE = 8
# What a page shows is set by the boxes written here; these would turn or cut it otherwise.
DROPPED = ("/Rotate", "/TrimBox", "/BleedBox", "/ArtBox")
PAGES = "Page {n} of {total}"


class Furniture:
    """What the pages of one document share: the font, the page count, the closing Q, and per
    page shape the box and the stream that opens with its transform. Sharing streams and
    objects between pages is plain PDF."""

    def __init__(self, pdf: Pdf):
        self.pdf = pdf
        self.total = 0  # set before the first foot line is written
        self.pages = PAGES  # the centre of the foot line, {n} and {total} filled in
        self.font = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding))
        self.heads: dict[str, pikepdf.Stream] = {}
        self.boxes: dict[tuple[float, float], Array] = {}
        self.shapes: dict[tuple, tuple] = {}  # (box, rotation, shrink): what upright() makes of it
        self.widths: dict[bytes, float] = {}  # an upright box, as written, to its width
        self.fonted: set[tuple[int, int]] = set()  # shared resources already given the font
        self.tail = pdf.make_stream(b"\nQ\n")

    def box(self, w: float, h: float) -> Array:
        key = (round(w, 3), round(h, 3))
        if key not in self.boxes:
            self.boxes[key] = Array([0, 0, *key])
        return self.boxes[key]

    def head(self, text: str) -> pikepdf.Stream:
        if text not in self.heads:
            self.heads[text] = self.pdf.make_stream(text.encode("latin-1"))
        return self.heads[text]


def share_resources(pdf: Pdf, page: Dictionary, seen: dict[bytes, Dictionary]) -> None:
    """Gives the page the dictionary its paper's earlier pages with the same resources have.

    Typed papers (a word processor's, reportlab's) write the same resources into every page;
    qpdf keeps each copy, about 1.9 KB a page of the benchmark's papers (measured). The same
    text, references included, is the same resources, so sharing one changes nothing shown."""
    resources = page.get("/Resources")
    if not isinstance(resources, Dictionary) or resources.is_indirect:
        return
    key = resources.unparse()
    if key not in seen:
        seen[key] = pdf.make_indirect(resources)
    page.Resources = seen[key]


def _shape(shown: Array, rotate: int, shrink: bool) -> tuple[str, list[float], float, float]:
    """For a page showing `shown` (its crop box, else its media box) turned by `rotate`: the
    stream that opens it (its transform and clip), the transform, and its upright size."""
    x1, y1, x2, y2 = (float(v) for v in shown)
    x0, y0, w, h = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
    rotate %= 360
    # Maps the page's own space to its upright view, origin at the corner.
    a, b, c, d, e, f = {
        0: (1, 0, 0, 1, 0, 0), 90: (0, -1, 1, 0, 0, w),
        180: (-1, 0, 0, -1, w, h), 270: (0, 1, -1, 0, h, 0),
    }[rotate if rotate in (0, 90, 180, 270) else 0]
    e, f = e - (a * x0 + c * y0), f - (b * x0 + d * y0)
    W, H = (h, w) if rotate in (90, 270) else (w, h)
    s = (H - PAGE_STRIP) / H if shrink and H > 2 * PAGE_STRIP else 1.0
    tx, ty = (W - s * W) / 2, (H - s * H) if shrink else 0.0
    m = [s * a, s * b, s * c, s * d, s * e + tx, s * f + ty]
    cm = " ".join(f"{v:.5f}" for v in m)
    return f"q {cm} cm {x0:.3f} {y0:.3f} {w:.3f} {h:.3f} re W n\n", m, W, H


def _contents(page: Dictionary) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, Array) else [contents]


def _pdf_text(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _move_annotations(page: Dictionary, m: list[float]) -> None:
    for annot in page.get("/Annots", []) or []:
        if not isinstance(annot, Dictionary) or "/Rect" not in annot:
            continue
        x1, y1, x2, y2 = (float(v) for v in annot.Rect)
        pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in ((x1, y1), (x2, y2))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        annot.Rect = Array([min(xs), min(ys), max(xs), max(ys)])


def upright(furniture: Furniture, page: Dictionary, shrink: bool) -> None:
    """Turns the page upright at its shown size; shrink clears the strip for the stamp."""
    crop = page.get("/CropBox")
    shown = crop if crop is not None else page.MediaBox
    rotate = page.get("/Rotate")
    # Pages of one shape are most of a bundle: their box is read as one string, not as four
    # numbers, and what is worked out from it is worked out once (40 to 15 us a page).
    key = (shown.unparse(resolved=True), 0 if rotate is None else int(rotate), shrink)
    shape = furniture.shapes.get(key)
    if shape is None:
        head, m, W, H = _shape(shown, key[1], shrink)
        box = furniture.box(W, H)
        shape = furniture.shapes[key] = (furniture.head(head), None if m == [1, 0, 0, 1, 0, 0] else m,
                                         box, box.unparse(), W)
        furniture.widths[shape[3]] = W
    head, m, box, _, _ = shape
    page.Contents = Array([head, *_contents(page), furniture.tail])
    if m is not None and "/Annots" in page:
        _move_annotations(page, m)
    for name in DROPPED:
        if name in page:
            del page[name]
    page.MediaBox = box
    page.CropBox = box


@lru_cache(maxsize=64)
def _width(text: str) -> float:
    """The width of a text that is the same on many pages (a reference, a marking)."""
    return stringWidth(text, "Helvetica", SIZE)


def foot_line(width: float, number: int, total: int, left: str, right: str,
              pages: str = PAGES) -> bytes:
    """left, "Page 47 of 312" centred (or `pages` filled in), right, in Helvetica at the foot."""
    centre = pages.format(n=number, total=total)
    # Helvetica's figures are all one width, so "Page 47 of 312" is as wide as "Page 00 of
    # 312": measured once for each count of figures, not on each of thousands of pages.
    wide = _width(pages.format(n="0" * len(str(number)), total=total))
    lines = ["q 0 g BT"]
    for text, x in ((centre, (width - wide) / 2),
                    (left, 36.0), (right, width - 36 - _width(right))):
        if text:
            lines.append(f"{FONT_KEY} {SIZE} Tf 1 0 0 1 {x:.2f} 9 Tm {_pdf_text(text)} Tj")
    lines.append("ET Q")
    return ("\n".join(lines) + "\n").encode("latin-1", "replace")


def stamp(furniture: Furniture, page: Dictionary, number: int, left: str = "", right: str = "") -> None:
    """Adds the foot line of a page upright() has turned."""
    resources = page.get("/Resources")
    if not isinstance(resources, Dictionary):
        page.Resources = resources = Dictionary()
    shared = resources.objgen if resources.is_indirect else None
    if shared not in furniture.fonted:
        # Left as they are when indirect: replacing a shared dictionary with its contents
        # would write a copy of it into every page.
        fonts = resources.get("/Font")
        if not isinstance(fonts, Dictionary):
            resources.Font = fonts = Dictionary()
        fonts[FONT_KEY] = furniture.font
        if shared:
            furniture.fonted.add(shared)  # the pages after this one sharing it have it too
    box = page.MediaBox
    width = furniture.widths.get(box.unparse())
    if width is None:
        width = float(box[2]) - float(box[0])
    foot = furniture.pdf.make_stream(foot_line(width, number, furniture.total, left, right, furniture.pages))
    contents = page.get("/Contents")
    if isinstance(contents, Array) and not contents.is_indirect:
        contents.append(foot)  # a page's direct array is its own; an indirect one may be shared
    else:
        page.Contents = Array([*_contents(page), foot])


def numbered(pdf: bytes, left: str, pages: str = PAGES) -> bytes:
    """A typeset document with the same foot line as a bundle: left text, "Page N of M" (or
    `pages`, as "Tudalen {n} o {total}", in a face Helvetica can show: Latin-1)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        furniture = Furniture(doc)
        furniture.total = len(doc.pages)
        furniture.pages = pages
        for i, page in enumerate(doc.pages, 1):
            upright(furniture, page.obj, shrink=False)
            stamp(furniture, page.obj, i, left)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
