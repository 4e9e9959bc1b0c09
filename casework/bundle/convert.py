"""Each paper as PDF pages: PDFs opened and checked, images placed, text and notes typeset.

Every paper comes back as an open pikepdf.Pdf for the bundle to copy pages from and close.
"""

import io
import re

import pikepdf
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from casework.bundle.contents import Item
from casework.bundle.inert import inert
from casework.bundle.picture import image_pages
from casework.bundle.typeface import MARGIN, PAGE_STRIP, escape, styles
from casework.errors import UserError

LINE_CHUNK = 2000  # characters: a file with no line breaks still typesets in linear time
# Binary streams: ASCII85 makes every image a third larger and is slow in pure Python.
rl_config.useA85 = 0

__all__ = ["MARGIN", "typeset", "to_pdf", "text_pages", "opened"]


def to_pdf(item: Item, data: bytes) -> pikepdf.Pdf:
    if item.kind == "pdf":
        return open_pdf(item, data)
    if item.kind == "image":
        return image_pages(item, data, _name(item))
    return opened(text_pages(item, data))


def opened(pdf: bytes) -> pikepdf.Pdf:
    """A PDF casework wrote itself (reportlab's), open for its pages to be copied."""
    return pikepdf.open(io.BytesIO(pdf))


def _name(item: Item) -> str:
    return f"document {item.number} ({item.filename})"


def _reason(exc: Exception) -> str:
    line = (str(exc).splitlines() or [type(exc).__name__])[0]
    # qpdf names its input first, here an anonymous stream in memory: no help to the reader.
    return re.sub(r"^stream <[^>]*>(?: \([^)]*\))?: ", "", line)[:80]


def open_pdf(item: Item, data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UserError(f"{_name(item)} is encrypted with a password; attach an unprotected copy") from None
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise UserError(f"{_name(item)} is damaged and cannot be read ({_reason(exc)}); "
                        f"attach a good copy") from None
    try:
        inert(pdf)
        if len(pdf.pages) == 0:
            raise UserError(f"{_name(item)} has no pages; attach a good copy")
    except UserError:
        pdf.close()
        raise
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        pdf.close()
        raise UserError(f"{_name(item)} is damaged and cannot be copied ({_reason(exc)}); "
                        "attach a good copy") from None
    return pdf


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
