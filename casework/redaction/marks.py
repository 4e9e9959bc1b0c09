"""What a person marks for redaction: terms (every occurrence, in any case) and regions of a
page, as typed on the command line or in the form.

A region is measured in millimetres from the top left corner of the page as it is shown,
because that is what a clerk can measure on the printed page with a ruler; PDF's own points
from the bottom left are nobody's way of describing a paper.
"""

import re
from dataclasses import dataclass

from casework.errors import UserError, has_bidi_control, has_control, quote

MAX_TERM = 200
MAX_MARKS = 200
MM_PER_POINT = 25.4 / 72


@dataclass(frozen=True)
class Region:
    page: int  # 1-based, as people number pages
    x0: float
    y0: float
    x1: float
    y1: float

    def spec(self) -> str:
        return f"{self.page}:{self.x0:g},{self.y0:g},{self.x1:g},{self.y1:g}"


_REGION = re.compile(r"^\s*(\d+)\s*:\s*([^,]+),([^,]+),([^,]+),([^,]+)\s*$")


def clean_terms(terms) -> list[str]:
    out: list[str] = []
    for n, term in enumerate(terms or (), 1):
        text = " ".join(str(term).split())
        if not text:
            raise UserError(f"--term {n} is empty; type the name or phrase to redact")
        if has_control(text) or has_bidi_control(text):
            raise UserError(f"--term {n} holds a control character; type the words as they read")
        if len(text) > MAX_TERM:
            raise UserError(f"--term {n} is longer than {MAX_TERM} characters; redact a passage "
                            "with --region")
        if text.casefold() not in (t.casefold() for t in out):
            out.append(text)
    return out


def parse_region(spec: str) -> Region:
    m = _REGION.match(spec or "")
    hint = "write PAGE:LEFT,TOP,RIGHT,BOTTOM in millimetres from the page's top left, e.g. 2:20,40,190,60"
    if not m:
        raise UserError(f"--region {quote(spec)} is not a region; {hint}")
    try:
        page, x0, y0, x1, y1 = int(m[1]), *(float(v) for v in m.groups()[1:])
    except ValueError:
        raise UserError(f"--region {quote(spec)} is not a region; {hint}") from None
    if page < 1:
        raise UserError(f"--region {quote(spec)}: pages are numbered from 1")
    if not all(0 <= v < 10_000 for v in (x0, y0, x1, y1)) or x1 <= x0 or y1 <= y0:
        raise UserError(f"--region {quote(spec)} has no area: LEFT must be less than RIGHT and "
                        "TOP less than BOTTOM, none negative")
    return Region(page, x0, y0, x1, y1)


def check_marks(terms: list[str], regions: list[Region]) -> None:
    if not terms and not regions:
        raise UserError("say what to redact: --term TEXT (every occurrence) or --region "
                        "PAGE:LEFT,TOP,RIGHT,BOTTOM (millimetres from the page's top left)")
    if len(terms) + len(regions) > MAX_MARKS:
        raise UserError(f"at most {MAX_MARKS} terms and regions in one redaction; redact in steps")


def region_off_page(region: Region, pages: int, size_mm: tuple[float, float] | None) -> str | None:
    """Why the region cannot be drawn, or None. `size_mm` is the page's shown width and height."""
    if region.page > pages:
        return (f"--region {region.spec()}: the document has {pages} page"
                f"{'' if pages == 1 else 's'}, no page {region.page}")
    w, h = size_mm
    if region.x1 > w + 0.5 or region.y1 > h + 0.5:  # half a millimetre for a ruler's reading
        return (f"--region {region.spec()} is off the page: page {region.page} is "
                f"{w:.0f} x {h:.0f} mm")
    return None
