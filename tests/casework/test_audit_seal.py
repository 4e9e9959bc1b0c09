"""Seals: a digest of the end of the trail for committee minutes, checked later against a
trail tampered with in raw SQL, before and after the sealed point, on both backends.

The attack a seal is for: alter an early event and re-compute every hash after it. The chain
then verifies again; only the digest in the minutes, held outside the database, shows it.
"""

import re

import pytest
from trail_tamper import build, event, notes_round, rewrite_from, scalar, sql

from casework.audit import chain as audit
from casework.audit import log as audit_log
from casework.audit.seal import DIGITS, parse
from casework.errors import Refused, UserError
from casework.transaction import read

SEALED = 25  # build() writes 24 events; the seal is the next


@pytest.fixture
def sealed(db_url):
    """The trail of build(), sealed, then three more events."""
    ws = build(db_url)
    given = audit_log.seal(ws, "clerk")
    assert given.seq == SEALED
    notes_round(ws, "A later")
    yield ws, given.digest
    ws.engine.dispose()


def plain_verify(ws):
    with read(ws.engine) as s:
        return audit.verify(s)


def test_a_seal_is_an_event_and_its_digest_names_it(sealed):
    ws, digest = sealed
    e = event(ws, SEALED)
    assert (e["action"], e["actor"], e["case_ref"]) == ("seal", "clerk", None)
    assert digest == f"0000{SEALED}-{e['hash'][:DIGITS]}"
    assert DIGITS * 4 >= 64  # the brief's floor; audit_seal says why 80 bits
    line = str(audit_log.seal(ws, "mo"))
    assert re.fullmatch(r"seal 000029-[0-9a-f]{20} \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line), line
    assert event(ws, 29)["at"].startswith(line[-20:-1])


def test_an_untouched_trail_holds_to_the_seal_and_after(sealed):
    ws, digest = sealed
    result = audit_log.check_seal(ws, "hr", digest)
    assert result.ok
    assert result.before.message == (f"seal {digest} holds: events #1-#{SEALED} are as they "
                                     "were when it was given")
    assert result.after.message == ("after the seal: audit trail intact: 3 more events "
                                    f"verified (#{SEALED + 1}-#{SEALED + 3})")


def test_a_seal_at_the_end_has_nothing_after_it(db_url):
    ws = build(db_url)
    given = audit_log.seal(ws, "mo")
    result = audit_log.check_seal(ws, "mo", str(given))  # the whole printed line, pasted
    assert result.ok and result.after.message == "after the seal: no events since"


def test_an_event_altered_before_the_seal_is_named(sealed):
    ws, digest = sealed
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq = 19")
    result = audit_log.check_seal(ws, "mo", digest)
    assert not result.ok and result.before.first_bad_seq == 19
    assert result.before.message.startswith(f"seal {digest} does not hold: audit trail broken: "
                                            "event #19 (note on MOP-2026-0001, ")
    assert result.before.message.endswith("was altered after it was written")
    assert result.after.ok  # the links after the seal still hold on the sealed hash


def test_an_event_altered_after_the_seal_is_reported_apart(sealed):
    ws, digest = sealed
    sql(ws, "DELETE FROM audit_event WHERE seq = :s", s=SEALED + 2)
    result = audit_log.check_seal(ws, "mo", digest)
    assert result.before.ok and not result.ok
    assert result.after.first_bad_seq == SEALED + 2
    assert result.after.message.startswith(f"after the seal: audit trail broken: event "
                                           f"#{SEALED + 2} was removed")


def test_a_chain_rewritten_from_its_start_passes_verify_but_not_the_seal(sealed):
    ws, digest = sealed
    sql(ws, "UPDATE audit_event SET data = :d WHERE seq = 3",
        d=audit.canonical({"person_id": 1, "name": "Cllr Someone Else", "kind": "member"}))
    rewrite_from(ws, 3)
    assert plain_verify(ws).ok  # the forgery is consistent
    result = audit_log.check_seal(ws, "mo", digest)
    assert not result.ok and result.before.first_bad_seq == SEALED
    assert result.before.message == (
        f"seal {digest} does not hold: event #{SEALED} (seal, {event(ws, SEALED)['at']}) no "
        "longer has the hash it had when the seal was given: the trail up to it was rewritten, "
        "or the seal was copied wrongly")
    assert result.after.ok  # rewritten consistently after the seal too


def test_a_chain_rewritten_after_the_seal_keeps_it(sealed):
    ws, digest = sealed
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq = :s", s=SEALED + 2)
    rewrite_from(ws, SEALED + 2)
    assert audit_log.check_seal(ws, "mo", digest).ok  # a seal proves nothing after its point


def test_events_cut_from_the_end_past_the_seal_are_named(sealed):
    ws, digest = sealed
    # The forger deletes from the seal on and moves the head back: plain verify passes.
    sql(ws, "DELETE FROM audit_event WHERE seq >= :s", s=SEALED - 1)
    sql(ws, "UPDATE audit_head SET seq = :n, hash = (SELECT hash FROM audit_event WHERE "
            "seq = :n) WHERE id = 1", n=SEALED - 2)
    assert plain_verify(ws).ok
    result = audit_log.check_seal(ws, "mo", digest)
    assert not result.ok and result.after is None
    assert result.before.message == (
        f"seal {digest} does not hold: it names event #{SEALED}, but the trail now ends at "
        f"#{SEALED - 2}: events #{SEALED - 1}-#{SEALED} were cut from the end after the seal "
        "was given, or the seal is of another database")


def test_the_sealed_event_removed_is_named(sealed):
    ws, digest = sealed
    sql(ws, "DELETE FROM audit_event WHERE seq = :s", s=SEALED)
    result = audit_log.check_seal(ws, "mo", digest)
    assert not result.ok and result.before.first_bad_seq == SEALED
    assert f"event #{SEALED}, which it names, was removed" in result.before.message


def test_a_broken_trail_is_not_sealed(sealed):
    ws, _ = sealed
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq = 19")
    head = scalar(ws, "SELECT seq FROM audit_head")
    with pytest.raises(Refused, match=r"^the trail cannot be sealed while it is broken: audit "
                                      r"trail broken: event #19 \("):
        audit_log.seal(ws, "mo")
    assert scalar(ws, "SELECT seq FROM audit_head") == head


@pytest.mark.parametrize("login", ["inv", "ip", "view"])
def test_only_readers_of_the_audit_seal_or_verify(sealed, login):
    ws, digest = sealed
    head = scalar(ws, "SELECT seq FROM audit_head")
    for attempt in (lambda: audit_log.seal(ws, login),
                    lambda: audit_log.check_seal(ws, login, digest),
                    lambda: audit_log.verify_one(ws, login, "MOP-2026-0001"),
                    lambda: audit_log.verify_all(ws, login)):
        with pytest.raises(Refused, match="may read the audit trail"):
            attempt()
    assert scalar(ws, "SELECT seq FROM audit_head") == head


@pytest.mark.parametrize("text, expected", [
    ("000123-3F9A2C1D7E0B5A44C2D1", (123, "3f9a2c1d7e0b5a44c2d1")),
    ("  seal 7-3f9a2c1d7e0b5a44 ", (7, "3f9a2c1d7e0b5a44")),
    ("SEAL 000123-3f9a2c1d7e0b5a44c2d1 2026-12-10T18:02:11Z", (123, "3f9a2c1d7e0b5a44c2d1")),
])
def test_a_seal_is_read_as_printed_or_pasted(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", [
    "", "seal", "000123", "000123-3f9a2c1d7e0b", "000123-3f9a2c1d7e0b5a4g", "000000-3f9a2c1d7e0b5a44",
    "-3f9a2c1d7e0b5a44", "000123-" + "a" * 65, "000123-3f9a2c1d7e0b5a44 yesterday", "seal\n1-2",
])
def test_a_malformed_seal_is_one_line(text):
    with pytest.raises(UserError, match="is not a seal: give it as `casework audit seal` "
                                        "printed it") as caught:
        parse(text)
    assert "\n" not in caught.value.message
