"""The timeline as a PDF for a personnel file: the bar of stages, then every event."""

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from casework.bundle.convert import MARGIN, typeset
from casework.bundle.stamp import numbered
from casework.bundle.typeface import escape, fonts, styles
from casework.cases.timeline import until, verdict

COLOURS = ["#5e81ac", "#a3be8c", "#d08770", "#b48ead", "#88c0d0", "#ebcb8b", "#bf616a", "#8fbcbb"]
WIDTH = landscape(A4)[0] - 2 * MARGIN
HEADINGS = ("Date", "Who", "What happened", "Moved to")
COLUMNS = (66, 74, None, 190)
STAGE_HEADINGS = ("Stage", "Entered", "Left", "Working days", "Due", "Met")
STAGE_COLUMNS = (None, 66, 66, 70, 66, 52)


def _uk(day: str | None) -> str:
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}" if day else ""


def stage_bar(bar: list) -> Drawing:
    """Each stage as wide as the working days spent in it; every stage at least a sliver."""
    regular, bold = fonts()
    total = sum(max(days, 1) for _, days, _ in bar) or 1
    rows = (len(bar) + 2) // 3
    d = Drawing(WIDTH, 22 + 13 * rows)
    x = 0.0
    for i, (title, days, met) in enumerate(bar):
        w = WIDTH * max(days, 1) / total
        d.add(Rect(x, 13 * rows + 6, w, 14, fillColor=COLOURS[i % len(COLOURS)], strokeColor=None))
        x += w
        col, row = i % 3, i // 3
        label = f"{title}: {days} working day{'s' if days != 1 else ''}" + (" (deadline missed)" if met is False else "")
        d.add(Rect(col * WIDTH / 3, 13 * (rows - row - 1) + 1, 7, 7, fillColor=COLOURS[i % len(COLOURS)], strokeColor=None))
        d.add(String(col * WIDTH / 3 + 10, 13 * (rows - row - 1) + 1.5, label, fontName=bold if met is False else regular,
                     fontSize=7.5, fillColor="#a00000" if met is False else "#000000"))
    return d


def timeline_pdf(tl: dict, council: str) -> bytes:
    st = styles()
    story = [Paragraph(escape(f"{council}: timeline of complaint {tl['ref']}"), st["heading"]),
             Paragraph(escape(f"About {tl['subject']}. Received {tl['received']}. Now: {tl['stage']}."), st["body"]),
             Spacer(1, 10)]
    if tl["bar"]:
        story += [Paragraph("Working days in each stage", st["section"]), Spacer(1, 4), stage_bar(tl["bar"]), Spacer(1, 10)]
    if tl["stages"]:
        # Each stage's days and deadline against the stage itself, from the timeline's one
        # record of them; the events below only say where each move went.
        rows = [[_uk(x["entered"]), _uk(until(x)) if x["left"] else until(x),
                 "" if x["working_days"] is None else x["working_days"], _uk(x["due"]),
                 verdict(x)] for x in tl["stages"]]
        story += [Paragraph("Stages and their deadlines", st["section"]), Spacer(1, 4),
                  _table(st, STAGE_HEADINGS, STAGE_COLUMNS,
                         [[x["title"], *row] for x, row in zip(tl["stages"], rows)]),
                  Spacer(1, 10)]
    story += [Paragraph("Events", st["section"]), Spacer(1, 4),
              _table(st, HEADINGS, COLUMNS,
                     [[_uk(r["on"]), r["actor"], r["what"], r["to"]] for r in tl["rows"]])]
    return numbered(typeset(story, pagesize=landscape(A4)), tl["ref"])


def _table(st: dict, headings: tuple, widths: tuple, rows: list[list]) -> Table:
    cell = st["cell"]
    data = [[Paragraph(h, st["cell-bold"]) for h in headings]]
    data += [[Paragraph(escape(str(v if v is not None else "")), cell) for v in row] for row in rows]
    fixed = sum(w for w in widths if w)
    table = Table(data, colWidths=[w or WIDTH - fixed for w in widths], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    return table
