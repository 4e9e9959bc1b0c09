"""A backup taken while handlers work is one consistent moment, and restores to exactly that.

Writers in their own OS processes keep moving cases round the officer route, adding notes and
filing documents, while the backup runs. The restored database must then hold an unbroken
prefix of the source's audit chain, and every case in it exactly the changes that chain
records up to the backup's moment: nothing half-done, nothing from after.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import make_workspace, populated_workspace
from sqlalchemy import text

from casework.audit import chain as audit
from casework.backup.service import backup, restore
from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.transaction import read

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds any one wait may take before the test fails rather than hangs
# Complaints about Officers, none naming 'Mo Officer', so the Monitoring Officer may act.
PARTIES = [("Olive Manager", "Cllr Ann Jones"), ("Bob Smith", "Cllr Tom Price"),
           ("Olive Manager", "Cllr Tom Price")]
# Changes that take the case (bump its version), each with exactly one audit event.
VERSIONED = ("open", "transition", "note", "attach")

WRITER = r"""
import sys
from pathlib import Path

from casework.cases.advance import advance
from casework.cases.papers import annotate, attach
from helpers import make_workspace

url, ref, stop, folder = sys.argv[1:]
ws = make_workspace(url)
cycle = ["try_informal", "escalate", "escalate", "resolve", "reopen"]
step = 0
while not Path(stop).exists():
    event = cycle[step % len(cycle)]
    advance(ws, ref, event, "mo", note=f"{event}, step {step}")
    annotate(ws, ref, f"worked on {ref}, step {step}", "mo")
    if step % 3 == 0:
        paper = Path(folder, f"{ref}-{step}.txt")
        paper.write_text(f"letter {step} about {ref}\n" * 20)
        attach(ws, ref, str(paper), "mo")
    step += 1
    print(step, flush=True)
"""


def build(url: str):
    ws = populated_workspace(url)
    refs = [open_case(ws, "mo", about=about, by=by, clause="21.9.3",
                      summary=f"Complaint {i} about {about}", received="2026-11-02")
            for i, (about, by) in enumerate(PARTIES)]
    return ws, refs


def head(ws) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(text("SELECT seq FROM audit_head")).scalar_one()


def versions(ws) -> list[int]:
    with ws.engine.connect() as conn:
        return list(conn.execute(text("SELECT version FROM case_file ORDER BY ref")).scalars())


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def fresh_url(db_url, request, tmp_path) -> str:
    """A second, empty database on the same backend as db_url."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}/restored.db"
    return request.getfixturevalue("pg_server").new_database("restored")


def writers(url: str, refs: list[str], tmp_path: Path) -> tuple[list[subprocess.Popen], Path]:
    stop = tmp_path / "stop"
    papers = tmp_path / "papers"
    papers.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, ref, str(stop), str(papers)],
                              cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for ref in refs]
    return procs, stop


def finish(procs: list[subprocess.Popen], stop: Path) -> None:
    stop.touch()
    try:
        for proc in procs:
            _, err = proc.communicate(timeout=WAIT)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def rows(ws, sql: str) -> list[tuple]:
    with ws.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_backup_of_a_busy_database_restores_one_consistent_moment(db_url, fresh_url, tmp_path):
    ws, refs = build(db_url)
    start = head(ws)
    procs, stop = writers(db_url, refs, tmp_path)
    try:
        # Every writer has been through a few changes before the backup starts ...
        wait_for(lambda: min(versions(ws)) >= 8, "every writer to get going")
        busy = head(ws)
        taken = backup(ws, "mo", tmp_path / "busy.backup")
        # ... and each goes on writing after it, so the backup cut through live work.
        then = versions(ws)
        wait_for(lambda: all(now >= v + 4 for now, v in zip(versions(ws), then)),
                 "more writing after the backup")
    finally:
        finish(procs, stop)
    assert taken.problem is None, taken.problem
    assert start < busy <= taken.events < taken.recorded < head(ws)
    assert oct((tmp_path / "busy.backup").stat().st_mode & 0o777) == "0o600"

    done = restore(fresh_url, "mo", tmp_path / "busy.backup")
    back = make_workspace(fresh_url)
    assert (done.events, done.head, done.cases) == (taken.events, taken.head, len(refs))
    assert done.recorded == taken.events + 1

    # The chain is whole, and is the source's own chain cut at the backup's moment.
    with read(back.engine) as s:
        after = audit.verify(s)
    assert after.ok and after.checked == taken.events + 1, after.message
    trail = "SELECT seq, at, actor, action, case_ref, from_state, to_state, data, hash FROM audit_event"
    source_trail = rows(ws, f"{trail} WHERE seq <= {taken.events} ORDER BY seq")
    assert rows(back, f"{trail} WHERE seq <= {taken.events} ORDER BY seq") == source_trail
    assert source_trail[-1][-1] == taken.head
    restore_event = rows(back, f"SELECT actor, action, data FROM audit_event WHERE seq = {done.recorded}")
    assert restore_event[0][:2] == ("mo", "restore")
    assert json.loads(restore_event[0][2])["head"] == taken.head

    # Every case holds exactly the changes its part of the chain records: no more, no fewer.
    for ref in refs:
        events = rows(back, f"SELECT action, to_state, data FROM audit_event WHERE case_ref = '{ref}' "
                            f"AND seq <= {taken.events} ORDER BY seq")
        state, version = rows(back, f"SELECT state, version FROM case_file WHERE ref = '{ref}'")[0]
        moves = [to for action, to, _ in events if action in ("open", "transition")]
        assert state == moves[-1]
        assert version == sum(1 for action, _, _ in events if action in VERSIONED)
        note_ids = sorted(json.loads(data)["note_id"] for action, _, data in events
                          if action in ("note", "transition") and "note_id" in json.loads(data))
        assert [n for (n,) in rows(back, "SELECT n.id FROM note n JOIN case_file c ON c.id = n.case_id "
                                         f"WHERE c.ref = '{ref}' ORDER BY n.id")] == note_ids
        documents = [(json.loads(data)["document_id"], json.loads(data)["sha256"])
                     for action, _, data in events if action == "attach"]
        assert rows(back, "SELECT d.id, d.sha256 FROM document d JOIN case_file c ON "
                          f"c.id = d.case_id WHERE c.ref = '{ref}' ORDER BY d.id") == documents
    # Each paper's bytes came along, and match their address.
    for sha, size, data in rows(back, "SELECT sha256, size, data FROM blob"):
        assert hashlib.sha256(bytes(data)).hexdigest() == sha and len(bytes(data)) == size

    # Nothing else moved while the writers worked, so it restores as it was.
    for table in ("person", "user_account"):
        assert rows(back, f"SELECT * FROM {table} ORDER BY id") == rows(ws, f"SELECT * FROM {table} ORDER BY id")
    # The restored database is a working one: the writers' services carry on on it.
    annotate(back, refs[0], "carried on after the restore", "mo")
    with read(back.engine) as s:
        assert audit.verify(s).ok
    ws.engine.dispose()
    back.engine.dispose()
