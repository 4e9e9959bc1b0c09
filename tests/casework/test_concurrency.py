"""Handlers working at the same time, each in their own OS process, as they would at a council.

Two handlers acting on the same case must not both win: the case's version (claimed by each
change with its first write) lets exactly one through and tells the other who changed it.
Handlers on different cases must all get through, with one unbroken audit chain.

The overlap is forced without any hook in production code: each child process wraps
where `assign` claims the case (`claim`) and where `advance` writes what it decided
(`record_move`), as they look them up when they run, so that it first waits at a file barrier
until every child has reached it, i.e. has read the case. On SQLite that cannot happen: a
change writes holding the write lock and decides again if the case's trail moved since it
read (casework.transaction.decide_then_write), so the second handler's change waits for the
first to commit and decides on what it wrote; there the children meet before their changes
begin, and the first to write holds its lock a moment longer.
"""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import assessed, populated_workspace
from sqlalchemy import text

from casework.audit import chain as audit
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.transaction import read

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds any one wait may take before the test fails rather than hangs

CHILD = r"""
import json, sys, time
from pathlib import Path

import casework.cases.opening
import casework.cases.advance
from casework.errors import UserError
from casework.workspace import open_workspace

gate, me, parties, mode, *args = sys.argv[1:]


def barrier():
    # Every child drops a file and waits until all have: creating a file is atomic.
    Path(gate, me).touch()
    deadline = time.monotonic() + 30
    while len(list(Path(gate).iterdir())) < int(parties):
        if time.monotonic() > deadline:
            raise SystemExit(f"{me}: barrier timed out; present: {sorted(Path(gate).iterdir())}")
        time.sleep(0.002)


real_claim, waited = casework.cases.opening.claim, []
url = args[args.index("--db") + 1] if mode == "cli" else args[0]
serialised = not url.startswith("postgresql")  # SQLite: each change holds the write lock


def claim_after_barrier(session, case, seen):
    if not waited:  # a retry after a busy database must not wait again
        waited.append(case.version)
        if serialised:
            time.sleep(0.3)  # the other handler's change waits for this one's lock meanwhile
        else:
            barrier()
    return real_claim(session, case, seen)


real_move = casework.cases.advance.record_move


def move_after_barrier(session, plan, *rest):
    if not waited:  # a retry after a busy database must not wait again
        waited.append(plan.seen)
        if serialised:
            time.sleep(0.3)  # the other handler's change waits for this one's lock meanwhile
        else:
            barrier()
    return real_move(session, plan, *rest)


def hold_claims():
    casework.cases.opening.claim = claim_after_barrier
    casework.cases.advance.record_move = move_after_barrier
    if serialised:
        barrier()  # every child started, so their changes really are at the same moment


if mode == "cli":
    hold_claims()
    from casework.cli.main import main
    main(args)
elif mode == "advance":
    hold_claims()
    url, ref, event = args
    try:
        moved = casework.cases.advance.advance(open_workspace(url), ref, event, "mo")
        out = {"ok": True, "to": moved.to_state, "version": moved.version}
    except UserError as exc:
        out = {"ok": False, "kind": type(exc).__name__, "message": exc.message}
    print(json.dumps({**out, "read_version": waited}))
elif mode == "notes":
    from casework.cases.papers import annotate
    url, ref, count = args
    ws = open_workspace(url)
    barrier()
    ids = [annotate(ws, ref, f"note {i} by worker {me}", "mo") for i in range(int(count))]
    print(json.dumps({"ok": True, "ids": ids}))
"""


def start(argv: list[str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    return subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def collect(procs: list[subprocess.Popen]) -> list[subprocess.CompletedProcess]:
    """Waits for every process, each within WAIT; a hung one fails the test, never blocks it."""
    done = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=WAIT)
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    return done


def children(gate: Path, mode: str, runs: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Starts one CHILD per argument list, all together, meeting at the barrier in `gate`."""
    gate.mkdir()
    return collect([start(["-c", CHILD, str(gate), f"w{i}", str(len(runs)), mode, *args])
                    for i, args in enumerate(runs)])


def build(url: str, cases: int):
    """Cases at the Monitoring Officer's assessment. Real dates, because the CLI child
    process works on the real today."""
    today = date.today()
    ws = populated_workspace(url, today=today)
    refs = []
    for i in range(cases):
        ref = open_case(ws, "mo", about=("Cllr Ann Jones", "Cllr Tom Price")[i % 2],
                        by="Bob Smith", clause="21.9.3", summary=f"Complaint {i}",
                        received=today - timedelta(days=7))
        advance(ws, ref, "refer_to_monitoring_officer", "mo")
        assessed(ws, ref)
        refs.append(ref)
    return ws, refs


def facts(ws, ref: str) -> dict:
    with ws.engine.connect() as conn:
        state, version = conn.execute(
            text("SELECT state, version FROM case_file WHERE ref = :r"), {"r": ref}).one()
        seqs = list(conn.execute(text("SELECT seq FROM audit_event ORDER BY seq")).scalars())
        moves = conn.execute(text(
            "SELECT count(*) FROM audit_event WHERE case_ref = :r AND action = 'transition' "
            "AND to_state = 'investigation'"), {"r": ref}).scalar_one()
        head = conn.execute(text("SELECT seq FROM audit_head WHERE id = 1")).scalar_one()
    with read(ws.engine) as s:
        verified = audit.verify(s)
    return {"state": state, "version": version, "seqs": seqs, "moves": moves, "head": head,
            "verified": verified}


def conflict_line(ref: str) -> str:
    return (f"{ref} was changed by someone else since you read it; reload it "
            f"(casework show {ref}) and try again")


def test_same_step_at_once_lets_exactly_one_through(db_url, tmp_path):
    ws, (ref,) = build(db_url, 1)
    before = facts(ws, ref)
    runs = children(tmp_path / "gate", "advance", [[db_url, ref, "investigate"]] * 2)

    for run in runs:
        assert run.returncode == 0, run.stderr
    results = [json.loads(run.stdout) for run in runs]
    won = [r for r in results if r["ok"]]
    lost = [r for r in results if not r["ok"]]
    assert len(won) == len(lost) == 1, results
    assert won[0] == {"ok": True, "to": "investigation", "version": before["version"] + 1,
                      "read_version": [before["version"]]}
    if db_url.startswith("sqlite"):
        # The second change began once the first had committed, read the case at its new
        # stage, and was refused the step there before it came to claim the case.
        assert lost[0]["read_version"] == [], results
        assert lost[0]["kind"] == "Refused" and "possible now" in lost[0]["message"], results
    else:
        # Both read the case at the same version before either wrote: the race happened.
        assert lost[0]["read_version"] == [before["version"]]
        assert lost[0]["kind"] == "Conflict"
        assert lost[0]["message"] == conflict_line(ref)

    after = facts(ws, ref)
    assert (after["state"], after["version"]) == ("investigation", before["version"] + 1)
    assert after["moves"] == 1
    assert after["seqs"] == before["seqs"] + [before["head"] + 1] == list(range(1, after["head"] + 1))
    assert after["verified"].ok, after["verified"].message
    ws.engine.dispose()


@pytest.mark.parametrize("timing", ["barrier", "free"])
def test_cli_expect_version_lets_exactly_one_through(db_url, tmp_path, timing):
    ws, (ref,) = build(db_url, 1)
    before = facts(ws, ref)
    argv = ["--db", db_url, "--as", "mo", "advance", ref, "investigate",
            "--expect-version", str(before["version"])]
    if timing == "barrier":
        # The real CLI entry point, with the claim held until both have read the case.
        runs = children(tmp_path / "gate", "cli", [argv] * 2)
    else:
        # The command as a script calls it: two started together, no barrier.
        runs = collect([start(["-m", "casework", *argv]) for _ in range(2)])

    runs.sort(key=lambda run: run.returncode)
    assert [run.returncode for run in runs] == [0, 2], [run.stderr for run in runs]
    winner, loser = runs
    assert winner.stdout == f"{ref}: Monitoring Officer's initial assessment -> Investigation\n"
    assert winner.stderr == ""
    assert loser.stdout == ""
    assert loser.stderr == f"casework: {conflict_line(ref)}\n"

    after = facts(ws, ref)
    assert (after["state"], after["version"], after["moves"]) == (
        "investigation", before["version"] + 1, 1)
    assert after["verified"].ok, after["verified"].message
    ws.engine.dispose()


def test_writers_on_different_cases_all_get_through(db_url, tmp_path):
    workers, per_worker = 4, 10
    ws, refs = build(db_url, workers)
    before = facts(ws, refs[0])
    runs = children(tmp_path / "gate", "notes", [[db_url, ref, str(per_worker)] for ref in refs])

    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
        assert len(json.loads(run.stdout)["ids"]) == per_worker
    ids = [i for run in runs for i in json.loads(run.stdout)["ids"]]
    assert len(set(ids)) == workers * per_worker

    with ws.engine.connect() as conn:
        per_case = dict(conn.execute(text(
            "SELECT c.ref, count(n.id) FROM case_file c JOIN note n ON n.case_id = c.id "
            "GROUP BY c.ref")).all())
        versions = dict(conn.execute(text("SELECT ref, version FROM case_file")).all())
        logged = conn.execute(text(
            "SELECT count(*) FROM audit_event WHERE action = 'note'")).scalar_one()
    assert per_case == {ref: 1 + per_worker for ref in refs}  # and the classification's note
    # Each note claimed its case once: no lost update between the writers.
    # (opened, referred, the officer's choice, classified, the subject's notice filed, then
    # the notes)
    assert versions == {ref: 5 + per_worker for ref in refs}
    assert logged == workers * per_worker

    after = facts(ws, refs[0])
    total = before["head"] + workers * per_worker
    assert after["seqs"] == list(range(1, total + 1))  # contiguous: no gap, no fork
    assert after["head"] == total
    assert after["verified"].ok, after["verified"].message
    assert after["verified"].checked == total
    ws.engine.dispose()
