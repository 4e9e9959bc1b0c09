"""The annual report as a PDF for committee papers: the same tables, and a bar of the trend."""

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from casework.bundle.convert import MARGIN, typeset
from casework.bundle.stamp import numbered
from casework.bundle.timeline_pdf import COLOURS
from casework.bundle.typeface import escape, fonts, styles
from casework.reports.markdown import cell
from casework.reports.tables import Report, Table

WIDTH = A4[0] - 2 * MARGIN
VALUE_WIDTH = 80  # points per figure column ("Outstanding" fits); the label takes the rest


def trend_bar(t: Table) -> Drawing | None:
    """Complaints received per year, one bar each; a withheld (<5) year draws no bar."""
    label, values = t.rows[0]
    shown = [(y, v) for y, v in zip(t.columns, values) if isinstance(v, int)]
    if not shown:
        return None
    regular, _ = fonts()
    top = max(v for _, v in shown) or 1
    row, d = 16, Drawing(WIDTH, 16 * len(t.columns) + 4)
    for i, (year, value) in enumerate(zip(t.columns, values)):
        y = row * (len(t.columns) - i - 1)
        d.add(String(0, y + 4, year, fontName=regular, fontSize=8.5))
        if isinstance(value, int):
            d.add(Rect(40, y + 2, (WIDTH - 110) * value / top, 11, fillColor=COLOURS[0], strokeColor=None))
        d.add(String(44 + (WIDTH - 110) * (value / top if isinstance(value, int) else 0), y + 4,
                     cell(value), fontName=regular, fontSize=8.5))
    return d


CASE_CHUNK = 200  # rows per table: reportlab splits a long table in time that grows with its length


def _cases(t: Table, st) -> list:
    """The list of cases in plain strings: thousands of Paragraph cells would take minutes."""
    regular, bold = fonts()
    widths = [92, 50, 76, 62, None, 66]
    widths[4] = WIDTH - sum(w for w in widths if w)
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("FONTNAME", (0, 0), (-1, 0), bold), ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.75, "#555555"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])
    head = [t.label, *t.columns]
    out = [Paragraph(escape(t.title), st["section"]), Spacer(1, 3),
           Paragraph(escape(t.note), st["small"]), Spacer(1, 4)]
    for i in range(0, max(len(t.rows), 1), CASE_CHUNK):
        data = [head] + [[label, *(cell(v) for v in values)] for label, values in t.rows[i:i + CASE_CHUNK]]
        table = PdfTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(style)
        out.append(table)
    return out


def _table(t: Table, st) -> list:
    if t.key == "cases":
        return _cases(t, st)
    right = ParagraphStyle("head-right", parent=st["cell-bold"], alignment=TA_RIGHT)
    head = [Paragraph(escape(t.label), st["cell-bold"])] + [
        Paragraph(escape(h), right) for h in t.columns]
    data = [head] + [[Paragraph(escape(label), st["cell"])] + [cell(v) for v in values]
                     for label, values in t.rows]
    widths = [None] + [VALUE_WIDTH] * len(t.columns)
    fixed = sum(w for w in widths if w)
    table = PdfTable(data, colWidths=[w or WIDTH - fixed for w in widths], repeatRows=1)
    regular, _ = fonts()
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (1, 1), (-1, -1), regular),
             ("FONTSIZE", (1, 1), (-1, -1), 9),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc"),
             ("LINEBELOW", (0, 0), (-1, 0), 0.75, "#555555")]
    style.append(("ALIGN", (1, 1), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    intro = [Paragraph(escape(t.title), st["section"]), Spacer(1, 3)]
    if t.note:
        intro += [Paragraph(escape(t.note), st["small"]), Spacer(1, 4)]
    if t.key == "trends" and (bar := trend_bar(t)):
        intro += [bar, Spacer(1, 6)]
    return [KeepTogether(intro + [table]), Spacer(1, 12)]


def render(report: Report) -> bytes:
    st = styles()
    version = ("Public version" if report.public
               else "FULL VERSION: CONTAINS CASE REFERENCES. NOT FOR PUBLICATION")
    story = [Paragraph(escape(f"{report.council}"), st["title"]),
             Paragraph(escape(f"Annual report on complaints under the Member/Officer Relations "
                              f"Protocol, {report.year}"), st["heading"]),
             Paragraph(escape(version), st["banner"] if not report.public else st["section"]),
             Spacer(1, 6), Paragraph(escape(f"Figures as at {report.as_at}."), st["body"]), Spacer(1, 4)]
    for para in report.intro:
        story += [Paragraph(escape(para), st["body"]), Spacer(1, 4)]
    story.append(Spacer(1, 8))
    for t in report.tables:
        story += _table(t, st)
    left = f"Annual report {report.year}" + ("" if report.public else " (full, not for publication)")
    return numbered(typeset(story), left)
