"""A change reads and decides before it writes (casework.transaction.decide_then_write), so its
case may move in between: on SQLite, where the trail is checked under the write lock, the
change decides again on what is there then, as one that had waited for the lock would have;
on PostgreSQL the case's version claimed with the writes refuses it. Either way nothing of a
change decided on a reading that moved is written, and the chain holds.

The other handler's change is made, for real, while the first holds its reading: the test
wraps where advance and annotate read (read_for_change) so that the first read is followed
by another change on the same case before the decision goes on.
"""

import json

import pytest
from helpers import make_workspace, populate
from sqlalchemy import text

import casework.cases.advance
import casework.cases.papers
from casework.audit.case import verify_case
from casework.audit.chain import verify
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.errors import Conflict, Refused
from casework.transaction import read


def _case(db_url):
    ws = populate(make_workspace(db_url))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    return ws, ref


def _between(monkeypatch, module, meanwhile):
    """After the first read of `module`'s change, `meanwhile()` runs as another handler's."""
    real, reads = module.read_for_change, []

    def reading(*args, **kwargs):
        found = real(*args, **kwargs)
        reads.append(found.case.version)
        if len(reads) == 1:
            meanwhile()
        return found

    monkeypatch.setattr(module, "read_for_change", reading)
    return reads


def _facts(ws, ref):
    with ws.engine.connect() as conn:
        version, state = conn.execute(text("SELECT version, state FROM case_file WHERE ref = :r"),
                                      {"r": ref}).one()
        events = [(a, json.loads(d)) for a, d in conn.execute(text(
            "SELECT action, data FROM audit_event WHERE case_ref = :r ORDER BY seq"), {"r": ref})]
        notes = conn.execute(text("SELECT n.text FROM note n JOIN case_file c ON c.id = n.case_id "
                                  "WHERE c.ref = :r ORDER BY n.id"), {"r": ref}).scalars().all()
    with read(ws.engine) as s:
        assert verify(s).ok
        assert verify_case(s, ref).ok
    assert [d["case_seq"] for _, d in events] == list(range(1, len(events) + 1))
    return version, state, events, notes


def test_an_advance_overtaken_by_a_note_decides_again_or_is_refused(db_url, monkeypatch):
    ws, ref = _case(db_url)
    before, _, _, _ = _facts(ws, ref)
    reads = _between(monkeypatch, casework.cases.advance,
                     lambda: annotate(ws, ref, "Rang the complainant", "mo"))
    if db_url.startswith("sqlite"):
        moved = advance(ws, ref, "withdraw", "mo", note="They asked in writing")
        # Read again once the note was found under the lock, and made on the case as it stood.
        assert reads == [before, before + 1]
        assert (moved.to_state, moved.version) == ("withdrawn", before + 2)
    else:
        with pytest.raises(Conflict, match="changed by someone else"):
            advance(ws, ref, "withdraw", "mo", note="They asked in writing")
        assert reads == [before]
    version, state, events, notes = _facts(ws, ref)
    if db_url.startswith("sqlite"):
        assert (version, state) == (before + 2, "withdrawn")
        assert [a for a, _ in events[-2:]] == ["note", "transition"]
        assert events[-1][1]["case_version"] == before + 2
        assert notes[-2:] == ["Rang the complainant", "They asked in writing"]
    else:
        # Nothing of the refused advance: not its move, its note or its event.
        assert (version, state) == (before + 1, "received")
        assert [a for a, _ in events[-1:]] == ["note"]
        assert notes[-1:] == ["Rang the complainant"]


def test_an_advance_with_the_version_read_is_refused_once_the_case_moved(db_url, monkeypatch):
    ws, ref = _case(db_url)
    before, _, events_before, _ = _facts(ws, ref)
    _between(monkeypatch, casework.cases.advance,
             lambda: annotate(ws, ref, "Rang the complainant", "mo"))
    with pytest.raises(Conflict, match=f"{ref} was changed by someone else since you read it"):
        advance(ws, ref, "withdraw", "mo", note="They asked in writing", expected_version=before)
    version, state, events, notes = _facts(ws, ref)
    assert (version, state) == (before + 1, "received")
    assert len(events) == len(events_before) + 1 and notes == ["Rang the complainant"]


def test_an_advance_overtaken_by_the_same_step_is_refused_in_the_stage_it_finds(db_url, monkeypatch):
    ws, ref = _case(db_url)
    before, _, _, _ = _facts(ws, ref)
    real_read = casework.cases.advance.read_for_change
    _between(monkeypatch, casework.cases.advance, lambda: (
        monkeypatch.setattr(casework.cases.advance, "read_for_change", real_read),
        advance(ws, ref, "withdraw", "mo", note="The first handler's")))
    if db_url.startswith("sqlite"):
        with pytest.raises(Refused, match="possible now"):
            advance(ws, ref, "withdraw", "mo", note="The second handler's")
    else:
        with pytest.raises(Conflict):
            advance(ws, ref, "withdraw", "mo", note="The second handler's")
    version, state, events, notes = _facts(ws, ref)
    assert (version, state) == (before + 1, "withdrawn")
    assert [d.get("event") for a, d in events if a == "transition"] == ["withdraw"]
    assert notes == ["The first handler's"]


def test_a_note_overtaken_by_an_advance_is_added_after_it(db_url, monkeypatch):
    ws, ref = _case(db_url)
    before, _, _, _ = _facts(ws, ref)
    _between(monkeypatch, casework.cases.papers,
             lambda: advance(ws, ref, "withdraw", "mo", note="They asked in writing"))
    if db_url.startswith("sqlite"):
        note_id = annotate(ws, ref, "Rang the complainant", "mo")
        version, state, events, notes = _facts(ws, ref)
        assert (version, state) == (before + 2, "withdrawn")
        assert events[-1][0] == "note" and events[-1][1]["note_id"] == note_id
        assert notes == ["They asked in writing", "Rang the complainant"]
    else:
        with pytest.raises(Conflict):
            annotate(ws, ref, "Rang the complainant", "mo")
        version, state, events, notes = _facts(ws, ref)
        assert (version, state) == (before + 1, "withdrawn")
        assert notes == ["They asked in writing"]


def test_a_change_overtaken_again_and_again_decides_holding_the_lock(sqlite_url, monkeypatch):
    """After DECIDE_TRIES decisions overtaken running, the change reads and writes holding the
    write lock, as every change did before, so it is not overtaken for ever."""
    from casework.transaction import DECIDE_TRIES

    ws, ref = _case(sqlite_url)
    before, _, _, _ = _facts(ws, ref)
    real, reads = casework.cases.advance.read_for_change, []

    def reading(*args, **kwargs):
        found = real(*args, **kwargs)
        reads.append(found.case.version)
        if len(reads) <= DECIDE_TRIES:
            annotate(ws, ref, f"Meanwhile {len(reads)}", "mo")
        return found

    monkeypatch.setattr(casework.cases.advance, "read_for_change", reading)
    moved = advance(ws, ref, "withdraw", "mo", note="They asked in writing")
    assert reads == [before + n for n in range(DECIDE_TRIES + 1)]
    assert moved.version == before + DECIDE_TRIES + 1
    version, state, events, notes = _facts(ws, ref)
    assert (version, state) == (before + DECIDE_TRIES + 1, "withdrawn")
    assert notes == [f"Meanwhile {n}" for n in range(1, DECIDE_TRIES + 1)] + ["They asked in writing"]
