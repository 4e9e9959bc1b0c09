"""On PostgreSQL an event is appended with the trail's head locked for one wait on the server
(casework.audit.pg_append): what it writes is what SQLite's path writes, verified the same way."""

import json

import pytest
from helpers import make_workspace, populate
from sqlalchemy import text

from bench.delay_proxy import Proxy
from casework.audit import chain, pg_append
from casework.audit.case import verify_case
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.workspace import open_workspace

pytestmark = pytest.mark.postgres


def _events(ws, ref):
    with ws.engine.connect() as conn:
        return [(a, json.loads(d)) for a, d in conn.execute(
            text("SELECT action, data FROM audit_event WHERE case_ref = :r ORDER BY seq"), {"r": ref})]


def test_events_chain_with_their_case_marks_and_values_and_verify(pg_url):
    ws = populate(make_workspace(pg_url))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    annotate(ws, ref, "Rang the complainant", "mo")
    advance(ws, ref, "withdraw", "mo", note="They asked in writing")
    events = _events(ws, ref)
    assert [d["case_seq"] for _, d in events] == list(range(1, len(events) + 1))
    assert events[-1][1]["case_version"] >= 1
    # The opening's parties are kept beside the event, committed to in it.
    assert events[0][1]["complainant"].startswith("hmac-sha256:")
    with ws.engine.connect() as conn:
        head = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
        last = conn.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).one()
        kept = conn.execute(text("SELECT count(*) FROM audit_value v JOIN audit_event e USING (seq) "
                                 "WHERE e.case_ref = :r"), {"r": ref}).scalar()
    assert tuple(head) == tuple(last)
    assert kept == 2
    with ws.engine.connect() as conn:
        from sqlmodel import Session

        with Session(bind=conn) as s:
            assert chain.verify(s).ok
            assert verify_case(s, ref).ok


def test_an_advance_and_a_note_wait_on_the_server_three_times_the_head_locked_in_one(pg_url, monkeypatch):
    """The reads in one pipeline (casework.cases.casefile.read_for_change); BEGIN, the case
    claimed and moved, the note, the lock, the event, the head and the values in another
    (casework.audit.prepared): the head is held for that one wait and the commit
    (bench.handlers); then the commit (bench.round_trips: at most three)."""
    ws = populate(make_workspace(pg_url))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    host, rest = pg_url.rsplit("@", 1)
    port, dbname = rest.split(":", 1)[1].split("/", 1)
    proxy = Proxy(int(port), 0.0).start_thread()
    through = open_workspace(f"{host}@127.0.0.1:{proxy.port}/{dbname}")
    through.today = ws.today
    pipelines = []

    def counted(*args, **kwargs):
        before = proxy.round_trips
        out = plain(*args, **kwargs)
        pipelines.append(proxy.round_trips - before)
        return out

    plain = pg_append.append
    monkeypatch.setattr(pg_append, "append", counted)
    state = "received"
    for _ in range(7):  # past psycopg's preparing, at the sixth use
        annotate(through, ref, "warms the connection", "mo")
        state = advance(through, ref, "reopen" if state == "withdrawn" else "withdraw", "mo",
                        note="They asked in writing").to_state
    pipelines.clear()
    before = proxy.round_trips
    advance(through, ref, "reopen" if state == "withdrawn" else "withdraw", "mo", note="Again")
    advanced = proxy.round_trips - before
    before = proxy.round_trips
    annotate(through, ref, "Rang the complainant", "mo")
    noted = proxy.round_trips - before
    through.engine.dispose()
    assert (advanced, noted) == (3, 3)
    assert pipelines == [1, 1]
    with ws.engine.connect() as conn:
        from sqlmodel import Session

        with Session(bind=conn) as s:
            assert chain.verify(s).ok
            assert verify_case(s, ref).ok
    events = _events(ws, ref)
    assert [d["case_seq"] for _, d in events] == list(range(1, len(events) + 1))
    with ws.engine.connect() as conn:
        notes = conn.execute(text("SELECT n.id FROM note n JOIN case_file c ON c.id = n.case_id "
                                  "WHERE c.ref = :r ORDER BY n.id"), {"r": ref}).scalars().all()
    # Each event names the note written with it, whose id the client had not seen.
    assert [d["note_id"] for _, d in events if "note_id" in d] == notes


def test_the_first_event_of_an_empty_trail_makes_the_head(pg_url):
    ws = make_workspace(pg_url)
    with ws.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_value"))
        conn.execute(text("DELETE FROM audit_event"))
        conn.execute(text("DELETE FROM audit_head"))
    populate(ws)
    with ws.engine.connect() as conn:
        head = conn.execute(text("SELECT seq FROM audit_head")).scalar_one()
        assert head == conn.execute(text("SELECT max(seq) FROM audit_event")).scalar_one()
        from sqlmodel import Session

        with Session(bind=conn) as s:
            assert chain.verify(s).ok
