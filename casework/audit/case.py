"""Verifying the audit trail of one case without re-computing the whole chain.

A case's events are links of the one global chain, so each is checked where it sits: its
own hash, the event before it (which must hash correctly and be the one it was chained
to) and the event after it (which must have been chained to it, or the head must name it).
An event that was altered and given a fresh hash of its own still shows, because the next
link holds its old hash. Events removed from the case show through the marks each event
carries (see `audit._case_marks`). This is local evidence: rewriting every link after the
altered one goes unseen here, and is what a full verify and a seal are for.
"""

import json

from sqlalchemy import select
from sqlmodel import Session

from casework.audit.chain import COLUMNS, GENESIS, Verification, describe, intact
from casework.errors import NotFound, has_control, quote
from db.models import AuditEvent, AuditHead, Case

CHUNK = 500  # seqs per IN (...) list: well inside every backend's limit on parameters


class _Broken(Exception):
    def __init__(self, seq: int | None, message: str):
        super().__init__(message)
        self.seq, self.message = seq, message


def verify_case(session: Session, ref: str) -> Verification:
    ref = ref.strip().upper()
    if has_control(ref):
        raise NotFound(f"no case {quote(ref)}: check the reference with `casework list`")
    version = session.execute(select(Case.version).where(Case.ref == ref)).scalar_one_or_none()
    rows = session.execute(
        select(*COLUMNS).where(AuditEvent.case_ref == ref).order_by(AuditEvent.seq)
    ).all()
    if version is None and not rows:
        raise NotFound(f"no case {quote(ref)}: check the reference with `casework list`")
    head = session.get(AuditHead, 1)
    try:
        if not rows:
            raise _Broken(None, f"{ref} has no events in the trail: its opening event was removed")
        _check_links(session, ref, rows, head.seq if head else 0, head.hash if head else GENESIS)
        _check_end(ref, rows[-1], version)
    except _Broken as broken:
        return Verification(False, 0, f"audit trail of {ref} broken: {broken.message}", broken.seq)
    first, last = rows[0].seq, rows[-1].seq
    counted = "1 event" if len(rows) == 1 else f"{len(rows)} events"
    span = f"#{first}" if first == last else f"#{first}-#{last}"
    message = f"audit trail of {ref} intact: {counted} verified ({span}), each linked into the chain"
    if "case_version" not in json.loads(rows[-1].data):
        message += ("; its last event predates per-case counts, so only `casework audit verify` "
                    "shows whether events were removed from its end")
    return Verification(True, len(rows), message)


def _neighbours(session: Session, rows) -> dict:
    own = {r.seq for r in rows}
    wanted = sorted(({r.seq - 1 for r in rows} | {r.seq + 1 for r in rows}) - own - {0})
    found = {r.seq: r for r in rows}
    for i in range(0, len(wanted), CHUNK):
        q = select(*COLUMNS).where(AuditEvent.seq.in_(wanted[i:i + CHUNK]))
        found.update((r.seq, r) for r in session.execute(q))
    return found


def _check_links(session: Session, ref: str, rows, head_seq: int, head_hash: str) -> None:
    by_seq = _neighbours(session, rows)
    previous = None  # the case's event before this one, for naming a gap
    for place, row in enumerate(rows, 1):
        where = describe(row.seq, row.action, row.case_ref, row.at)
        _check_before(row, by_seq.get(row.seq - 1), where)
        if not intact(row):
            raise _Broken(row.seq, f"{where} was altered after it was written")
        counted = json.loads(row.data).get("case_seq")
        if counted is not None and counted > place:
            missing = counted - place
            since = f"#{previous.seq}" if previous else "the start of the trail"
            raise _Broken(row.seq, f"{'an event' if missing == 1 else f'{missing} events'} of "
                                   f"{ref} {'is' if missing == 1 else 'are'} missing between "
                                   f"{since} and #{row.seq}")
        if counted is not None and counted < place:
            raise _Broken(row.seq, f"{where} was written as event {counted} of {ref}, but "
                                   f"{place - 1} of its events come before it: one was inserted")
        _check_after(row, by_seq.get(row.seq + 1), where, head_seq, head_hash)
        previous = row


def _check_before(row, before, where: str) -> None:
    if row.seq == 1:
        expected = GENESIS
    elif before is None:
        raise _Broken(row.seq - 1, f"event #{row.seq - 1}, just before {where}, was removed")
    elif not intact(before):
        before_where = describe(before.seq, before.action, before.case_ref, before.at)
        raise _Broken(before.seq, f"{before_where}, just before {where}, was altered after it "
                                  "was written")
    else:
        expected = before.hash
    if row.prev_hash != expected:
        raise _Broken(row.seq, f"{where} does not follow event #{row.seq - 1}: an event was "
                               "removed, replaced or inserted before it")


def _check_after(row, after, where: str, head_seq: int, head_hash: str) -> None:
    if row.seq > head_seq:
        raise _Broken(row.seq, f"{where} was added after the recorded end of the trail "
                               f"(#{head_seq})")
    if row.seq == head_seq:
        if head_hash != row.hash:
            raise _Broken(row.seq, f"{where} was altered or replaced: the trail's recorded end "
                                   "holds a different hash")
    elif after is None:
        raise _Broken(row.seq + 1, f"event #{row.seq + 1}, just after {where}, was removed")
    elif after.prev_hash != row.hash:
        raise _Broken(row.seq, f"{where} was altered or replaced: event #{row.seq + 1} after "
                               "it was chained to a different event")


def _check_end(ref: str, last, version: int | None) -> None:
    recorded = json.loads(last.data).get("case_version")
    if version is None or recorded is None or recorded == version:
        return
    if version > recorded:
        lost = version - recorded
        raise _Broken(None, f"{ref} is at version {version} but its last event in the trail, "
                            f"#{last.seq}, left it at version {recorded}: "
                            f"{'a change' if lost == 1 else f'{lost} changes'} of the case "
                            f"{'is' if lost == 1 else 'are'} missing after it")
    raise _Broken(last.seq, f"{ref} is at version {version} but its event #{last.seq} recorded "
                            f"version {recorded}: the case's row was altered")
