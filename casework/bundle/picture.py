"""Photographs and scans, one frame to a page under the paper's caption.

img2pdf puts into PDF what PDF can carry as it is: a JPEG's own bytes, a PNG's compressed data
(grey, colour, palette, 16-bit), a fax-coded scan; what it must decode (other TIFFs, GIF, BMP,
an alpha channel split into a mask) it stores losslessly. A photo the phone marked as turned
keeps its pixels and is turned where it is drawn. What img2pdf refuses (transparency deeper
than 8 bits, a mirrored orientation) is decoded with Pillow and drawn by reportlab.
"""

import io
import logging

import img2pdf
import pikepdf
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from casework.bundle.typeface import MARGIN, escape, styles
from casework.errors import UserError

Image.MAX_IMAGE_PIXELS = 200_000_000  # a scanned A0 plan at 600 dpi, not a decompression bomb
ORIENTATION = 0x0112  # the EXIF tag a phone sets instead of turning the pixels
# How far clockwise each EXIF orientation is shown turned; the others are also mirrored.
TURNS = {1: 0, 6: 90, 3: 180, 8: 270}
UNREADABLE = (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError)
# Only the image and its turn are taken from img2pdf's page, so its size does not matter; one
# size for all keeps img2pdf from scaling or warning about pages too small or too large.
ANY_PAGE = (1000.0, 1000.0, 1000.0, 1000.0)
# img2pdf reports what it did (an alpha channel split off) through logging, meant for its own
# command line; in casework the lines would land on the terminal or under the application.
logging.getLogger("img2pdf").setLevel(logging.ERROR)


def image_pages(item, data: bytes, name: str) -> pikepdf.Pdf:
    """One captioned page per frame (multi-page TIFF scans), turned to suit the picture."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            turn = _turn(picture)
            picture.verify()  # a PNG's chunks against their checksums, without decoding
    except UNREADABLE as exc:
        raise UserError(f"{name} is not a readable image ({exc}); attach a good copy") from None
    try:
        if turn is None:
            raise ValueError("a mirrored picture")  # PDF can turn a picture but not mirror it
        # Turned here, not by img2pdf, which asks a PNG for EXIF and so decodes it.
        made = img2pdf.convert(data, layout_fun=lambda *_: ANY_PAGE, rotation=img2pdf.Rotation.none)
        pictures = pikepdf.open(io.BytesIO(made))
    except Exception:  # img2pdf refuses some files with a bare Exception; decoding names real faults
        return pikepdf.open(io.BytesIO(decoded(item, data, name)))
    with pictures:
        return _captioned(item, pictures, turn)


def _turn(picture: Image.Image) -> int | None:
    """Degrees clockwise the picture is to be shown turned; None if it is also mirrored."""
    # Only these carry EXIF before the pixels; asking a PNG means decoding it first.
    exif = picture.getexif() if picture.format in ("JPEG", "MPO", "TIFF", "WEBP") else {}
    orientation = exif.get(ORIENTATION, 1)
    return TURNS.get(orientation, 0 if orientation not in (2, 4, 5, 7) else None)


def _captioned(item, pictures: pikepdf.Pdf, turn: int) -> pikepdf.Pdf:
    frames = []
    for page in pictures.pages:
        [image] = page.obj.Resources.XObject.values()  # img2pdf draws one image a page
        w, h = int(image.Width), int(image.Height)
        frames.append((image, _layout(*((h, w) if turn in (90, 270) else (w, h)))))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    for _, (size, _) in frames:
        canvas.setPageSize(size)
        _caption(canvas, item, size)
        canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(out.getvalue()))
    for page, (image, (_, box)) in zip(pdf.pages, frames):
        key = page.add_resource(pdf.copy_foreign(image), pikepdf.Name.XObject, pikepdf.Name("/CwPhoto"))
        page.contents_add(pdf.make_stream(f"q {_placed(turn, box)} cm {key} Do Q\n".encode()))
    return pdf


def _placed(turn: int, box: tuple[float, float, float, float]) -> str:
    """The matrix drawing an image into box as a page turned clockwise by `turn` shows it."""
    x, y, w, h = box
    return " ".join(f"{v:.3f}" for v in {
        0: (w, 0, 0, h, x, y), 90: (0, -h, w, 0, x, y + h),
        180: (-w, 0, 0, -h, x + w, y + h), 270: (0, h, -w, 0, x + w, y),
    }[turn if turn in (0, 90, 180, 270) else 0])


def _layout(w: int, h: int) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """The page (turned to the picture's shape) and where the picture goes on it."""
    size = landscape(A4) if w > h else A4
    room_w, room_h = size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - 6
    # 72 points an inch: never enlarge past 2 pixels a point (about 144 dpi).
    scale = min(room_w / w, room_h / h, 2.0)
    dw, dh = w * scale, h * scale
    return size, ((size[0] - dw) / 2, MARGIN + (room_h - dh), dw, dh)


def _caption(canvas: Canvas, item, size) -> None:
    caption = Paragraph(escape(item.description), styles()["small"])
    _, ch = caption.wrap(size[0] - 2 * MARGIN, 100)
    caption.drawOn(canvas, MARGIN, size[1] - MARGIN + 14 - ch)


def _frames(data: bytes, name: str):
    """(reader, (width, height)) per frame, decoded and turned upright."""
    try:
        picture = Image.open(io.BytesIO(data))
        # Only these carry EXIF before the pixels; asking a PNG means decoding it first.
        exif = picture.getexif() if picture.format in ("JPEG", "MPO", "TIFF", "WEBP") else {}
        turned = exif.get(ORIENTATION, 1) not in (1, None)
        for frame in ImageSequence.Iterator(picture):
            frame = ImageOps.exif_transpose(frame) if turned else frame
            if frame.mode not in ("RGB", "L", "RGBA", "LA"):
                frame = frame.convert("RGBA" if "transparency" in frame.info else "RGB")
            frame.load()
            yield ImageReader(frame), frame.size
    except UNREADABLE as exc:
        raise UserError(f"{name} is not a readable image ({exc}); attach a good copy") from None


def decoded(item, data: bytes, name: str) -> bytes:
    """The pictures img2pdf will not take, decoded and drawn by reportlab."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    for source, (w, h) in _frames(data, name):
        size, (x, y, dw, dh) = _layout(w, h)
        canvas.setPageSize(size)
        _caption(canvas, item, size)
        canvas.drawImage(source, x, y, dw, dh, mask="auto")
        canvas.showPage()
    canvas.save()
    return out.getvalue()
