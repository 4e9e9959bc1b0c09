"""Verifying one case's part of the audit trail, after tampering with raw SQL.

`verify --case` reads only the case's events and their neighbours, so each test checks that
it still names the right event, and that the other cases, untouched, still verify.
"""

import json

import pytest
from trail_tamper import A, B, C, build, event, rehash, rewrite_from, scalar, seqs_of, sql

from casework.audit import chain as audit
from casework.audit.case import verify_case
from casework.errors import NotFound
from casework.transaction import read


@pytest.fixture
def trail(db_url):
    ws = build(db_url)
    assert seqs_of(ws, A) == [13, 16, 19, 22] and seqs_of(ws, C)[-1] == 24
    yield ws
    ws.engine.dispose()


def check(ws, ref):
    with read(ws.engine) as s:
        return verify_case(s, ref)


def broken(result, seq, phrase, ref=A):
    assert not result.ok
    assert result.message.startswith(f"audit trail of {ref} broken: "), result.message
    assert phrase in result.message, result.message
    assert result.first_bad_seq == seq, result.message


def test_every_case_of_an_intact_trail_verifies(trail):
    for ref in (A, B, C):
        result = check(trail, ref)
        assert result.ok and result.checked == 4, result.message
    assert check(trail, A).message == (f"audit trail of {A} intact: 4 events verified (#13-#22), "
                                       "each linked into the chain")
    # Each event says where it stands in its case, under its hash.
    marks = [json.loads(event(trail, s)["data"]) for s in seqs_of(trail, A)]
    assert [(m["case_seq"], m["case_version"]) for m in marks] == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_a_reference_is_found_whatever_its_case(trail):
    assert check(trail, f"  {A.lower()} ").ok
    with pytest.raises(NotFound, match="no case 'MOP-2026-0099'"):
        check(trail, "MOP-2026-0099")


@pytest.mark.parametrize("column, value", [("data", '{"note_id":1}'), ("actor", "dep"),
                                           ("at", "2026-11-01T00:00:00.000000Z")])
def test_an_altered_event_is_named(trail, column, value):
    at = event(trail, 19)["at"]
    sql(trail, f"UPDATE audit_event SET {column} = :v WHERE seq = 19", v=value)
    if column == "at":
        at = value
    broken(check(trail, A), 19, f"event #19 (note on {A}, {at}) was altered after it was written")
    # B's event #20 is chained to #19, so B's link into the chain is broken too; C's are not.
    broken(check(trail, B), 19, f"event #19 (note on {A}, {at}), just before event #20 "
                                f"(note on {B}, ", ref=B)
    assert check(trail, C).ok


def test_an_altered_event_with_a_fresh_hash_is_caught_by_the_next_link(trail):
    sql(trail, "UPDATE audit_event SET actor = 'dep' WHERE seq = 19")
    rehash(trail, 19)
    broken(check(trail, A), 19, f"event #19 (note on {A}, ")
    assert "was altered or replaced: event #20 after it was chained to a different event" in \
        check(trail, A).message


def test_a_removed_event_between_two_of_the_case_is_named(trail):
    # Neither of #19's neighbours belongs to A: only the count in #22 shows the gap.
    sql(trail, "DELETE FROM audit_event WHERE seq = 19")
    broken(check(trail, A), 22, f"an event of {A} is missing between #16 and #22")
    # B's #20 and C's #18 are #19's neighbours, so each sees the hole beside it.
    broken(check(trail, B), 19, f"event #19, just before event #20 (note on {B}, ", ref=B)
    broken(check(trail, C), 19, f"event #19, just after event #18 (assign on {C}, ", ref=C)


def test_the_removed_last_event_of_a_case_shows_by_its_version(trail):
    sql(trail, "DELETE FROM audit_event WHERE seq = 22")
    broken(check(trail, A), None, f"{A} is at version 4 but its last event in the trail, #19, "
                                  "left it at version 3: a change of the case is missing after it")


def test_removed_events_renumbered_over_are_caught(trail):
    """Closing the gap by renumbering breaks the hashes (seq is hashed) of the events moved."""
    sql(trail, "DELETE FROM audit_event WHERE seq = 16")
    for seq in range(17, 25):
        sql(trail, "UPDATE audit_event SET seq = :n WHERE seq = :s", n=seq - 1, s=seq)
    result = check(trail, A)
    assert not result.ok and result.first_bad_seq <= 18, result.message


def test_the_head_must_name_the_last_event(trail):
    sql(trail, "UPDATE audit_head SET hash = :h WHERE id = 1", h="f" * 64)
    broken(check(trail, C), 24, f"event #24 (note on {C}, ", ref=C)
    assert "the trail's recorded end holds a different hash" in check(trail, C).message
    assert check(trail, A).ok


def test_an_event_past_the_recorded_end_is_named(trail):
    sql(trail, "UPDATE audit_head SET seq = 23, hash = (SELECT hash FROM audit_event "
               "WHERE seq = 23) WHERE id = 1")
    broken(check(trail, C), 24, "was added after the recorded end of the trail (#23)", ref=C)


def test_a_case_row_behind_its_events_is_reported(trail):
    sql(trail, "UPDATE case_file SET version = 2 WHERE ref = :r", r=A)
    broken(check(trail, A), 22, f"{A} is at version 2 but its event #22 recorded version 4")


def test_events_older_than_the_marks_still_verify(trail):
    """A trail written before events carried their place in the case: the links are checked,
    and the message says that completeness at the end needs the full verify."""
    with trail.engine.begin() as conn:
        from sqlalchemy import text

        for seq, data in conn.execute(text("SELECT seq, data FROM audit_event")).all():
            stripped = {k: v for k, v in json.loads(data).items()
                        if k not in ("case_seq", "case_version")}
            conn.execute(text("UPDATE audit_event SET data = :d WHERE seq = :s"),
                         {"d": audit.canonical(stripped), "s": seq})
    rewrite_from(trail, 1)
    result = check(trail, A)
    assert result.ok and result.checked == 4, result.message
    assert "predates per-case counts" in result.message
    # A new event counts the old ones before it.
    from casework.cases.papers import annotate

    annotate(trail, A, "After the upgrade", "mo")
    last = scalar(trail, "SELECT max(seq) FROM audit_event")
    assert json.loads(event(trail, last)["data"])["case_seq"] == 5
    assert check(trail, A).message.endswith("each linked into the chain")
