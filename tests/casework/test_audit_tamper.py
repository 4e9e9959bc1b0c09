"""Tampering with the stored audit trail, as anyone with write access to the database could.

The trail is built through the services, then changed with raw SQL behind their back.
Each kind of tampering must be caught by `audit.verify` and named by event number, on
SQLite and on PostgreSQL, because an investigation relies on the trail as evidence.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assessed, populated_workspace
from sqlalchemy import text
from trail_tamper import scalar, sql

from casework.audit import chain as audit
from casework.cases.advance import advance
from casework.cases.opening import assign, open_case
from casework.cases.papers import annotate
from casework.transaction import read

ROOT = Path(__file__).resolve().parents[2]


def build(url: str):
    """A register (12 events from populate) plus three cases moved along both routes (the
    officer's choice of the protocol recorded at assessment)."""
    ws = populated_workspace(url)
    a = open_case(ws, "mo", about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3",
                  summary="Shouted at an officer after planning committee", received="2026-11-02")
    b = open_case(ws, "mo", about="Cllr Tom Price", by="Olive Manager", clause="21.9.3",
                  summary="Copied an officer's private email to the press", received="2026-11-03")
    c = open_case(ws, "hr", about="Olive Manager", by="Cllr Ann Jones", clause="21.9.3",
                  summary="Refused to brief the ward member", received="2026-11-04")
    advance(ws, a, "refer_to_monitoring_officer", "mo")
    annotate(ws, a, "Spoke to both parties by phone", "mo")
    assessed(ws, a)
    advance(ws, a, "investigate", "mo", note="Witnesses disagree")
    advance(ws, b, "consult_head_of_service", "mo")
    assign(ws, c, "hr", "mo")
    advance(ws, c, "try_informal", "hr")
    annotate(ws, b, "Head of Service asked for the email", "dep")
    annotate(ws, c, "Meeting booked", "hr")
    return ws


@pytest.fixture
def trail(db_url):
    ws = build(db_url)
    result = check(ws)
    # The baseline must hold, or every "broken" result below would prove nothing.
    assert result.ok, result.message
    assert result.checked == last_seq(ws) == 26
    yield ws
    ws.engine.dispose()


def check(ws) -> audit.Verification:
    with read(ws.engine) as s:
        return audit.verify(s)


def last_seq(ws) -> int:
    return scalar(ws, "SELECT max(seq) FROM audit_event")


def middle(ws) -> int:
    """A transition event well inside the chain, with events after it."""
    return scalar(ws, "SELECT min(seq) FROM audit_event WHERE action = 'transition'")


def event(ws, seq: int) -> dict:
    with ws.engine.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM audit_event WHERE seq = :s"), {"s": seq})
                    .mappings().one())


def assert_names(result, seq: int, phrase: str) -> None:
    assert not result.ok
    assert result.first_bad_seq == seq, result.message
    assert result.message.startswith("audit trail broken: "), result.message
    assert phrase in result.message, result.message


@pytest.mark.parametrize(
    "column, value",
    [("data", '{"event":"investigate","on":"2026-11-01"}'), ("actor", "dep"),
     ("to_state", "no_action")],
)
def test_altered_field_names_that_event(trail, column, value):
    k = middle(trail)
    before = event(trail, k)
    assert before[column] != value
    sql(trail, f"UPDATE audit_event SET {column} = :v WHERE seq = :k", v=value, k=k)
    result = check(trail)
    assert_names(result, k, f"event #{k} (transition on {before['case_ref']}, {before['at']}) "
                            "was altered after it was written")
    assert result.checked == k - 1


def test_deleted_event_in_the_middle_is_named(trail):
    k = middle(trail)
    sql(trail, "DELETE FROM audit_event WHERE seq = :k", k=k)
    result = check(trail)
    assert_names(result, k, f"event #{k} was removed: the chain jumps to event #{k + 1} (")


@pytest.mark.parametrize("gap", [1, 3], ids=["adjacent", "apart"])
def test_swapped_seq_values_name_the_first_affected(trail, gap):
    i, j = middle(trail), middle(trail) + gap
    # seq is the primary key: park one row on a free number while the other moves.
    parked = last_seq(trail) + 1000
    sql(trail, "UPDATE audit_event SET seq = :p WHERE seq = :i", p=parked, i=i)
    sql(trail, "UPDATE audit_event SET seq = :i WHERE seq = :j", i=i, j=j)
    sql(trail, "UPDATE audit_event SET seq = :j WHERE seq = :p", j=j, p=parked)
    result = check(trail)
    # Adjacent: event j's stored prev is event i's hash, so it "does not follow" #i-1;
    # apart: its prev is also wrong. Either way the first position that fails is i.
    assert_names(result, i, f"event #{i} (")
    assert result.checked == i - 1


def test_swapped_timestamps_name_the_first_affected(trail):
    i, j = middle(trail), middle(trail) + 2
    at_i, at_j = event(trail, i)["at"], event(trail, j)["at"]
    assert at_i != at_j
    sql(trail, "UPDATE audit_event SET at = :a WHERE seq = :s", a=at_j, s=i)
    sql(trail, "UPDATE audit_event SET at = :a WHERE seq = :s", a=at_i, s=j)
    assert_names(check(trail), i, f"event #{i} (transition on ")


def test_events_cut_off_the_end_are_reported(trail):
    n = last_seq(trail)
    sql(trail, "DELETE FROM audit_event WHERE seq > :m", m=n - 3)
    # The chain that is left is internally sound; only audit_head shows what is missing.
    result = check(trail)
    assert_names(result, n - 2, f"events #{n - 2}-#{n} were removed from the end of the trail")
    assert result.checked == n - 3


def forge(ws, seq: int, prev: str, **fields) -> None:
    """Stores an event whose own hash is correct for its fields and the `prev` it claims."""
    row = {"at": audit.now_utc(), "actor": "mo", "action": "note", "case_ref": "MOP-2026-0001",
           "from_state": None, "to_state": None,
           "data": audit.canonical({"note_id": 99, "kind": "note"}), **fields}
    digest = audit.event_hash(seq, row["at"], row["actor"], row["action"], row["case_ref"],
                              row["from_state"], row["to_state"], row["data"], prev)
    sql(ws, "INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, "
            "data, prev_hash, hash) VALUES (:seq, :at, :actor, :action, :case_ref, :from_state, "
            ":to_state, :data, :prev, :hash)", seq=seq, prev=prev, hash=digest, **row)


def test_forged_event_appended_on_a_fork_is_named(trail):
    n = last_seq(trail)
    # Chained to #n-1 instead of #n, and the head moved to it, as a careful forger would.
    forge(trail, n + 1, event(trail, n - 1)["hash"])
    sql(trail, "UPDATE audit_head SET seq = :n, hash = (SELECT hash FROM audit_event "
               "WHERE seq = :n) WHERE id = 1", n=n + 1)
    assert_names(check(trail), n + 1, f"event #{n + 1} (note on MOP-2026-0001, ")


@pytest.mark.parametrize("prev", ["genesis", "own"])
def test_forged_replacement_in_the_middle_is_named(trail, prev):
    k = middle(trail)
    claimed = audit.GENESIS if prev == "genesis" else event(trail, k)["prev_hash"]
    sql(trail, "DELETE FROM audit_event WHERE seq = :k", k=k)
    forge(trail, k, claimed, action="transition", from_state="received", to_state="no_action")
    result = check(trail)
    if prev == "genesis":
        assert_names(result, k, f"event #{k} (transition on MOP-2026-0001, ")
        assert "does not follow event #" in result.message
    else:
        # A replacement that links correctly backwards still breaks the link after it.
        assert_names(result, k + 1, f"does not follow event #{k}: an event was removed, replaced")


def test_forged_append_without_moving_the_head_is_caught(trail):
    n = last_seq(trail)
    forge(trail, n + 1, event(trail, n)["hash"])
    result = check(trail)
    assert_names(result, n + 1, f"event #{n + 1} was added after the recorded end of the trail (#{n})")


def run_cli(db_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env["CASEWORK_DB"] = str(db_path)
    # Reading the audit trail, verification included, is for the roles in audit_log.READERS.
    env["CASEWORK_USER"] = "mo"
    return subprocess.run([sys.executable, "-m", "casework", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_cli_reports_tampered_sqlite_file(tmp_path):
    db_path = tmp_path / "council.db"
    ws = build(f"sqlite:///{db_path}")
    k, n = middle(ws), last_seq(ws)
    ws.engine.dispose()

    ok = run_cli(db_path, "audit", "verify")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, f"audit trail intact: {n} events verified\n", "")

    # Tamper with the file itself, with no casework code involved.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE audit_event SET actor = 'dep' WHERE seq = ?", (k,))
    conn.close()

    bad = run_cli(db_path, "audit", "verify")
    assert bad.returncode != 0
    assert bad.stdout == ""
    assert "Traceback" not in bad.stderr
    lines = bad.stderr.splitlines()
    assert len(lines) == 1, bad.stderr
    assert lines[0].startswith(f"casework: audit trail broken: event #{k} (transition on ")
    assert lines[0].endswith("was altered after it was written")


def test_verify_reports_progress_for_long_trails(trail):
    from sqlmodel import Session

    from casework.audit.chain import verify

    calls = []
    with Session(trail.engine) as s:
        result = verify(s, batch=5, progress=lambda done, total: calls.append((done, total)))
    assert result.ok
    total = result.checked
    assert calls == [(n, total) for n in range(5, total + 1, 5)]
