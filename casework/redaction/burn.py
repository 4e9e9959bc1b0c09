"""The redacted copy of a PDF: every page with something to redact is rendered to a picture,
blacked out where the terms and regions are, and put back as a picture only, so no letter of
its text survives beneath the boxes; the other pages are copied as they are, their text kept.

pypdfium2 (PDFium, the engine of Chrome's viewer) finds the terms and where each letter is,
and renders the page; Pillow burns the boxes in; img2pdf and pikepdf put the pages together.
"""

import io
import logging
from dataclasses import dataclass, field

import img2pdf
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw

from casework.errors import UserError, quote
from casework.redaction.marks import MM_PER_POINT, Region, region_off_page
from casework.redaction.scrub import assemble, leftover, prepare

DPI = 200  # sharp enough to read a footnote in a hearing, small enough for a long paper
SCALE = DPI / 72
PAD = 1.5  # points beyond a letter's box, so no ascender, descender or antialiasing shows
# img2pdf reports through logging what it did with a picture, meant for its own command.
logging.getLogger("img2pdf").setLevel(logging.ERROR)


@dataclass
class Redacted:
    data: bytes
    pages: int
    matches: dict[int, int] = field(default_factory=dict)  # page (from 1) -> term matches
    regions: dict[int, int] = field(default_factory=dict)  # page (from 1) -> regions
    per_term: list[int] = field(default_factory=list)


def redact_pdf(data: bytes, name: str, terms: list[str], regions: list[Region]) -> Redacted:
    """`name` says which paper in a refusal. Refuses a term found nowhere and a region off
    its page, and a copy in which any term could still be read."""
    source = _open(data, name)
    with source:
        prepare(source)
        buf = io.BytesIO()
        source.save(buf)
        doc = pdfium.PdfDocument(buf.getvalue())
        try:
            result = Redacted(data=b"", pages=len(doc), per_term=[0] * len(terms))
            for region in regions:
                why = region_off_page(region, len(doc), _size_mm(doc, region.page - 1))
                if why:
                    raise UserError(why)
            boxes = _find_terms(doc, terms, result)
            for n, count in enumerate(result.per_term, 1):
                if not count:
                    raise UserError(
                        f"--term {n} ({quote(terms[n - 1])}) is not in the text of {name}; "
                        "nothing was filed. Check the spelling; a scanned page has no text to "
                        "search, so mark it with --region")
            for region in regions:
                result.regions[region.page] = result.regions.get(region.page, 0) + 1
            pages, pictures = [], []  # each picture's document lives until the copy is made
            for i in range(len(doc)):
                mine = [r for r in regions if r.page == i + 1]
                if boxes.get(i) or mine:
                    pictures.append(_burnt_page(doc[i], boxes.get(i, []), mine))
                    pages.append(pictures[-1].pages[0])
                else:
                    pages.append(source.pages[i])
            result.data = assemble(pages)
            for picture in pictures:
                picture.close()
        finally:
            doc.close()
    still = leftover(result.data, terms)
    if still:
        n, where = still
        raise UserError(f"--term {n} could still be read in {where} of the redacted copy of "
                        f"{name}, where its letters could not all be found; nothing was filed: mark the "
                        "place with --region")
    return result


def _open(data: bytes, name: str) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UserError(f"{name} is protected by a password; attach a copy without one, then "
                        "redact that") from None
    except pikepdf.PdfError:
        raise UserError(f"{name} is damaged and cannot be read as a PDF; attach a good copy, "
                        "then redact that") from None


def _size_mm(doc: pdfium.PdfDocument, index: int) -> tuple[float, float] | None:
    if index >= len(doc):
        return None
    w, h = doc[index].get_size()  # as the page is shown, turned
    return w * MM_PER_POINT, h * MM_PER_POINT


def _find_terms(doc, terms: list[str], result: Redacted) -> dict[int, list[tuple]]:
    """Page index -> boxes in PDF points, one for each line a match runs over."""
    boxes: dict[int, list[tuple]] = {}
    for i in range(len(doc)):
        text = doc[i].get_textpage()
        for n, term in enumerate(terms):
            search = text.search(term, match_case=False)
            while (hit := search.get_next()) is not None:
                start, count = hit
                boxes.setdefault(i, []).extend(_lines(text, start, count))
                result.per_term[n] += 1
                result.matches[i + 1] = result.matches.get(i + 1, 0) + 1
    return boxes


def _lines(text, start: int, count: int) -> list[tuple]:
    """The letters' font boxes, merged along each line they sit on."""
    out: list[list[float]] = []
    for k in range(start, start + count):
        left, bottom, right, top = text.get_charbox(k, loose=True)
        if right <= left or top <= bottom:  # a space or line break PDFium made up
            continue
        last = out[-1] if out else None
        if last and bottom < last[3] and top > last[1]:
            last[:] = [min(last[0], left), min(last[1], bottom), max(last[2], right), max(last[3], top)]
        else:
            out.append([left, bottom, right, top])
    return [tuple(b) for b in out]


def _plainest(image: Image.Image) -> Image.Image:
    """A page in shades of grey is kept in grey, a third of the size: most letters are."""
    r, g, b = image.split()
    if ImageChops.difference(r, g).getbbox() is None and ImageChops.difference(g, b).getbbox() is None:
        return r
    return image


def _burnt_page(page, boxes: list[tuple], regions: list[Region]) -> pikepdf.Pdf:
    """A document of one page: the picture of this one with the boxes burnt in."""
    bitmap = page.render(scale=SCALE, draw_annots=False, may_draw_forms=False)
    convert = bitmap.get_posconv(page)
    image = bitmap.to_pil().convert("RGB")
    draw = ImageDraw.Draw(image)
    for left, bottom, right, top in boxes:
        corners = [convert.to_bitmap(x, y) for x, y in ((left - PAD, bottom - PAD), (right + PAD, top + PAD))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        draw.rectangle([min(xs), min(ys), max(xs), max(ys)], fill="black")
    px = DPI / 25.4
    for r in regions:
        draw.rectangle([r.x0 * px, r.y0 * px, r.x1 * px, r.y1 * px], fill="black")
    picture = io.BytesIO()
    _plainest(image).save(picture, "PNG", optimize=False)
    # The picture fills exactly the page as it was shown (PDFium's size is the turned page's):
    # whole pixels would move its edge.
    w, h = page.get_size()
    layout = img2pdf.get_layout_fun((w, h), fit=img2pdf.FitMode.exact)
    made = img2pdf.convert(picture.getvalue(), layout_fun=layout)
    return pikepdf.open(io.BytesIO(made))
