"""Advancing a case through the service, per second, against its floor in the same run.

The service (casework.cases.advance.advance) loads the case, checks the actor and the guards,
builds the route's machine, fires the event, writes the note, the audit event and the head,
and commits. Its floor is the two things it cannot avoid, each timed alone: restoring the
route's python-statemachine machine at the case's state and firing the same event, and
plain sqlite3 writing the same rows (the case, the note, the audit event chained to the
head, the head) in one transaction. Both work on one scratch copy of the database, on
different cases, so the cached database stays as the generator left it.

Each case is withdrawn and then reopened, with a note (both events need one): the pair
leaves it open at the route's first stage, so runs can repeat on the same cases.

    python -m bench.advance --db FILE [--cases 50] [--runs 3] [--json FILE]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.advance_rows import fire, write_advance
from bench.common import floor_connect, is_pg, median, run_child, spawn
from bench.databases import LOGIN, scratch_copy

EVENTS = ("withdraw", "reopen")
NOTE = "The complainant asked in writing to withdraw; reopened when new evidence arrived."


def child_pick(db: str, cases: str) -> dict:
    """Open cases that can be withdrawn, spread over the whole table, in two halves: one
    for the service, one for the floor."""
    from casework.workflow.routes import ROUTES, target_of

    conn = floor_connect(db, readonly=True)
    rows = [(ref, route, state) for ref, route, state in conn.execute(
        "SELECT ref, route, state FROM case_file WHERE is_open ORDER BY id")
        if target_of(route, state, "withdraw") and route in ROUTES]
    step = max(1, len(rows) // (2 * int(cases)))
    chosen = [r[0] for r in rows[::step][:2 * int(cases)]]
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    return {"service": chosen[0::2], "floor": chosen[1::2], "head": head}


def child_service(db: str, refs: str) -> dict:
    from casework.cases.advance import advance
    from casework.workspace import open_workspace

    ws = open_workspace(db)
    times = []
    for ref in refs.split(","):
        for event in EVENTS:
            t = time.perf_counter()
            advance(ws, ref, event, LOGIN, note=NOTE)
            times.append(time.perf_counter() - t)
    return {"seconds": times}


def child_floor(db: str, refs: str) -> dict:
    pg = is_pg(db)
    conn = floor_connect(db, isolation_level=None)  # explicit BEGIN, as casework's engine
    mark = "%s" if pg else "?"
    for pragma in () if pg else ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    mo = conn.execute(f"SELECT id FROM user_account WHERE login = {mark}", (LOGIN,)).fetchone()[0]
    today = date.today()
    machine, rows = [], []
    for ref in refs.split(","):
        for event in EVENTS:
            route, state = conn.execute(f"SELECT route, state FROM case_file WHERE ref = {mark}",
                                        (ref,)).fetchone()
            t = time.perf_counter()
            target = fire(route, state, event)
            machine.append(time.perf_counter() - t)
            t = time.perf_counter()
            write_advance(conn, pg, ref, LOGIN, event, state, target, NOTE, mo, today)
            rows.append(time.perf_counter() - t)
    return {"machine_s": machine, "rows_s": rows}


def measure(db: str, cases: int, runs: int, log=print) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-advance-") as tmp:
        # PostgreSQL's database is built for this run (bench.pg) and is its own scratch copy.
        copy = db if is_pg(db) else str(scratch_copy(Path(db), Path(tmp) / "scratch.db"))
        picked = spawn("advance", "pick", copy, cases)
        service, floor = [], []
        for i in range(runs):  # alternated, so drift in the machine hits both alike
            log(f"  advance run {i + 1}/{runs}, {2 * len(picked['service'])} advances each")
            service.append(spawn("advance", "service", copy, ",".join(picked["service"])))
            floor.append(spawn("advance", "floor", copy, ",".join(picked["floor"])))
        verified = spawn("advance", "verify", copy, *picked["head"])
    s = median(t for r in service for t in r["seconds"])
    m = median(t for r in floor for t in r["machine_s"])
    w = median(t for r in floor for t in r["rows_s"])
    return {
        "advances": sum(len(r["seconds"]) for r in service), "runs": runs,
        "advance_ms": 1000 * s, "advances_per_s": 1 / s,
        "floor_ms": 1000 * (m + w), "floor_per_s": 1 / (m + w),
        "machine_ms": 1000 * m, "rows_ms": 1000 * w, "ratio": s / (m + w),
        "peak_mb": median(r["peak_mb"] for r in service),
        "floor_peak_mb": median(r["peak_mb"] for r in floor),
        "chain_after": verified["message"],
    }


def child_verify(db: str, seq: str, digest: str) -> dict:
    """The floor's events must chain as the service's do, or it is not the same work: the
    links written in this run are checked by casework's own verifier."""
    from casework.audit.chain import verify_range
    from casework.transaction import read
    from casework.workspace import open_workspace

    with read(open_workspace(db).engine) as s:
        result = verify_range(s, int(seq) + 1, None, digest)
    if not result.ok:
        raise SystemExit(result.message)
    return {"message": f"the {result.checked} events written chain intact"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--cases", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child({"pick": child_pick, "service": child_service, "floor": child_floor,
                   "verify": child_verify}, args.child)
        return
    if not args.db or not os.path.exists(args.db):
        sys.exit("give --db FILE, a database built with: casework --db FILE demo --bulk --cases 100000")
    f = measure(os.path.abspath(args.db), args.cases, args.runs, log=lambda m: print(m, file=sys.stderr))
    print(f"advance  {f['advance_ms']:.2f} ms ({f['advances_per_s']:.0f}/s)   floor {f['floor_ms']:.2f} ms "
          f"(machine {f['machine_ms']:.2f} + rows {f['rows_ms']:.2f})   ratio {f['ratio']:.2f}  (target 3)")
    print(f"peak memory  advance {f['peak_mb']:.0f} MB, floor {f['floor_peak_mb']:.0f} MB; {f['chain_after']}")
    if args.json:
        Path(args.json).write_text(json.dumps(f, indent=2))


if __name__ == "__main__":
    main()
