"""Page furniture written straight into each page's content streams.

Attached pages are turned upright and shrunk just enough to clear a strip at the foot, so the
page number never covers evidence. Nothing is re-parsed: the original streams are wrapped in a
saved graphics state, which keeps a 5,000-page bundle close to the cost of a plain merge.

pypdf holds every object of the output until the file is written, so whatever is made per page
is paid thousands of times over. Pages of one shape share their wrapping streams and boxes, all
pages share one font and one closing stream, and the foot line is rendered only as it is written.
"""

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    PdfObject,
    RectangleObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from casework.bundle.typeface import PAGE_STRIP

FONT_KEY = "/CwStamp"
SIZE = 8
# One key object each, rather than a new one per page wherever a page gains the key.
CONTENTS, RESOURCES, FONT, STAMP = (NameObject(k) for k in ("/Contents", "/Resources", "/Font", FONT_KEY))
MEDIABOX, CROPBOX = NameObject("/MediaBox"), NameObject("/CropBox")
DROPPED = ("/Rotate", "/TrimBox", "/BleedBox", "/ArtBox")


def _stream(writer: PdfWriter, text: str):
    stream = DecodedStreamObject()
    stream.set_data(text.encode("latin-1", "replace"))
    return writer._add_object(stream)


class Furniture:
    """What the pages of one document share: the font, the page count, the closing Q, and per
    page shape the box and the stream that opens with its transform. Sharing streams and
    objects between pages is plain PDF."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.total = 0  # set before the file is written; the feet read it then
        self.font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }))
        self.heads: dict[str, object] = {}
        self.boxes: dict[tuple[float, float], RectangleObject] = {}
        self.tail = _stream(writer, "\nQ\n")

    def box(self, w: float, h: float) -> RectangleObject:
        key = (round(w, 3), round(h, 3))
        if key not in self.boxes:
            self.boxes[key] = RectangleObject([0, 0, FloatObject(key[0]), FloatObject(key[1])])
        return self.boxes[key]

    def head(self, text: str):
        if text not in self.heads:
            self.heads[text] = _stream(self.writer, text)
        return self.heads[text]


class Foot(PdfObject):
    """One page's foot line: a content stream whose bytes exist only while the file is written.

    As a pypdf stream the line cost about 650 bytes a page until the end (dictionary, text and
    bytes, measured with tracemalloc); this holds references to things shared between pages and
    the page's number, about 220 bytes with its object reference. It is not a pypdf
    StreamObject, so a page read back from the writer (not from the file) shows no foot line,
    and pypdf would not encrypt it (nothing here writes an encrypted PDF)."""

    def __init__(self, furniture: Furniture, box, number: int, left: str, right: str):
        self.furniture, self.box, self.number, self.left, self.right = furniture, box, number, left, right

    def get_data(self) -> bytes:
        W = float(self.box.width)
        centre = f"Page {self.number} of {self.furniture.total}"
        lines = ["q 0 g BT"]
        for text, x in ((centre, (W - stringWidth(centre, "Helvetica", SIZE)) / 2),
                        (self.left, 36.0), (self.right, W - 36 - stringWidth(self.right, "Helvetica", SIZE))):
            if text:
                lines.append(f"{FONT_KEY} {SIZE} Tf 1 0 0 1 {x:.2f} 9 Tm {_pdf_text(text)} Tj")
        lines.append("ET Q")
        return ("\n".join(lines) + "\n").encode("latin-1", "replace")

    def write_to_stream(self, stream, encryption_key=None) -> None:
        data = self.get_data()
        stream.write(b"<<\n/Length %d\n>>\nstream\n" % len(data) + data + b"\nendstream")


def _matrix(page: PageObject, shrink: bool) -> tuple[list[float], float, float, RectangleObject]:
    box = page.cropbox
    x0, y0 = float(box.left), float(box.bottom)
    w, h = float(box.width), float(box.height)
    rotate = (page.get("/Rotate", 0) or 0) % 360
    # Maps the page's own space to its upright view, origin at the corner.
    a, b, c, d, e, f = {
        0: (1, 0, 0, 1, 0, 0), 90: (0, -1, 1, 0, 0, w),
        180: (-1, 0, 0, -1, w, h), 270: (0, 1, -1, 0, h, 0),
    }[rotate if rotate in (0, 90, 180, 270) else 0]
    e, f = e - (a * x0 + c * y0), f - (b * x0 + d * y0)
    W, H = (h, w) if rotate in (90, 270) else (w, h)
    s = (H - PAGE_STRIP) / H if shrink and H > 2 * PAGE_STRIP else 1.0
    tx, ty = (W - s * W) / 2, (H - s * H) if shrink else 0.0
    return [s * a, s * b, s * c, s * d, s * e + tx, s * f + ty], W, H, box


def _contents(page: PageObject) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    obj = contents.get_object()
    return list(obj) if isinstance(obj, ArrayObject) else [contents]


def _resources(page: PageObject) -> DictionaryObject:
    node = page
    while node is not None and "/Resources" not in node:
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    if node is page:
        # Left as it is: replacing a shared indirect dictionary with the dictionary itself
        # would write a copy of it into every page.
        return page["/Resources"].get_object()
    res = node["/Resources"].get_object() if node is not None else DictionaryObject()
    page[RESOURCES] = res
    return res


def _pdf_text(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _move_annotations(page: PageObject, m: list[float]) -> None:
    for ref in page.get("/Annots", []) or []:
        annot = ref.get_object()
        if "/Rect" not in annot:
            continue
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in ((x1, y1), (x2, y2))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        annot[NameObject("/Rect")] = RectangleObject([min(xs), min(ys), max(xs), max(ys)])


def upright(furniture: Furniture, page: PageObject, shrink: bool) -> None:
    """Turns the page upright at its shown size; shrink clears the strip for the stamp."""
    m, W, H, box = _matrix(page, shrink)
    cm = " ".join(f"{v:.5f}" for v in m)
    clip = f"{float(box.left):.3f} {float(box.bottom):.3f} {float(box.width):.3f} {float(box.height):.3f} re W n"
    page[CONTENTS] = ArrayObject([furniture.head(f"q {cm} cm {clip}\n"), *_contents(page), furniture.tail])
    if m != [1, 0, 0, 1, 0, 0]:
        _move_annotations(page, m)
    # Deleted before it is set: reading page.cropbox stored a /CropBox under a key object of
    # the page's own, which assignment would keep.
    for key in ("/CropBox", *DROPPED):
        if key in page:
            del page[key]
    box = furniture.box(W, H)
    page[MEDIABOX] = box
    page[CROPBOX] = box


def stamp(furniture: Furniture, page: PageObject, number: int, left: str = "", right: str = "") -> None:
    """Adds the foot line of an upright page: left, "Page 47 of 312" centred, right."""
    fonts = _resources(page)
    fonts = (fonts[FONT] if FONT in fonts else fonts.setdefault(FONT, DictionaryObject())).get_object()
    fonts[STAMP] = furniture.font
    foot = furniture.writer._add_object(Foot(furniture, page.mediabox, number, left, right))
    contents = page.raw_get(CONTENTS) if CONTENTS in page else None
    if isinstance(contents, ArrayObject):
        contents.append(foot)  # a page's direct array is its own; an indirect one may be shared
    else:
        page[CONTENTS] = ArrayObject([*_contents(page), foot])


def numbered(pdf: bytes, left: str) -> bytes:
    """A typeset document with the same foot line as a bundle: left text, "Page N of M"."""
    import io

    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    furniture = Furniture(writer)
    furniture.total = len(writer.pages)
    for i, page in enumerate(writer.pages, 1):
        upright(furniture, page, shrink=False)
        stamp(furniture, page, i, left)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
