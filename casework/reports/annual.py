"""The annual report a Standards Committee asks for: who may run it, and its files.

The full version lists the year's complaints by reference, so it is for those who handle
complaints (the Monitoring Officer, deputies, HR and committee clerks); the public version has
no personal data and may be run by anyone with a login. Either is an export: the audit trail
records who took which report and the SHA-256 of what they took.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from casework.access.actors import acting_user
from casework.audit.disclosure import record_export
from casework.errors import Refused, UserError
from casework.outfile import check_out, replacing
from casework.reports.figures import gather
from casework.reports.tables import Report, build
from casework.transaction import read
from casework.words import with_article
from casework.workflow.roles import MO, ROLE_TITLES
from casework.workspace import Workspace

FULL_ROLES = MO | {"hr", "clerk"}
FORMATS = {"md": (".md", ".txt"), "csv": (".csv",), "pdf": (".pdf",)}
FIRST_YEAR = 2000  # the Local Government Act 2000 brought in councils' standards regimes


def check_year(year, today_year: int) -> int:
    try:
        year = int(str(year).strip())
    except ValueError:
        raise UserError(f"--year {str(year)[:20]!r} is not a year; write it as YYYY, e.g. "
                        f"--year {today_year - 1}", field="year") from None
    if not FIRST_YEAR <= year <= today_year:
        raise UserError(f"--year {year} is outside {FIRST_YEAR}-{today_year}; choose a year "
                        f"that has begun", field="year")
    return year


def choose_format(fmt: str | None, out) -> str:
    """The format asked for, else the one --out's suffix names, else Markdown."""
    if fmt is None and out is not None:
        suffix = Path(str(out)).suffix.lower()
        fmt = next((f for f, suffixes in FORMATS.items() if suffix in suffixes), None)
        if fmt is None:
            raise UserError(f"--out {out} should end in .md, .csv or .pdf (or give --format)", field="out")
    fmt = (fmt or "md").lower()
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt[:20]!r} is not one of md, csv, pdf", field="format")
    if fmt == "pdf" and out is None:
        raise UserError("--format pdf needs --out FILE.pdf", field="out")
    return fmt


def annual(ws: Workspace, login: str, year, public: bool = False) -> Report:
    """The report's tables, for a reader allowed this version."""
    year = check_year(year, ws.today().year)
    with read(ws.engine) as s:
        user = acting_user(s, login)
        s.expunge(user)
    if not public and user.role not in FULL_ROLES:
        raise Refused(f"{with_article(ROLE_TITLES[user.role])} cannot run the full annual report, which lists "
                      f"complaints by reference; add --public for the version without personal data")
    return build(gather(ws, user, year, with_cases=not public), ws.profile, public)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        from casework.reports.pdf import render as pdf

        return pdf(report)
    if fmt == "csv":
        from casework.reports.table_csv import render as csv

        return csv(report).encode()
    from casework.reports.markdown import render as md

    return md(report).encode()


def _what(report: Report, fmt: str) -> str:
    return f"annual report {report.year} ({'public' if report.public else 'full'}, {fmt})"


def annual_file(ws: Workspace, login: str, year, public: bool, fmt: str | None, out) -> tuple[Path, Report]:
    """Written whole under a temporary name and renamed, with its audit event, or not at all."""
    fmt = choose_format(fmt, out)
    target = check_out(out, FORMATS[fmt])  # before any work: a bad path leaves no trace
    report = annual(ws, login, year, public)
    data = render(report, fmt)
    with replacing(target) as temp:
        temp.write_bytes(data)
        _record(ws, login, report, fmt, data)
    return target, report


def annual_text(ws: Workspace, login: str, year, public: bool, fmt: str | None) -> str:
    """The report for a terminal or a pipe (Markdown or CSV); recorded as an export too."""
    fmt = choose_format(fmt, None)
    report = annual(ws, login, year, public)
    data = render(report, fmt)
    _record(ws, login, report, fmt, data)
    return data.decode()


def _record(ws: Workspace, login: str, report: Report, fmt: str, data: bytes) -> None:
    record_export(ws, login, None, _what(report, fmt), hashlib.sha256(data).hexdigest(),
                  {"year": report.year, "public": report.public})
