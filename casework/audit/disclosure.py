"""The audit of who saw confidential papers and who took papers out of the database.

Reading a confidential note or document, or a restricted case, and every export, is an audit
event: a Monitoring Officer can then tell an Ombudsman exactly who saw what, and when.
"""

import socket
from pathlib import Path

from casework.audit import chain as audit

# Events that record someone looking or taking a copy: they change nothing in the case, so they
# claim no version (a case's version counts its other events).
OBSERVATIONS = frozenset({"read", "export"})
from casework.access.actors import acting_user
from casework.transaction import write, write_event
from casework.workspace import Workspace


def record_export(ws: Workspace, login: str, ref: str | None, what: str, sha256: str,
                  extra: dict | None = None, where: Path | None = None) -> None:
    """`where`: the file written, so that disposal can find the copy (casework.records.copies)."""
    def change(s):
        acting_user(s, login)
        audit.append(s, login, "export", ref, None, None,
                     {"what": what, "sha256": sha256, **(extra or {}), **place(ref, where)})

    write(ws.engine, change)


def place(ref: str | None, where: Path | None) -> dict:
    """Where an export of a case was written: the absolute path and this machine's name. Both
    are personal values of the case (db.audit_personal), committed to by its key and erased
    with it, since a path can hold a name. Nothing for an export of no case (the annual
    figures name nobody), whose values would have no key to go under."""
    if ref is None or where is None:
        return {}
    return {"path": str(Path(where).resolve()), "host": socket.gethostname()}


def record_read(ws: Workspace, login: str, ref: str, notes: list[int], documents: list[int],
                restricted: bool) -> None:
    def change(s):
        audit.append(s, login, "read", ref, None, None,
                     {"notes": notes, "documents": documents, "restricted": restricted})

    write_event(ws.engine, change)
