"""Seals: a short digest of the end of the audit trail, written into committee minutes.

Whoever can write to the database can alter an early event and re-compute every hash after
it; the chain then verifies again. A seal held outside the database, in signed minutes,
defeats that: the event it names must still have the hash it had when the seal was given.
The seal is itself an audit event, and the digest names that event, so the trail records
when minutes were given a seal, and the seal covers its own record.
"""

import re
from dataclasses import dataclass

from sqlmodel import Session

from casework.audit import chain as audit
from casework.audit.chain import GENESIS, Verification, describe, verify_range
from casework.audit.former import former_hash
from casework.errors import UserError, quote
from db.models import AuditEvent, AuditHead

# 20 hex digits are 80 bits of the SHA-256. To fake a sealed point, a forger needs a rewritten
# event whose hash begins with these digits: a second preimage of a value already published,
# not a collision, so the birthday bound does not help them and it takes about 2^80 hashes,
# over a million years of a GPU at 2^34 a second. At 64 bits a thousand rented GPUs would
# need about ten days; the whole hash (64 digits) is too long to copy into minutes by hand.
DIGITS = 20
FEWEST = 16  # a clerk who copied fewer than 64 bits has no seal worth checking

SEAL = re.compile(
    r"(?:seal\s+)?(\d{1,18})-([0-9a-f]+)(?:\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)?", re.IGNORECASE
)
EXAMPLE = "000123-3f9a2c1d7e0b5a44c2d1"


@dataclass
class Seal:
    seq: int
    hash: str
    at: str

    @property
    def digest(self) -> str:
        return f"{self.seq:06d}-{self.hash[:DIGITS]}"

    def __str__(self) -> str:
        # Seconds are enough for minutes, and the full instant is in the trail.
        return f"seal {self.digest} {self.at[:19]}Z"


def record(session: Session, login: str) -> Seal:
    event = audit.append(session, login, "seal")
    return Seal(event.seq, event.hash, event.at)


def parse(text: str) -> tuple[int, str]:
    """The event number and hash digits of a seal as printed, with or without its word
    `seal` and its time, so a clerk may paste the whole line from the minutes."""
    found = SEAL.fullmatch(text.strip())
    if found is None or int(found[1]) == 0 or not FEWEST <= len(found[2]) <= 64:
        raise UserError(
            f"{quote(text)} is not a seal: give it as `casework audit seal` printed it, e.g. "
            f"{EXAMPLE} (the event number, a hyphen and at least {FEWEST} hex digits of its hash)",
            "seal",
        )
    return int(found[1]), found[2].lower()


@dataclass
class SealCheck:
    before: Verification  # from the start of the trail up to the sealed event
    after: Verification | None  # from there to the end; None when there is no "there"

    @property
    def ok(self) -> bool:
        return self.before.ok and (self.after is None or self.after.ok)


def check(session: Session, text: str, progress=None) -> SealCheck:
    seq, digits = parse(text)
    name = f"seal {seq:06d}-{digits}"
    head = session.get(AuditHead, 1)
    end = head.seq if head else 0

    def failed(at_seq: int, why: str) -> Verification:
        return Verification(False, 0, f"{name} does not hold: {why}", at_seq)

    if seq > end:
        cut = f"event #{seq} was" if seq == end + 1 else f"events #{end + 1}-#{seq} were"
        return SealCheck(failed(end + 1, f"it names event #{seq}, but the trail now ends at "
                                         f"#{end}: {cut} cut from the end after the seal was "
                                         "given, or the seal is of another database"), None)
    sealed = session.get(AuditEvent, seq)
    if sealed is None:
        return SealCheck(failed(seq, f"event #{seq}, which it names, was removed"), None)

    def part(offset: int):
        return progress and (lambda checked, _total: progress(offset + checked, end))

    before = verify_range(session, 1, seq, GENESIS, progress=part(0))
    if not before.ok:
        before = failed(before.first_bad_seq, before.message)
    elif not sealed.hash.startswith(digits) and (was := former_hash(session, seq)) and was[0].startswith(digits):
        before.message = (f"{name} holds: it names event #{seq} as the chain had it before "
                          f"re-sealing event #{was[1]}, which carries that chain's every link, "
                          f"and events #1-#{seq} verify as re-hashed")
    elif not sealed.hash.startswith(digits):
        before = failed(seq, f"{describe(seq, sealed.action, sealed.case_ref, sealed.at)} no "
                             "longer has the hash it had when the seal was given: the trail up "
                             "to it was rewritten, or the seal was copied wrongly")
    else:
        before.message = f"{name} holds: events #1-#{seq} are as they were when it was given"
    after = verify_range(session, seq + 1, None, sealed.hash, progress=part(seq))
    if not after.ok:
        after.message = f"after the seal: {after.message}"
    elif after.checked:
        which = f"#{end}" if end == seq + 1 else f"#{seq + 1}-#{end}"
        after.message = (f"after the seal: audit trail intact: {after.checked} more "
                         f"{'event' if after.checked == 1 else 'events'} verified ({which})")
    else:
        after.message = "after the seal: no events since"
    return SealCheck(before, after)

