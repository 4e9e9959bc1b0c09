"""The cover sheet and the index, whose rows become links to the pages they list, and the
manifest that ends the bundle: typeset as one document, which the bundle splits where the
manifest begins (one layout, one copy of the fonts, about 6 ms less than two documents)."""

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from casework.bundle.contents import Contents, Item, section_letter
from casework.bundle.convert import MARGIN, typeset
from casework.bundle.typeface import escape, styles
from casework.clock import long_date

# No., description, date, pages: fixed widths, so page numbers never change the layout.
COLUMNS = (30, None, 70, 72)


class Row(Flowable):
    """A row of the index; records where it was drawn so the bundle can link it."""

    def __init__(self, cells: list[Paragraph], target: int | None, sink: list):
        super().__init__()
        self.cells, self.target, self.sink = cells, target, sink

    def _widths(self, avail: float) -> list[float]:
        fixed = sum(w for w in COLUMNS if w)
        return [w or avail - fixed for w in COLUMNS][: len(self.cells)] if len(self.cells) > 1 else [avail]

    def wrap(self, avail_w, avail_h):
        # reportlab asks again of a row kept with the next (a section's head, the row after
        # it) or moved to a new page; the frame's width is the same, and so is the answer.
        if getattr(self, "width", None) != avail_w:
            self.widths = self._widths(avail_w)
            self.height = max(p.wrap(w - 4, avail_h)[1] for p, w in zip(self.cells, self.widths)) + 5
            self.width = avail_w
        return avail_w, self.height

    def draw(self):
        x = 0.0
        for p, w in zip(self.cells, self.widths):
            p.drawOn(self.canv, x, self.height - p.height - 2)
            x += w
        self.canv.setStrokeColor("#cccccc")
        self.canv.line(0, 0, self.width, 0)
        if self.target is not None:
            ax, ay = self.canv.absolutePosition(0, 0)
            self.sink.append((self.canv.getPageNumber() - 1, (ax, ay, ax + self.width, ay + self.height), self.target))


class Line(Flowable):
    """Plain text on one line, drawn where a one-line Paragraph in the same style would draw
    it, without reportlab reading it as markup and breaking it into lines: the index's number,
    date and pages, the manifest's number (3-4 ms of the 25 ms the cover, index and manifest
    took at the benchmark's 500 pages). A text too long for its column is a Paragraph after all."""

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text, self.style, self.para = text, style, None

    def wrap(self, avail_w, avail_h):
        st = self.style
        if self.para is None and stringWidth(self.text, st.fontName, st.fontSize) > avail_w:
            self.para = Paragraph(escape(self.text), st)
        if self.para is not None:
            self.width, self.height = self.para.wrap(avail_w, avail_h)
        else:
            self.width, self.height = avail_w, st.leading
        return self.width, self.height

    def draw(self):
        if self.para is not None:
            self.para.drawOn(self.canv, 0, 0)
            return
        st = self.style
        # A paragraph's first baseline is its font size below its top, or its ascent.
        drop = st.fontSize if rl_config.paraFontSizeHeightOffset else getAscent(st.fontName, st.fontSize)
        self.canv.setFillColor(st.textColor)
        self.canv.setFont(st.fontName, st.fontSize)
        self.canv.drawString(0, self.height - drop, self.text)


class Mark(Flowable):
    """Takes no room; records the page it falls on."""

    def __init__(self, sink: list):
        super().__init__()
        self.sink = sink

    def wrap(self, avail_w, avail_h):
        return 0, 0

    def draw(self):
        self.sink.append(self.canv.getPageNumber() - 1)


def page_range(item: Item) -> str:
    if item.kind == "withheld":
        return "withheld"
    first, last = item.first + 1, item.first + item.pages
    return str(first) if first == last else f"{first}–{last}"


def cover(c: Contents) -> list:
    st = styles()
    story = [Spacer(1, 60), Paragraph(escape(c.council), st["title"]),
             Paragraph("Standards hearing bundle" if c.route == "member" else "Hearing bundle", st["title"]),
             Spacer(1, 16)]
    if c.public:
        story.append(Paragraph("PUBLIC BUNDLE: exempt information withheld", st["banner"]))
    elif c.has_confidential:
        story.append(Paragraph("CONFIDENTIAL: NOT FOR PUBLICATION", st["banner"]))
        story.append(Paragraph(
            "Contains exempt information under Schedule 12A to the Local Government Act 1972 "
            "(pink papers). Do not copy or pass on.", st["small"]))
    story.append(Spacer(1, 24))
    rows = [
        ("Case reference", c.ref),
        ("Hearing date", long_date(c.hearing) if c.hearing else "to be fixed"),
        ("Subject of the complaint", c.subject),
        ("Complainant", c.complainant),
        ("Protocol clause", f"{c.clause} {c.clause_title}".strip()),
        ("Complaint received", long_date(c.received)),
        ("Stage", c.stage),
    ]
    table = Table([[Paragraph(escape(k), st["cell-bold"]), Paragraph(escape(v), st["cell"])] for k, v in rows],
                  colWidths=[150, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story += [table, Spacer(1, 20), Paragraph("Summary of the complaint", st["section"]),
              Spacer(1, 4), Paragraph(escape(c.summary), st["body"])]
    return story


def index(c: Contents, sink: list) -> list:
    st = styles()
    story = [Paragraph("Index", st["heading"]),
             Paragraph("Page numbers are those stamped at the foot of each page and match the "
                       "PDF's own. Each entry links to its first page.", st["small"]),
             Spacer(1, 8),
             Row([Paragraph(h, st["cell-bold"]) for h in ("No.", "Document", "Date", "Pages")], None, sink)]
    for n, (key, title) in enumerate(c.sections.items()):
        papers = [it for it in c.items if it.section == key]
        letter = section_letter(n)
        head = Row([Paragraph(escape(f"Section {letter}: {title}"), st["section"])],
                   papers[0].first if papers and papers[0].kind != "withheld" else None, sink)
        head.keepWithNext = True
        story.append(head)
        if not papers:
            story.append(Row([Paragraph("", st["cell"]), Paragraph("No documents filed", st["withheld"])], None, sink))
        for it in papers:
            withheld = it.kind == "withheld"
            story.append(Row([
                Line(it.tab, st["cell"]),
                Paragraph(escape(it.description), st["withheld" if withheld else "cell"]),
                Line(it.dated.strftime("%d/%m/%Y") if it.dated and not withheld else "", st["cell"]),
                Line(page_range(it), st["cell"]),
            ], None if withheld else it.first, sink))
    return story


def front_matter(c: Contents) -> tuple[bytes, list, int]:
    """PDF bytes of the cover, the index and the manifest; (page, rect, target page) for each
    link; and the page the manifest begins on, which is how many pages go before the papers."""
    sink: list = []
    back: list = []
    pdf = typeset(cover(c) + [PageBreak()] + index(c, sink) + [PageBreak(), Mark(back)] + manifest(c))
    return pdf, sink, back[0]


def manifest(c: Contents) -> list:
    st = styles()
    story = [Paragraph("Manifest", st["heading"]),
             Paragraph("The SHA-256 of every document as it was attached to the case file. Anyone "
                       "holding the original file can check it (for example with sha256sum); "
                       "notes are hashed as their UTF-8 text.", st["small"]), Spacer(1, 8)]
    data = [[Paragraph(h, st["cell-bold"]) for h in ("No.", "Document", "SHA-256")]]
    for it in c.items:
        if it.kind == "withheld":
            data.append([Line(it.tab, st["cell"]),
                         Paragraph("withheld", st["withheld"]), Paragraph("", st["hash"])])
            continue
        data.append([Line(it.tab, st["cell"]),
                     Paragraph(escape(f"{it.description} ({it.filename}), {'page' if it.pages == 1 else 'pages'} {page_range(it)}"), st["cell"]),
                     Paragraph(f"{it.sha256[:32]} {it.sha256[32:]}", st["hash"])])
    # 32 Courier characters at 7.5 points, plus the cell's padding: half a hash a line.
    table = Table(data, colWidths=[30, None, 175], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    return story + [table]


__all__ = ["front_matter", "MARGIN"]
