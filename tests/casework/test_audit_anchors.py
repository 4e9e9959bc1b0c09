"""The chain's end anchored outside the database after every change (a file only appended to,
or syslog), and `audit verify --anchors` finding a trail rewritten after the last seal, which
the chain alone cannot show."""

import os
import socket
import stat

import pytest
from cli_runner import checked, run_cli
from sqlalchemy import text
from trail_tamper import rewrite_from, sql

from casework.workspace import open_workspace


def _council(db_url, env):
    cli = checked(db_url, env)
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer").out.strip()
    cli("note", ref, "Spoke to both parties")
    return cli


def test_every_change_is_anchored_and_a_rewrite_after_it_is_found(db_url, tmp_path):
    log = tmp_path / "anchors.log"
    cli = _council(db_url, {"CASEWORK_ANCHORS": str(log)})
    lines = log.read_text().splitlines()
    assert [int(line.split("seq=")[1].split()[0]) for line in lines] == [1, 2, 3, 4, 5]
    assert all(line.startswith("casework-anchor seq=") and " db=" in line for line in lines)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    held = cli("audit", "verify", "--anchors", str(log)).out.splitlines()
    assert held[0] == "audit trail intact: 5 events verified"
    assert held[1].startswith("5 anchors hold, the last at event #5 (")

    # Whoever can write the database alters the note's event and re-computes the chain after it.
    ws = open_workspace(db_url)
    sql(ws, "UPDATE audit_event SET actor = 'dep' WHERE seq = 5")
    rewrite_from(ws, 5)
    ws.engine.dispose()
    assert cli("audit", "verify").out == "audit trail intact: 5 events verified\n"
    r = cli("audit", "verify", "--anchors", str(log), ok=False)
    assert r.code == 1 and r.err.startswith(
        "casework: anchors broken: event #5 no longer has the hash anchored at 20"), r.err
    assert r.err.endswith("the trail was rewritten after it was anchored\n")


def test_events_cut_from_the_end_are_found(sqlite_url, tmp_path):
    log = tmp_path / "anchors.log"
    cli = _council(sqlite_url, {"CASEWORK_ANCHORS": str(log)})
    ws = open_workspace(sqlite_url)
    with ws.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 5"))
        conn.execute(text("DELETE FROM note"))
        conn.execute(text("UPDATE case_file SET version = version - 1"))
    rewrite_from(ws, 4)
    ws.engine.dispose()
    assert cli("audit", "verify").code == 0
    assert "event #5, anchored at" in cli("audit", "verify", "--anchors", str(log), ok=False).err


def test_another_databases_anchors_in_the_same_log_are_left_alone(tmp_path):
    log = tmp_path / "anchors.log"
    first = _council(f"sqlite:///{tmp_path}/one.db", {"CASEWORK_ANCHORS": str(log)})
    _council(f"sqlite:///{tmp_path}/two.db", {"CASEWORK_ANCHORS": str(log)})
    assert len(log.read_text().splitlines()) == 10
    assert first("audit", "verify", "--anchors", str(log)).out.splitlines()[1].startswith("5 anchors hold")
    empty = tmp_path / "empty.log"
    empty.write_text("nothing here\n")
    assert "holds no anchor of this database" in first("audit", "verify", "--anchors", str(empty), ok=False).err


def test_anchors_go_to_syslog(sqlite_url, tmp_path):
    path = str(tmp_path / "log.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sink:
        sink.bind(path)
        sink.settimeout(5)
        _council(sqlite_url, {"CASEWORK_ANCHORS": f"syslog:{path}"})
        got = [sink.recv(4096).decode() for _ in range(5)]
    assert all("casework: casework-anchor seq=" in g for g in got)
    assert got[0].startswith("<" + str(10 * 8 + 6) + ">")  # authpriv.info


@pytest.mark.parametrize("where, said", [
    ("/nonexistent/folder/anchors.log", "anchors: cannot append to /nonexistent/folder/anchors.log "
                                       "(No such file or directory)"),
    ("syslog:/nonexistent.sock", "anchors: there is no syslog socket at /nonexistent.sock"),
])
def test_an_anchor_log_that_cannot_be_written_is_refused_before_any_change(sqlite_url, where, said):
    assert run_cli(sqlite_url, "init", "--name", "Mona Officer").code == 0
    r = run_cli(sqlite_url, "people", "add", "--kind", "member", "--name", "Cllr X",
                env={"CASEWORK_ANCHORS": where})
    assert r.code == 2 and r.err.startswith(f"casework: {said}"), r.err
    assert "Cllr X" not in run_cli(sqlite_url, "people", "list").out
    assert not os.path.exists("/nonexistent")
