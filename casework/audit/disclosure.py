"""The audit of who saw confidential papers and who took papers out of the database.

Reading a confidential note or document, or a restricted case, and every export, is an audit
event: a Monitoring Officer can then tell an Ombudsman exactly who saw what, and when.
"""

from casework.audit import chain as audit

# Events that record someone looking or taking a copy: they change nothing in the case, so they
# claim no version (a case's version counts its other events).
OBSERVATIONS = frozenset({"read", "export"})
from casework.access.actors import acting_user
from casework.transaction import write
from casework.workspace import Workspace


def record_export(ws: Workspace, login: str, ref: str, what: str, sha256: str, extra: dict | None = None) -> None:
    def change(s):
        acting_user(s, login)
        audit.append(s, login, "export", ref, None, None, {"what": what, "sha256": sha256, **(extra or {})})

    write(ws.engine, change)


def record_read(ws: Workspace, login: str, ref: str, notes: list[int], documents: list[int],
                restricted: bool) -> None:
    def change(s):
        audit.append(s, login, "read", ref, None, None,
                     {"notes": notes, "documents": documents, "restricted": restricted})

    write(ws.engine, change)
