"""The register as a web page a council can put up as it is, and as CSV for its open data.

The page asks nothing of any other site (its style is inside it) and is a table with a caption
and header cells, so screen readers announce each cell with its column and its reference.
Everything in it is escaped by Jinja2's autoescaping, the notice's own text included.
"""

from __future__ import annotations

import csv
import io

from jinja2 import Environment, PackageLoader, select_autoescape

from casework.clock import long_date
from casework.outfile import spreadsheet_safe
from casework.profile.register import SUBJECT_RULES, RegisterRules
from casework.publication.entries import Entry, Register

TITLE = "Register of complaints about Members"
NOT_NAMED = "Not named"
CSV_HEADER = ("reference", "received", "clause", "clause_title", "stage_or_outcome", "sanctions",
              "decision_date", "member", "complainant", "notice_issued", "notice_withdrawn", "notice")


def period(reg: Register) -> str:
    since = f"from {long_date(reg.start)} " if reg.start else ""
    return f"Formal complaints received {since}to {long_date(reg.end)}, as they stood on the day of publication."


def notes(reg: Register, rules: RegisterRules) -> list[str]:
    out = ["Each complaint is listed once it has been referred to the Monitoring Officer. "
           "Complaints about council officers are employment matters and are not published.",
           f"The Member complained about is named {SUBJECT_RULES[rules.name_subject]}; complainants are "
           + ("named unless their identity was withheld." if rules.name_complainants else "not named."),
           "Information that is exempt under Schedule 12A to the Local Government Act 1972 is not published."]
    if reg.confidential:
        n = reg.confidential
        out.append(f"{n} further complaint{'s are' if n != 1 else ' is'} confidential and not listed.")
    return out


def _notice_words(e: Entry) -> str:
    if e.notice.issued is None:
        return "None issued"
    words = f"Issued {long_date(e.notice.issued)}"
    return words + (f"; withdrawn {long_date(e.notice.withdrawn)}" if e.notice.withdrawn else "")


def html(reg: Register, rules: RegisterRules) -> str:
    env = Environment(loader=PackageLoader("casework.publication", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    headings = ["Reference", "Received", "Protocol clause", "Stage or outcome", "Sanctions",
                "Date of decision", "Member complained about"]
    if rules.name_complainants:
        headings.append("Complainant")
    headings.append("Decision notice")
    rows = [{"ref": e.ref, "received": long_date(e.received),
             "clause": f"{e.clause} {e.clause_title}".strip(), "outcome": e.outcome,
             "sanctions": e.sanctions, "decided": long_date(e.decided) if e.decided else "",
             "subject": e.subject or NOT_NAMED, "complainant": e.complainant or NOT_NAMED,
             "notice": _notice_words(e), "link": e.notice_link, "text": e.notice_text}
            for e in reg.entries]
    n = len(rows)
    return env.get_template("register.html").render(
        title=TITLE, council=reg.council, published=long_date(reg.published),
        published_iso=reg.published.isoformat(), period=period(reg),
        caption=f"{TITLE}: {n} complaint{'s' if n != 1 else ''}", headings=headings, rows=rows,
        with_complainants=rules.name_complainants, notes=notes(reg, rules))


def table_csv(reg: Register) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_HEADER)
    for e in reg.entries:
        out.writerow([spreadsheet_safe(v) for v in (
            e.ref, e.received.isoformat(), e.clause, e.clause_title, e.outcome, "; ".join(e.sanctions),
            e.decided.isoformat() if e.decided else "", e.subject or NOT_NAMED, e.complainant or NOT_NAMED,
            e.notice.issued.isoformat() if e.notice.issued else "",
            e.notice.withdrawn.isoformat() if e.notice.withdrawn else "",
            e.notice_link or e.notice_text or "")])
    return buf.getvalue()
