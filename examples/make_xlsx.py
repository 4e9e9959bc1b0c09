"""Writes people.xlsx and cases.xlsx from the CSV files beside it, as Excel would hold them:
dates as date cells, yes/no as TRUE/FALSE, tiers as numbers, clauses as text.

    .venv/bin/python examples/make_xlsx.py
"""

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).parent
DATES = {"Protocol signed", "Training date", "Received", "Stage since"}
FLAGS = {"Politically restricted", "Confidential"}
NUMBERS = {"Tier"}


def cell(heading: str, text: str):
    if not text:
        return None
    if heading in DATES:
        return datetime.strptime(text, "%d/%m/%Y" if "/" in text else "%Y-%m-%d").date()
    if heading in FLAGS:
        return text == "yes"
    if heading in NUMBERS:
        return int(text)
    return text


def convert(name: str) -> None:
    with open(HERE / f"{name}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book = Workbook()
    sheet = book.active
    sheet.title = name
    header = rows[0]
    sheet.append(header)
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows[1:]:
        sheet.append([cell(h, v) for h, v in zip(header, row)])
    for col, heading in enumerate(header, 1):
        letter = sheet.cell(1, col).column_letter
        sheet.column_dimensions[letter].width = max(12, min(60, len(heading) + 4))
        for (c,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            if heading in DATES:
                c.number_format = "DD/MM/YYYY"
            elif heading == "Clause":
                c.number_format = "@"  # text, or Excel turns 21.10 into 21.1
    # Fixed document and zip-entry times, so the committed files change only when the CSVs do.
    book.properties.created = book.properties.modified = datetime(2026, 11, 1)
    raw = io.BytesIO()
    book.save(raw)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(HERE / f"{name}.xlsx", "w",
                                                      zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-01T00:00:00Z", data)
            out.writestr(zipfile.ZipInfo(item.filename, (2026, 11, 1, 0, 0, 0)), data,
                         zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    for name in ("people", "cases"):
        convert(name)
        print(f"wrote {HERE / name}.xlsx")
