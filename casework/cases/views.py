"""What the faces show of one case in full. Read-only, but for the record of who read its
restricted papers. Lists of cases are casework.cases.listing, which imports none of what a case
in full needs (its machine, guards, disclosure)."""

from casework.access.actors import acting_user
from casework.audit.disclosure import record_read
from casework.cases.casefile import load_case, no_case
from casework.cases.shown import shown
from casework.cases.view_reads import read_case
from casework.errors import has_control
from casework.transaction import read_alone
from casework.workspace import Workspace


def show_case(ws: Workspace, ref: str, login: str, record_reads: bool = True) -> dict:
    """`record_reads` False: the caller records what it does with the case instead, in the same
    transaction (a letter's own audit event), so a refusal leaves no trace."""
    with read_alone(ws.engine) as s:
        found = _read(s, ref.strip().upper(), login)
    reads, case = shown(ws, found)
    if reads and record_reads:
        record_read(ws, *reads)
    return case


def _read(s, ref: str, login: str) -> dict:
    """Everything show_case shows (casework.cases.view_reads), once the reader and the case
    are known to be there; if not, why not, in the words of acting_user and load_case."""
    if has_control(login) or has_control(ref):  # PostgreSQL refuses NUL in a statement
        acting_user(s, login)
        load_case(s, ref)
    found = read_case(s.connection(), ref, login)
    if not found["user"] or not found["user"][0].active:
        acting_user(s, login)  # refuses; should the login have come just now, read again
        return _read(s, ref, login)
    if not found["case"]:
        raise no_case(ref)
    return found


def holds_confidential(case: dict) -> bool:
    """Whether what a reader sees of a case (show_case) includes anything not for everyone:
    a file of it is then written for its owner's eyes only."""
    return bool(case["confidential"] or any(n["confidential"] for n in case["notes"])
                or any(d["confidential"] or d["exemption"] for d in case["documents"]))
