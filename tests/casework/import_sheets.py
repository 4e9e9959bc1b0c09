"""Writing the sheets a clerk would hand over, as CSV or as an Excel workbook."""

import csv
from pathlib import Path


def write_sheet(path: Path, rows: list[list], fmt: str | None = None) -> Path:
    """rows[0] is the header. Cells may be str, date, bool, int or float; CSV gets their text."""
    fmt = fmt or path.suffix.lstrip(".")
    path = path.with_suffix(f".{fmt}")
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["" if c is None else str(c) for c in row] for row in rows])
    else:
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    return path


PEOPLE_HEADER = ["Name", "Kind", "Service", "Manager", "Politically restricted", "Protocol signed",
                 "Tier", "Training course", "Training date"]
CASES_HEADER = ["Reference", "About", "By", "Clause", "Summary", "Received", "Stage", "Stage since",
                "Handler", "Confidential"]
