"""Exported copies of a case that casework knows about: each export to a file records where it
was written (the absolute path and the machine's name) as a personal value of the case (a path
can hold a name; casework.audit.disclosure), and disposal deletes every copy that is on this
machine and still holds the bytes exported. A copy changed since, gone from where it was
written, on another machine, or that cannot be read is left alone and listed for the
Monitoring Officer to chase."""

import hashlib
import json
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from db.models import AuditEvent, AuditValue

EVENTS, VALUES = AuditEvent.__table__, AuditValue.__table__
VIEWER = "(to the system's viewer)"
# What became of a copy, as the command and the certificate say it.
STATES = {"deleted": "deleted", "changed": "changed since it was exported: left as it is",
          "gone": "not where it was written (moved or deleted since)",
          "elsewhere": "on another machine: not reachable from this one",
          "unreadable": "could not be read or deleted from this login"}


@dataclass
class Copy:
    seq: int  # the export event that wrote it (the latest, when one path was written again)
    at: str
    actor: str
    what: str
    host: str
    path: str
    state: str = ""

    def told(self) -> dict:
        """For the certificate: everything but the path, which may hold a name."""
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "what": self.what,
                "host": self.host, "state": self.state}


def recorded(conn, ref: str) -> tuple[list[Copy], dict[tuple[str, str], set[str]], int]:
    """Each place the case was exported to, its SHA-256s there, and how many exports named
    no place (the viewer's copies, annual figures, or made before places were recorded)."""
    exports = conn.execute(select(EVENTS.c.seq, EVENTS.c.at, EVENTS.c.actor, EVENTS.c.data).where(
        EVENTS.c.case_ref == ref, EVENTS.c.action == "export").order_by(EVENTS.c.seq)).all()
    held: dict[int, dict] = {}
    seqs = [e.seq for e in exports]
    for i in range(0, len(seqs), 500):
        for seq, field, value in conn.execute(select(VALUES.c.seq, VALUES.c.field, VALUES.c.value).where(
                VALUES.c.seq.in_(seqs[i:i + 500]), VALUES.c.field.in_(("path", "host")))):
            held.setdefault(seq, {})[field] = json.loads(value)
    places: dict[tuple[str, str], Copy] = {}
    digests: dict[tuple[str, str], set[str]] = {}
    unplaced = 0
    for seq, at, actor, data in exports:
        where, told = held.get(seq, {}), json.loads(data)
        if "path" not in where:
            # The viewer's copies are found by their folders (casework.records.erasure).
            unplaced += not told.get("what", "").endswith(VIEWER)
            continue
        key = (where.get("host", ""), where["path"])
        places[key] = Copy(seq, at, actor, told.get("what", ""), *key)
        digests.setdefault(key, set()).add(told.get("sha256"))
    return list(places.values()), digests, unplaced


def settle(copies: list[Copy], digests: dict, done: dict[str, str]) -> None:
    """Deletes each copy here that still holds bytes casework exported to it, and says what
    became of each. `done` keeps what an earlier try of the same disposal did (files are not
    rolled back with a transaction that is tried again)."""
    here = socket.gethostname()
    for c in copies:
        if c.path in done:
            c.state = done[c.path]
            continue
        c.state = _settle(c, digests[c.host, c.path]) if c.host == here else "elsewhere"
        if c.state == "deleted":
            done[c.path] = c.state


def _settle(c: Copy, digests: set[str]) -> str:
    path = Path(c.path)
    try:
        # A regular file only: a link put in its place is not the copy casework wrote.
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return "changed"
        with path.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return "gone"
    except OSError:
        return "unreadable"
    if digest not in digests:
        return "changed"
    try:
        path.unlink()
    except OSError:
        return "unreadable"
    return "deleted"


def lines(copies: list[Copy], unplaced: int) -> list[str]:
    """What the command says of them: a count, and each copy left with its path, shown to the
    Monitoring Officer this once (the certificate does not keep paths)."""
    if not copies and not unplaced:
        return []
    left = [c for c in copies if c.state != "deleted"]
    said = f"exported copies: {len(copies) - len(left)} deleted"
    if left:
        said += f", {len(left)} left to find and destroy"
    if unplaced:
        said += f"; {unplaced} export{'s' if unplaced != 1 else ''} recorded no place: find and destroy"
    return [said + (":" if left else "")] + [
        f"  {c.path} on {c.host} ({c.what}, by {c.actor}, {c.at[:10]}): {STATES[c.state]}" for c in left]
