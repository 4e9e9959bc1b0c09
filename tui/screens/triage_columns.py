"""The triage queue's columns, their widths on a terminal of any width, a case's cells and the
line of filters in force."""

from casework.queue.query import SORTS, CaseQuery
from tui.widgets.queue_table import Cell

LINES_KEPT = 5_000  # cases' cells kept between pages (tens of bytes a cell)

# (key, heading, width); the narrow set keeps 80 columns readable without scrolling.
WIDE = [("ref", "Reference", 14), ("route", "Route", 8), ("stage", "Stage", 30),
        ("subject", "Subject", 20), ("complainant", "Complainant", 20), ("handler", "Handler", 12),
        ("days", "Days", 5), ("due", "Due", 10), ("mark", "", 8)]
NARROW = [("ref", "Reference", 14), ("stage", "Stage", 20), ("subject", "Subject", 16),
          ("days", "Days", 4), ("due", "Due", 10), ("mark", "", 2)]
WIDE_FROM = sum(width + 2 for _, _, width in WIDE) + 2  # cell padding and the scrollbar
# Columns to spare on a wider terminal go to the names and the stage, in these shares.
GROW = {"subject": 2, "complainant": 2, "stage": 1}


def fitted(columns: list[tuple[str, str, int]], width: int) -> list[tuple[str, int]]:
    """(heading, width) of each column, the spare width shared out by GROW."""
    spare = max(0, width - (sum(w + 2 for _, _, w in columns) + 2))
    shares = {key: GROW[key] for key, _, _ in columns if key in GROW}
    total = sum(shares.values())
    return [(heading, w + spare * shares.get(key, 0) // total) for key, heading, w in columns]


class Lines:
    """A case's cells, kept while its row, the columns and the theme's marks stay as they were:
    typing a name brings most of the same cases back page after page."""

    def __init__(self):
        self._kept: dict[tuple, list[Cell]] = {}

    def page(self, rows: list[dict], columns: list, marks: dict[str, str]) -> list[list[Cell]]:
        # WIDE or NARROW, and the theme's one dict of marks (tui.colours keeps it): by identity.
        return [self._line(r, columns, marks, (id(columns), id(marks), *r.values())) for r in rows]

    def _line(self, r: dict, columns: list, marks: dict[str, str], key: tuple) -> list[Cell]:
        line = self._kept.get(key)
        if line is None:
            if len(self._kept) > LINES_KEPT:
                self._kept.clear()
            wide = len(columns) > 6
            line = self._kept[key] = [cell(k, r, wide, marks) for k, _, _ in columns]
        return line


def cell(key: str, r: dict, wide: bool, marks: dict[str, str]) -> Cell:
    if key == "stage":
        return Cell(r["stage_short"])
    if key == "route":
        return Cell("Member" if r["route"] == "member" else "Officer")
    if key == "days":
        return Cell(str(r["days_in_stage"]), right=True)
    if key == "due":
        return Cell(r["next_due"] or "–")
    if key == "mark":
        if r["overdue"]:
            return Cell("OVERDUE" if wide else "!", f"bold {marks['error']}")
        new = r["state"] == "received"
        return Cell(("NEW" if wide else "•") if new else "", f"bold {marks['warning']}")
    return Cell(r[key] or "–")


def chips(q: CaseQuery) -> str:
    """The filters and the sort in force, as the line above the queue says them."""
    said = [f"stage: {q.state}" if q.state else "", f"route: {q.route}" if q.route else "",
            f"handler: {q.handler}" if q.handler else "", "overdue" if q.overdue else "",
            "with ended" if q.include_ended else "", "notes searched" if q.notes else "",
            f"sort: {SORTS[q.sort]}{' ↑' if q.descending else ''}"]
    return "  ".join(x for x in said if x)
