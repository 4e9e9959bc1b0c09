"""Migration 0029: a trail written the old way, names and bare hashes of notes in its events, is
moved into keyed commitments. Afterwards no name is in the chained JSON, the trail and every
row against it verify, the timeline still shows the names, and a re-seal event ties the old
chain's head (as a seal given before the upgrade names it) to the new chain."""

import json

from helpers import make_workspace, populate
from sqlalchemy import text
from test_pause_migration import _downgrade

import casework.audit.chain as chain
from casework.audit.anchors import line
from casework.audit.log import check_seal, events, verify_all, verify_anchors, verify_one
from casework.cases.advance import sha256_text
from casework.cases.involvement import involve
from casework.cases.opening import open_case
from casework.cases.views import show_case
from db import schema


def _as_before(ws, monkeypatch) -> None:
    """The database as release 0028 left it: no keys, and events that carry what they say."""
    _downgrade(ws.engine, "0028")
    with ws.engine.begin() as conn:
        for table in ("audit_value", "audit_key", "audit_former"):
            conn.execute(text(f"DROP TABLE {table}"))
    monkeypatch.setattr(chain, "scope_to_commit", lambda action, ref, data: None)
    monkeypatch.setattr(chain, "committing", lambda conn, action, ref, data, found=(): (data, {}))


def _note_as_before(ws, ref: str, note: str, on: str) -> None:
    """A note as release 0028 wrote it: the note, and its event with the note's bare hash.
    (Today's annotate reads the case's key, which a 0028 database has no table for.)"""
    from sqlmodel import Session

    with Session(ws.engine) as s:
        case_id, version = s.execute(text("SELECT id, version FROM case_file WHERE ref = :r"), {"r": ref}).one()
        s.execute(text("UPDATE case_file SET version = :v WHERE id = :c"), {"v": version + 1, "c": case_id})
        s.execute(text("INSERT INTO note (case_id, author_id, kind, text, confidential, created_at, dated) "
                       "SELECT :c, id, 'note', :t, false, :at, :d FROM user_account WHERE login = 'mo'"),
                  {"c": case_id, "t": note, "at": chain.now_utc(), "d": on})
        chain.append(s, "mo", "note", ref, None, None,
                     {"kind": "note", "confidential": False, "amends": None,
                      "sha256": sha256_text(note), "on": on}, case_version=version + 1)
        s.commit()


def test_an_old_trail_is_moved_into_commitments_and_resealed(db_url, monkeypatch, tmp_path):
    ws = make_workspace(db_url)
    _as_before(ws, monkeypatch)
    populate(ws)
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted in the lobby", "2026-10-01")
    _note_as_before(ws, ref, "Rang Bob Smith at home.", "2026-10-02")
    involve(ws, ref, "Olive Manager", "witness", "mo")
    with ws.engine.connect() as conn:
        old_head = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
        before = conn.execute(text("SELECT data FROM audit_event")).scalars().all()
        links = conn.execute(text("SELECT seq, hash, at FROM audit_event ORDER BY seq")).all()
    anchored = tmp_path / "anchors.log"  # as casework wrote one after every change
    anchored.write_text("".join(line(ws.engine, seq, h, at) + "\n" for seq, h, at in links))
    assert any("Bob Smith" in d for d in before)  # the old way: names in the chain
    assert verify_all(ws, "mo").ok
    monkeypatch.undo()

    assert schema.upgrade(ws.engine)
    with ws.engine.connect() as conn:
        after = conn.execute(text("SELECT action, data FROM audit_event ORDER BY seq")).all()
        formers = dict(conn.execute(text("SELECT seq, hash FROM audit_former")).all())
        values = conn.execute(text("SELECT count(*) FROM audit_value")).scalar()
    chained = " ".join(d for _, d in after)
    for name in ("Cllr Ann Jones", "Bob Smith", "Olive Manager"):
        assert name not in chained
    assert values >= 3 + 5  # the open event's two parties, the witness, the register's people
    action, data = after[-1]
    reseal = json.loads(data)
    assert action == "reseal"
    assert (reseal["former_head_seq"], reseal["former_head_hash"]) == (old_head.seq, old_head.hash)
    assert formers[old_head.seq] == old_head.hash
    assert verify_all(ws, "mo").ok
    assert verify_one(ws, "mo", ref).ok
    # A seal written into minutes before the upgrade still holds, through the re-seal event,
    # and so does every anchor written then.
    given = check_seal(ws, "mo", f"{old_head.seq:06d}-{old_head.hash[:20]}")
    assert given.ok and "before re-sealing event" in given.before.message
    assert all(r.ok for r in verify_anchors(ws, "mo", anchored)), verify_anchors(ws, "mo", anchored)[-1].message
    # An old hash made up afterwards does not tie: the re-seal event hashed every old link.
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE audit_former SET hash = :h WHERE seq = :s"),
                     {"h": "f" * 64, "s": old_head.seq})
    assert not check_seal(ws, "mo", f"{old_head.seq:06d}-{old_head.hash[:20]}").ok
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE audit_former SET hash = :h WHERE seq = :s"),
                     {"h": old_head.hash, "s": old_head.seq})
    # Readers see the values in their place.
    opened = next(e for e in show_case(ws, ref, "mo")["history"] if e["action"] == "open")
    assert (opened["data"]["complainant"], opened["data"]["subject"]) == ("Bob Smith", "Cllr Ann Jones")
    listed, _ = events(ws, "mo", case=ref, action="involve")
    assert listed[0]["data"]["name"] == "Olive Manager"
    # Down and up again: the keys and values stay, and nothing is re-hashed.
    _downgrade(ws.engine, "0028")
    schema.upgrade(ws.engine)
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1")).scalar() == "reseal"
        assert conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'reseal'")).scalar() == 1
    assert verify_all(ws, "mo").ok
