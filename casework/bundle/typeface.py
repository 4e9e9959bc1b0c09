"""Fonts and paragraph styles for the pages casework typesets itself.

DejaVu Sans covers Welsh (ŵ, ŷ) and most names a register holds. It ships with casework
(casework/bundle/fonts, under its own licence beside it), so every PDF uses it on every machine,
not only where an operating system happens to have it installed.
"""

from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SHIPPED = Path(__file__).resolve().parent / "fonts"
PAGE_STRIP = 24  # points kept clear at the foot of every page for the page number
MARGIN = 54  # points around what casework typesets or places on a page


@cache
def fonts() -> tuple[str, str]:
    """Registers the body fonts once; returns (regular, bold) names."""
    pdfmetrics.registerFont(TTFont("Body", str(SHIPPED / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Body-Bold", str(SHIPPED / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold",
                                  italic="Body", boldItalic="Body-Bold")
    return "Body", "Body-Bold"


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11),
        "cell-bold": ParagraphStyle("cell-bold", parent=body, fontName=bold, fontSize=9, leading=11),
        "withheld": ParagraphStyle("withheld", parent=body, fontSize=9, leading=11,
                                   textColor="#555555"),
        "hash": ParagraphStyle("hash", fontName="Courier", fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=23,
                                alignment=TA_CENTER, spaceAfter=10),
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=13, leading=17,
                                  spaceBefore=4, spaceAfter=8),
        "section": ParagraphStyle("section", parent=body, fontName=bold, fontSize=10, leading=13),
        "banner": ParagraphStyle("banner", parent=body, fontName=bold, fontSize=12, leading=16,
                                 alignment=TA_CENTER, textColor="#a00000"),
    }


def escape(text: str) -> str:
    """Text for a reportlab Paragraph, which reads a small XML dialect."""
    keep = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    return keep.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
