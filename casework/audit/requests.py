"""Each subject access request as its events left it (casework.sar): the day it was received,
the day it is due, how far it was extended, the pack made and the day it was answered. A row
changed behind the trail would move a statutory deadline, or mark a request answered with a
pack that was never made; `audit verify` names it like a broken link."""

import hashlib
import json

from sqlalchemy import inspect, select, text

from db.models import AuditEvent, SubjectAccess

EVENTS, REQUESTS = AuditEvent.__table__, SubjectAccess.__table__
# The fields each step of a request sets, as the row keeps them and as the trail recorded them.
FIELDS = (("received", "was received on"), ("due", "is due on"), ("extended_months", "is extended by (months)"),
          ("packed_sha256", "has the pack SHA-256"), ("status", "is"), ("answered", "was answered on"))


def requests_against_trail(conn) -> str | None:
    """The first request whose row is not as its events left it, in words, or None."""
    if not inspect(conn).has_table("subject_access"):
        return None  # a backup from before requests (schema 0030), checked before upgrade
    if conn.dialect.name == "postgresql" and not conn.execute(
            text("SELECT has_table_privilege('subject_access', 'SELECT')")).scalar():
        # Only the Monitoring Officer and deputies may read that anyone asked (db.privileges):
        # another auditor's login checks the chain, and they check the requests.
        return None
    told = _told(conn)
    rows = select(REQUESTS.c.id, REQUESTS.c.person_id, REQUESTS.c.requester,
                  *[REQUESTS.c[f] for f, _ in FIELDS]).order_by(REQUESTS.c.id)
    for row in conn.execute(rows):
        was = told.pop(row.id, None)
        where = f"subject access request {row.id}"
        if was is None:
            return f"{where} is in the database but no event of the audit trail opened it"
        if row.person_id != was["person_id"] or (
                was["requester_sha256"] and hashlib.sha256(row.requester.encode()).hexdigest() != was["requester_sha256"]):
            return f"{where} does not name the requester the audit trail recorded"
        for field, words in FIELDS:
            value = getattr(row, field)
            value = value.isoformat() if hasattr(value, "isoformat") else value
            if value != was[field]:
                return f"{where} {words} {_shown(value)}, but the audit trail recorded {_shown(was[field])}"
    for number in sorted(told):
        return f"subject access request {number} was opened in the audit trail but is gone from the database"
    return None


def _told(conn) -> dict[int, dict]:
    told: dict[int, dict] = {}
    events = select(EVENTS.c.data).where(EVENTS.c.action == "sar").order_by(EVENTS.c.seq)
    for data in conn.execute(events).scalars():
        d = json.loads(data)
        number, step = d.get("sar_id"), d.get("step")
        if step == "open":
            told[number] = {"person_id": d.get("person_id"), "requester_sha256": d.get("requester_sha256"),
                            "received": d.get("received"), "due": d.get("due"), "extended_months": 0,
                            "packed_sha256": None, "status": "open", "answered": None}
            continue
        was = told.get(number)
        if was is None:
            continue  # a step of a request never opened: the row check names it, or nothing does
        if step == "extend":
            was["extended_months"] += d.get("months", 0)
            was["due"] = d.get("due")
        elif step == "pack":
            was["packed_sha256"] = d.get("sha256")
        elif step == "answer":
            was["status"], was["answered"] = "answered", d.get("on")
    return told


def _shown(value) -> str:
    return "none" if value is None else str(value)
