"""The annual report as one tidy table (section, measure, year, value) for spreadsheets."""

import csv
import io

from casework.outfile import spreadsheet_safe
from casework.reports.tables import Report

HEADER = ("section", "measure", "year", "value")


def rows(report: Report):
    for t in report.tables:
        for label, values in t.rows:
            for i, value in enumerate(values):
                if value is None:
                    continue  # a stage the route does not have, or a median held back
                year = t.years[i] if t.years else report.year
                if t.years or len(t.columns) == 1:
                    measure = label
                else:
                    measure = f"{label}: {t.columns[i]}" if label else t.columns[i]
                yield t.key, measure, year, value


def render(report: Report) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows([spreadsheet_safe(cell) for cell in row] for row in rows(report))
    return buf.getvalue()
