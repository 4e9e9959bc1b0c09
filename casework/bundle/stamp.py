"""Page furniture written straight into each page's content streams.

Attached pages are turned upright and shrunk just enough to clear a strip at the foot, so the
page number never covers evidence. Nothing is re-parsed: the original streams are wrapped in a
saved graphics state, which keeps a 5,000-page bundle close to the cost of a plain merge.
"""

from pypdf import PageObject, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, RectangleObject)
from reportlab.pdfbase.pdfmetrics import stringWidth

from casework.bundle.typeface import PAGE_STRIP

FONT_KEY = "/CwStamp"
SIZE = 8


def stamp_font(writer: PdfWriter):
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))


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


def _stream(writer: PdfWriter, text: str):
    stream = DecodedStreamObject()
    stream.set_data(text.encode("latin-1", "replace"))
    return writer._add_object(stream)


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
    page[NameObject("/Resources")] = res
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


class Streams:
    """Content streams shared between pages: pages of one shape open with the same transform,
    and every page closes with the same Q. Sharing a stream is plain PDF and keeps the bundle's
    memory and file close to a bare merge's."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
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


def upright(streams: Streams, page: PageObject, shrink: bool) -> None:
    """Turns the page upright at its shown size; shrink clears the strip for the stamp."""
    m, W, H, box = _matrix(page, shrink)
    cm = " ".join(f"{v:.5f}" for v in m)
    clip = f"{float(box.left):.3f} {float(box.bottom):.3f} {float(box.width):.3f} {float(box.height):.3f} re W n"
    page[NameObject("/Contents")] = ArrayObject([streams.head(f"q {cm} cm {clip}\n"), *_contents(page), streams.tail])
    if m != [1, 0, 0, 1, 0, 0]:
        _move_annotations(page, m)
    box = streams.box(W, H)
    page[NameObject("/MediaBox")] = box
    page[NameObject("/CropBox")] = box
    for key in ("/Rotate", "/TrimBox", "/BleedBox", "/ArtBox"):
        if key in page:
            del page[key]


def stamp(writer: PdfWriter, page: PageObject, font, centre: str, left: str = "", right: str = "") -> None:
    """Writes the foot line of an upright page: centre is "Page 47 of 312"."""
    fonts = _resources(page)
    fonts = fonts.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    fonts[NameObject(FONT_KEY)] = font
    W = float(page.mediabox.width)
    lines = ["q 0 g BT"]
    for text, x in ((centre, (W - stringWidth(centre, "Helvetica", SIZE)) / 2),
                    (left, 36.0), (right, W - 36 - stringWidth(right, "Helvetica", SIZE))):
        if text:
            lines.append(f"{FONT_KEY} {SIZE} Tf 1 0 0 1 {x:.2f} 9 Tm {_pdf_text(text)} Tj")
    lines.append("ET Q")
    page[NameObject("/Contents")] = ArrayObject([*_contents(page), _stream(writer, "\n".join(lines) + "\n")])


def numbered(pdf: bytes, left: str) -> bytes:
    """A typeset document with the same foot line as a bundle: left text, "Page N of M"."""
    import io

    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    font, streams = stamp_font(writer), Streams(writer)
    total = len(writer.pages)
    for i, page in enumerate(writer.pages, 1):
        upright(streams, page, shrink=False)
        stamp(writer, page, font, f"Page {i} of {total}", left)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
