"""Personal values put back in their place in events as read (casework.audit.personal keeps
them), from rows read already: nothing here reads a database, so a read without SQLAlchemy
(casework.cases.kept_show) shows a case's history as every other face does."""

import json

from db.audit_personal import VALUES as PERSONAL
from db.audit_personal import committed, scope_of


def wanting(events: list[dict]) -> list[dict]:
    """The events that carry a committed personal value."""
    return [e for e in events if any(committed(e["data"].get(f)) for f in PERSONAL.get(e["action"], ()))]


def fill(wanted: list[dict], rows) -> list[tuple[dict, str]]:
    """Each committed value put in its place from `rows` (seq, field, value as JSON); the
    (event, field) of those not there: their case's records were disposed of."""
    held: dict[tuple[int, str], str] = {(seq, field): json.loads(value) for seq, field, value in rows}
    missing = []
    for e in wanted:
        for field in [f for f in PERSONAL.get(e["action"], ()) if committed(e["data"].get(f))]:
            if (e["seq"], field) in held:
                e["data"][field] = held[e["seq"], field]
            else:
                missing.append((e, field))
    return missing


def mark_erased(missing: list[tuple[dict, str]], case_ref: str | None, erased: dict) -> None:
    """`erased on DAY` in place of each value whose key was erased (`erased`: scope -> when)."""
    for e, field in missing:
        when = erased.get(scope_of(e["action"], e.get("case", case_ref), e["data"]))
        if when:
            e["data"][field] = f"erased on {when[:10]}"


def put_back(events: list[dict], case_ref: str | None, found) -> list[dict]:
    """casework.audit.personal.reveal on what it would read, read already: the rows of
    values_of the events (more do no harm) and {scope: erased_at} of erasures_of their scopes."""
    wanted = wanting(events)
    if wanted:
        missing = fill(wanted, found[0])
        if missing:
            mark_erased(missing, case_ref, found[1])
    return events
