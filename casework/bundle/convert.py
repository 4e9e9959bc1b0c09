"""Each paper as PDF pages: PDFs opened and checked, images placed, text and notes typeset."""

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from casework.bundle.contents import Item
from casework.bundle.inert import inert
from casework.bundle.png import place, plain_png
from casework.bundle.typeface import PAGE_STRIP, escape, styles
from casework.errors import UserError

MARGIN = 54
LINE_CHUNK = 2000  # characters: a file with no line breaks still typesets in linear time
Image.MAX_IMAGE_PIXELS = 200_000_000  # a scanned A0 plan at 600 dpi, not a decompression bomb
ORIENTATION = 0x0112  # the EXIF tag a phone sets instead of turning the pixels
# Binary streams: ASCII85 makes every image a third larger and is slow in pure Python.
rl_config.useA85 = 0


def to_pdf(item: Item, data: bytes) -> PdfReader:
    if item.kind == "pdf":
        return open_pdf(item, data)
    if item.kind == "image":
        return PdfReader(io.BytesIO(image_pages(item, data)))
    return PdfReader(io.BytesIO(text_pages(item, data)))


def _name(item: Item) -> str:
    return f"document {item.number} ({item.filename})"


def open_pdf(item: Item, data: bytes) -> PdfReader:
    data = inert(data, _name(item))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError(
                f"{_name(item)} is encrypted with a password; attach an unprotected copy"
            )
        if len(reader.pages) == 0:
            raise UserError(f"{_name(item)} has no pages; attach a good copy")
        return reader
    except UserError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"{_name(item)} is damaged and cannot be read ({reason}); "
                        f"attach a good copy") from None


def _frames(item: Item, data: bytes):
    """(reader, width, height) per frame. A JPEG that needs no turning is embedded as it is:
    decoding a phone photo to raw pixels costs seconds and a hundred megabytes."""
    try:
        picture = Image.open(io.BytesIO(data))
        # Only these carry EXIF before the pixels; asking a PNG means decoding it first.
        exif = picture.getexif() if picture.format in ("JPEG", "MPO", "TIFF", "WEBP") else {}
        turned = exif.get(ORIENTATION, 1) not in (1, None)
        if picture.format == "JPEG" and picture.mode in ("RGB", "L") and not turned:
            yield ImageReader(io.BytesIO(data)), picture.size
            return
        for frame in ImageSequence.Iterator(picture):
            frame = ImageOps.exif_transpose(frame) if turned else frame
            if frame.mode not in ("RGB", "L", "RGBA", "LA"):
                frame = frame.convert("RGBA" if "transparency" in frame.info else "RGB")
            frame.load()
            yield ImageReader(frame), frame.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UserError(f"{_name(item)} is not a readable image ({exc}); attach a good copy") from None


def _layout(w: int, h: int) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """The page (turned to the picture's shape) and where the picture goes on it."""
    size = landscape(A4) if w > h else A4
    room_w, room_h = size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - 6
    # 72 points an inch: never enlarge past 2 pixels a point (about 144 dpi).
    scale = min(room_w / w, room_h / h, 2.0)
    dw, dh = w * scale, h * scale
    return size, ((size[0] - dw) / 2, MARGIN + (room_h - dh), dw, dh)


def _caption(canvas: Canvas, item: Item, size) -> None:
    caption = Paragraph(escape(item.description), styles()["small"])
    _, ch = caption.wrap(size[0] - 2 * MARGIN, 100)
    caption.drawOn(canvas, MARGIN, size[1] - MARGIN + 14 - ch)


def image_pages(item: Item, data: bytes) -> bytes:
    """One page per frame (multi-page TIFF scans), turned to suit the picture's shape."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    png = plain_png(data)
    if png:
        size, box = _layout(png[0], png[1])
        canvas.setPageSize(size)
        _caption(canvas, item, size)
        canvas.showPage()
        canvas.save()
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
        place(writer, writer.pages[0], png, box)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    for source, (w, h) in _frames(item, data):
        size, (x, y, dw, dh) = _layout(w, h)
        canvas.setPageSize(size)
        _caption(canvas, item, size)
        canvas.drawImage(source, x, y, dw, dh, mask="auto")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def decode(data: bytes) -> str:
    for codec in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def text_pages(item: Item, data: bytes | None) -> bytes:
    text = item.text if item.kind == "note" else decode(data or b"")
    st = styles()
    story = [Paragraph(escape(item.description), st["heading"])]
    if item.kind != "note":
        story.append(Paragraph(escape(f"File: {item.filename}"), st["small"]))
    story.append(Spacer(1, 8))
    # One paragraph per line: reportlab splits a long paragraph across pages in quadratic time.
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            story.append(Spacer(1, 6))
            continue
        for start in range(0, len(line), LINE_CHUNK):
            piece = escape(line[start:start + LINE_CHUNK].expandtabs(4))
            story.append(Paragraph(piece.replace("  ", "&nbsp; "), st["body"]))
    return typeset(story)


def typeset(story: list, on_page=None, pagesize=A4) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + PAGE_STRIP / 2,
                            pageCompression=1)
    if on_page:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    else:
        doc.build(story)
    return out.getvalue()
