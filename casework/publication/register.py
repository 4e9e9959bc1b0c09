"""Publishing the register: who may, the period it covers, and its record in the audit trail.

The file is written under a temporary name and renamed only once its audit event has
committed, so the trail holds every register that went out, with the SHA-256 of its bytes,
and no register goes out that the trail does not hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import UserError
from casework.inputs import not_future, parse_date
from casework.outfile import check_out, replacing
from casework.publication.entries import gather
from casework.publication.render import html, table_csv
from casework.transaction import read, write
from casework.workspace import Workspace

FORMATS = {".html": "html", ".csv": "csv"}
WHAT = "register of complaints about Members"


@dataclass(frozen=True)
class Published:
    path: Path
    format: str
    entries: int
    sha256: str


def check_period(start, end, today: date) -> tuple[date | None, date]:
    first = parse_date(start, "--from")
    last = not_future(parse_date(end, "--to") or today, "--to", today)
    if first is not None and first > last:
        raise UserError(f"--from {first.isoformat()} is after --to {last.isoformat()}; "
                        "give the first day of the period first")
    return first, last


def publish_register(ws: Workspace, login: str, out, start=None, end=None) -> Published:
    """Every check comes before any work, so a refusal writes nothing anywhere."""
    target = check_out(out, tuple(FORMATS))
    fmt = FORMATS[target.suffix.lower()]
    first, last = check_period(start, end, ws.today())
    with read(ws.engine) as s:
        user = acting_user(s, login)
        require(user, "publish", "publish the register of complaints")
        login = user.login
    reg = gather(ws, login, first, last)
    data = (html(reg, ws.profile.register) if fmt == "html" else table_csv(reg)).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    record = {"what": WHAT, "format": fmt, "entries": len(reg.entries), "sha256": digest,
              "from": first.isoformat() if first else None, "to": last.isoformat(),
              "cases": [e.ref for e in reg.entries],
              "withdrawn": [e.ref for e in reg.entries if e.notice.withdrawn]}

    def change(s):
        acting_user(s, login)
        audit.append(s, login, "publish", None, None, None, record)

    with replacing(target) as temp:
        temp.write_bytes(data)
        write(ws.engine, change)
    return Published(target, fmt, len(reg.entries), digest)
