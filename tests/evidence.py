"""Evidence files as councils receive them: PDFs of different sizes and orientations,
scans, photos and plain text. Each page says its own file and page, edge to edge."""

import io
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, A5, landscape, letter
from reportlab.pdfgen.canvas import Canvas

SIZES = {"a4": A4, "a4-landscape": landscape(A4), "letter": letter, "a5": A5}


def pdf(path: Path, pages: int, size: str = "a4", rotate: int = 0, label: str = "") -> Path:
    """Each page carries 'label page N' at the top and 'FOOT N' on its bottom edge, so a stamp
    that covered content would sit on that text."""
    label = label or path.stem
    out = io.BytesIO()
    w, h = SIZES[size]
    c = Canvas(out, pagesize=(w, h))
    for n in range(1, pages + 1):
        c.rect(1, 1, w - 2, h - 2)
        c.setFont("Helvetica", 14)
        c.drawString(40, h - 60, f"{label} page {n}")
        c.setFont("Helvetica", 9)
        c.drawCentredString(w / 2, 3, f"FOOT {n}")
        c.showPage()
    c.save()
    data = out.getvalue()
    if rotate:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for page in writer.pages:
            page.rotate(rotate)
        buf = io.BytesIO()
        writer.write(buf)
        data = buf.getvalue()
    path.write_bytes(data)
    return path


def png(path: Path, size=(1200, 800), colour="#3366aa") -> Path:
    img = Image.new("RGB", size, colour)
    ImageDraw.Draw(img).rectangle([20, 20, size[0] - 20, size[1] - 20], outline="white", width=8)
    img.save(path)
    return path


def tiff(path: Path, frames: int = 2) -> Path:
    pics = [Image.new("L", (850, 1100), 255 - 40 * i) for i in range(frames)]
    pics[0].save(path, save_all=True, append_images=pics[1:])
    return path


def text(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    src = pdf(path.with_suffix(".plain.pdf"), 1)
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def jpeg(path: Path, size=(800, 400), orientation: int = 1) -> Path:
    """A photo as a phone saves it: orientation 6 means 'turn me a quarter clockwise'."""
    img = Image.new("RGB", size, "#aa6633")
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


def statement(path: Path, pages: list[list[str]]) -> Path:
    """A typed statement: each page's lines down the page, as a witness's words would be."""
    out = io.BytesIO()
    w, h = A4
    c = Canvas(out, pagesize=A4)
    c.setTitle(f"Statement {path.stem}")
    for lines in pages:
        c.setFont("Helvetica", 12)
        for n, line in enumerate(lines):
            c.drawString(60, h - 80 - 22 * n, line)
        c.showPage()
    c.save()
    path.write_bytes(out.getvalue())
    return path
