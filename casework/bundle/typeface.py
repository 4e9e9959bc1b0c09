"""Fonts and paragraph styles for the pages casework typesets itself.

DejaVu covers Welsh (ŵ, ŷ) and most names a register holds; reportlab's own Vera is the
fallback where Debian's fonts-dejavu-core is absent, so a bundle never fails for want of a font.
"""

from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAGE_STRIP = 24  # points kept clear at the foot of every page for the page number


@cache
def fonts() -> tuple[str, str]:
    """Registers the body fonts once; returns (regular, bold) names."""
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    for regular, bold in ((DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
                          (vera / "Vera.ttf", vera / "VeraBd.ttf")):
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("Body", str(regular)))
            pdfmetrics.registerFont(TTFont("Body-Bold", str(bold)))
            pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold",
                                          italic="Body", boldItalic="Body-Bold")
            return "Body", "Body-Bold"
    return "Helvetica", "Helvetica-Bold"


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
