"""One import, all or nothing: every row is checked and written inside one transaction, and
the transaction commits only when no row was refused and it is not a dry run.

Writing the rows even on a dry run (then rolling back) is what makes its report exact: the
references it would give, the managers found later in the same sheet, the same refusals.
"""

from dataclasses import dataclass, field
from typing import Callable

from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.audit.personal import in_log
from casework.errors import UserError
from casework.imports.sheet import Sheet, read_sheet
from casework.transaction import read, write
from casework.workspace import Workspace
from db.models import User


@dataclass
class Report:
    what: str  # people | cases
    file: str
    sha256: str
    rows: int
    dry_run: bool
    created: list[tuple[int, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        out = [f"{self.file} (sha256 {self.sha256[:12]}): {self.rows} row{'s' if self.rows != 1 else ''}"]
        if self.ignored:
            out.append("columns not read: " + ", ".join(self.ignored))
        verb = "would create" if self.dry_run or self.refused else "created"
        if self.created:
            out.append(f"{verb}:")
            out += [f"  line {n}: {text}" for n, text in self.created]
        if self.refused:
            out.append("refused:")
            out += [f"  line {n}: {text}" for n, text in sorted(self.refused)]
        return out

    def verdict(self) -> str:
        """The report's last word: what was, or would be, written."""
        n = len(self.created)
        noun = {"people": ("person", "people"), "cases": ("case", "cases")}[self.what][n != 1]
        if self.refused:
            rows = "1 row" if len(self.refused) == 1 else f"{len(self.refused)} rows"
            verb = "would be" if self.dry_run else "were"
            return f"{rows} of {self.file} {verb} refused (listed above); nothing was written"
        if self.dry_run:
            return f"dry run: {n} {noun} would be imported; nothing was written"
        return f"imported {n} {noun} from {self.file} in one change"

    def source(self, line: int, row_sha256: str) -> dict:
        """What each imported row's audit event says about where it came from."""
        return {"source": self.file, "source_sha256": self.sha256, "line": line,
                "row_sha256": row_sha256}


class ImportRefused(UserError):
    """Rows were refused, so nothing was written; the report says which and why."""

    def __init__(self, report: Report):
        n = len(report.refused)
        rows = "1 row" if n == 1 else f"{n} rows"
        super().__init__(f"{report.file}: {rows} refused (listed above); nothing was imported: "
                         "correct the sheet and import it again")
        self.report = report


class _Discard(Exception):
    pass


Apply = Callable[[Session, Workspace, User, Sheet, Report], None]


def run(ws: Workspace, login: str, path: str, what: str, apply: Apply, dry_run: bool) -> Report:
    with read(ws.engine) as s:  # who may import, before anything is read or parsed
        require(acting_user(s, login), "import", f"import {what}")
    sheet = read_sheet(path)
    kept: list[Report] = []

    def change(s: Session) -> Report:
        actor = acting_user(s, login)
        require(actor, "import", f"import {what}")
        report = Report(what, sheet.name, sheet.sha256, len(sheet.cells), dry_run)
        kept[:] = [report]  # a retried transaction starts a fresh report
        apply(s, ws, actor, sheet, report)
        if report.refused or dry_run:
            raise _Discard
        # The sheet's name is committed to under the month's key, as a sign-in's address is.
        audit.append(s, actor.login, "import", data={
            "what": what, "source": sheet.name, "source_sha256": sheet.sha256,
            "rows": len(sheet.cells), "created": len(report.created), **in_log()})
        report.written = True
        return report

    try:
        return write(ws.engine, change)
    except _Discard:
        report = kept[0]
        if report.refused and not dry_run:
            raise ImportRefused(report) from None
        return report

