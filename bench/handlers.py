"""Many handlers at once: 2, 4 and 8 processes, each advancing and annotating cases of its own
for a fixed time, through casework's services; beside them the same workload as plain driver
statements (sqlite3 or psycopg writing the rows the services write, bench.advance_rows), in
the same run, on the same cases.

Each process alternates on its own cases: an advance (withdraw, or reopen once withdrawn, each
with a note) and then a note on the same case (casework.cases.papers.annotate). Processes
start together: each imports and opens its database, says it is ready, and waits for the word
to go, so start-up is not measured. Reported: operations a second (all processes together),
latency p50/p95/p99 of every operation done, conflicts (someone changed the case since it was
read), busy refusals (the database stayed locked past casework's patience, "the database is
busy ..."), and the retries inside casework.transaction.write that did not reach the user.
The plain floor takes SQLite's write lock at BEGIN (BEGIN IMMEDIATE, busy_timeout), as a
careful hand-written program would, and starts again on a busy error, counted as a retry.

After each round a checker reads the database: every operation a process reported done is
there (its case's version, its audit events and notes, its state), nothing else was written,
and the events written chain intact by casework's own verifier. A difference is a lost update.

    python -m bench.handlers --db FILE|URL [--handlers 2,4,8] [--seconds 10]
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, child_env, floor_connect, is_pg, median, percentile, run_child, spawn
from bench.databases import LOGIN, scratch_copy

COUNTS = (2, 4, 8)
PER_HANDLER = 4  # cases each process works on, its own
NOTE = "The complainant asked in writing to withdraw; reopened when new evidence arrived."
ANNOTATION = "Spoke to the complainant by telephone; they will send the emails by Friday."
SIDES = ("service", "floor")


def child_pick(db: str, cases: str) -> dict:
    """Open cases that can be withdrawn, spread over the table, and how they stand."""
    from casework.workflow.routes import ROUTES, target_of

    conn = floor_connect(db, readonly=True)
    rows = [(ref, route, state) for ref, route, state in conn.execute(
        "SELECT ref, route, state FROM case_file WHERE is_open ORDER BY id")
        if target_of(route, state, "withdraw") and route in ROUTES]
    step = max(1, len(rows) // int(cases))
    refs = [r[0] for r in rows[::step][:int(cases)]]
    if len(refs) < int(cases):
        raise SystemExit(f"only {len(refs)} cases can be withdrawn; {cases} are needed")
    return {"refs": refs, "snapshot": snapshot(conn, refs, is_pg(db))}


def snapshot(conn, refs: list[str], pg: bool) -> dict:
    mark = "%s" if pg else "?"
    out = {"head": list(conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()),
           "cases": {}}
    for ref in refs:
        case_id, state, version = conn.execute(
            f"SELECT id, state, version FROM case_file WHERE ref = {mark}", (ref,)).fetchone()
        events = dict(conn.execute(f"SELECT action, count(*) FROM audit_event WHERE case_ref = {mark} "
                                   "GROUP BY action", (ref,)).fetchall())
        notes = conn.execute(f"SELECT count(*) FROM note WHERE case_id = {mark}", (case_id,)).fetchone()[0]
        out["cases"][ref] = {"state": state, "version": version, "notes": notes,
                             "transitions": events.get("transition", 0), "noted": events.get("note", 0)}
    return out


def child_work(side: str, db: str, seconds: str, refs: str) -> dict:
    """One handler: ready, then advancing and annotating its cases until `seconds` are up."""
    refs, pg = refs.split(","), is_pg(db)
    conn = floor_connect(db, readonly=True)
    cases = snapshot(conn, refs, pg)["cases"]
    conn.close()
    states = {ref: cases[ref]["state"] for ref in refs}
    retries = [0]
    if side == "service":
        from casework import transaction
        from casework.cases.advance import advance
        from casework.cases.papers import annotate
        from casework.errors import Conflict, DatabaseBusy, UserError
        from casework.workspace import open_workspace

        ws, busy_error, conflict_error = open_workspace(db), DatabaseBusy, Conflict
        really_busy = transaction._busy

        def counted(exc) -> bool:  # each time write() starts a change again on a busy database
            retries[0] += really_busy(exc)
            return really_busy(exc)

        transaction._busy = counted

        def do_advance(ref: str, event: str) -> str:
            return advance(ws, ref, event, LOGIN, note=NOTE).to_state

        def do_note(ref: str) -> None:
            annotate(ws, ref, ANNOTATION, LOGIN)
    else:
        from datetime import date

        from bench.advance_rows import connect_floor, fire, write_advance, write_note

        conn, _ = connect_floor(db)
        mark = "%s" if pg else "?"
        mo = conn.execute(f"SELECT id FROM user_account WHERE login = {mark}", (LOGIN,)).fetchone()[0]
        routes = {ref: conn.execute(f"SELECT route FROM case_file WHERE ref = {mark}", (ref,)).fetchone()[0]
                  for ref in refs}
        begin, today = "BEGIN" if pg else "BEGIN IMMEDIATE", date.today()
        errors = _pg_errors() if pg else (sqlite3.OperationalError,)
        busy_error = conflict_error = UserError = _Never

        def again(write):
            for _ in range(100):
                try:
                    return write()
                except errors as exc:
                    if not pg and "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    try:
                        conn.execute("ROLLBACK")
                    except errors:
                        pass  # BEGIN itself was refused: nothing to roll back
                    retries[0] += 1
            raise SystemExit("the floor found the database busy 100 times running")

        def do_advance(ref: str, event: str) -> str:
            target = fire(routes[ref], states[ref], event)
            again(lambda: write_advance(conn, pg, ref, LOGIN, event, states[ref], target, NOTE, mo,
                                        today, begin))
            return target

        def do_note(ref: str) -> None:
            again(lambda: write_note(conn, pg, ref, LOGIN, ANNOTATION, mo, today, begin))

    done = {ref: {"advances": 0, "notes": 0, "state": states[ref]} for ref in refs}
    seconds_each, conflicts, busy, refused = [], 0, 0, []
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    deadline, n = started + float(seconds), 0
    while time.perf_counter() < deadline:
        ref = refs[(n // 2) % len(refs)]
        t = time.perf_counter()
        try:
            if n % 2 == 0:
                states[ref] = do_advance(ref, "reopen" if states[ref] == "withdrawn" else "withdraw")
                done[ref]["advances"] += 1
                done[ref]["state"] = states[ref]
            else:
                do_note(ref)
                done[ref]["notes"] += 1
            seconds_each.append(time.perf_counter() - t)
        except conflict_error:
            conflicts += 1
        except busy_error:
            busy += 1
        except UserError as exc:  # any other refusal: shown, so the workload can be mended
            refused.append(str(exc))
        n += 1
    return {"elapsed_s": time.perf_counter() - started, "seconds": seconds_each, "done": done,
            "conflicts": conflicts, "busy": busy, "retries": retries[0], "refused": refused[:3],
            "refusals": len(refused)}


class _Never(Exception):
    """The floor's stand-in for casework's refusals, which plain statements never raise."""


def _pg_errors() -> tuple:
    import psycopg

    return (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected,
            psycopg.errors.LockNotAvailable)


def child_check(db: str, before_file: str, reports_file: str) -> dict:
    """Every operation reported done is in the database, nothing else is, and the chain holds."""
    from casework.audit.chain import verify_range
    from casework.transaction import read
    from casework.workspace import open_workspace

    before = json.loads(Path(before_file).read_text())
    reports = json.loads(Path(reports_file).read_text())
    refs = list(before["cases"])
    conn = floor_connect(db, readonly=True)
    after = snapshot(conn, refs, is_pg(db))
    conn.close()
    lost, extra, wrong_state = 0, 0, 0
    for ref in refs:
        advances = sum(r["done"].get(ref, {}).get("advances", 0) for r in reports)
        notes = sum(r["done"].get(ref, {}).get("notes", 0) for r in reports)
        last = next((r["done"][ref]["state"] for r in reports if ref in r["done"]), None)
        a, b = after["cases"][ref], before["cases"][ref]
        for found, reported in ((a["transitions"] - b["transitions"], advances),
                                (a["noted"] - b["noted"], notes),
                                (a["notes"] - b["notes"], advances + notes),
                                (a["version"] - b["version"], advances + notes)):
            lost += max(0, reported - found)
            extra += max(0, found - reported)
        wrong_state += last is not None and a["state"] != last
    written = after["head"][0] - before["head"][0]
    reported = sum(d["advances"] + d["notes"] for r in reports for d in r["done"].values())
    ws = open_workspace(db)
    with read(ws.engine) as s:
        chain = verify_range(s, before["head"][0] + 1, None, before["head"][1])
    ws.engine.dispose()
    return {"lost": lost + max(0, reported - written) + wrong_state,
            "unreported": extra + max(0, written - reported), "events": written,
            "chain_ok": chain.ok, "chain": chain.message, "snapshot": after}


def round_of(side: str, db: str, refs: list[str], n: int, seconds: float) -> list[dict]:
    """`n` processes, each on its own PER_HANDLER cases, started together."""
    workers = [subprocess.Popen(
        [sys.executable, "-m", "bench.handlers", "--child", "work", side, db, str(seconds),
         ",".join(refs[i * PER_HANDLER:(i + 1) * PER_HANDLER])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=child_env())
        for i in range(n)]
    try:
        for w in workers:
            if w.stdout.readline().strip() != "ready":
                raise SystemExit(f"a {side} handler failed before it was ready (exit {w.wait()})")
        for w in workers:
            w.stdin.write("go\n")
            w.stdin.close()
        out = [w.stdout.read() for w in workers]
    finally:
        for w in workers:
            if w.wait():
                raise SystemExit(f"a {side} handler failed (exit {w.returncode})")
    return [json.loads(text.strip().splitlines()[-1]) for text in out]


def summary(reports: list[dict], check: dict) -> dict:
    times = [t for r in reports for t in r["seconds"]]
    ops = sum(len(r["seconds"]) / r["elapsed_s"] for r in reports)
    if not times:
        raise SystemExit(f"no operation was done: {[r['refused'] for r in reports]}")
    return {"ops_per_s": ops, "operations": len(times),
            "p50_ms": 1000 * median(times), "p95_ms": 1000 * percentile(times, 95),
            "p99_ms": 1000 * percentile(times, 99), "max_ms": 1000 * max(times),
            "conflicts": sum(r["conflicts"] for r in reports), "busy": sum(r["busy"] for r in reports),
            "retries": sum(r["retries"] for r in reports),
            "refusals": sum(r["refusals"] for r in reports),
            "refused": [m for r in reports for m in r["refused"]][:3],
            "lost": check["lost"], "unreported": check["unreported"], "chain_ok": check["chain_ok"],
            "peak_mb": median(r["peak_mb"] for r in reports)}


def measure(db: str, counts, seconds: float, log=print) -> dict:
    """For each count of processes, casework's round and then the floor's, on the same cases;
    flat figures (`ops_per_s_8`, `floor_p99_ms_8`, ...) for bench.report, and by count."""
    with tempfile.TemporaryDirectory(prefix="bench-handlers-") as tmp:
        copy = db if is_pg(db) else str(scratch_copy(Path(db), Path(tmp) / "scratch.db"))
        picked = spawn("handlers", "pick", copy, max(counts) * PER_HANDLER)
        before, flat, by_count = picked["snapshot"], {"seconds": seconds}, {}
        for n in counts:
            for side in SIDES:
                log(f"  {n} handlers at once, {'casework' if side == 'service' else 'plain driver'}, "
                    f"{seconds:g} s")
                reports = round_of(side, copy, picked["refs"], n, seconds)
                (Path(tmp) / "before.json").write_text(json.dumps(before))
                (Path(tmp) / "reports.json").write_text(json.dumps(reports))
                check = spawn("handlers", "check", copy, Path(tmp) / "before.json", Path(tmp) / "reports.json")
                before = check.pop("snapshot")
                figures = summary(reports, check)
                by_count.setdefault(str(n), {})[side] = figures
                prefix = "" if side == "service" else "floor_"
                flat.update({f"{prefix}{k}_{n}": v for k, v in figures.items()
                             if isinstance(v, (int, float))})
            if by_count[str(n)]["service"]["refused"]:
                log(f"  refused: {by_count[str(n)]['service']['refused'][0]}")
    flat["by_count"] = by_count
    return flat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--handlers", default=",".join(map(str, COUNTS)), help="process counts")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child({"pick": child_pick, "work": child_work, "check": child_check}, args.child)
        return
    if not args.db or not (is_pg(args.db) or os.path.exists(args.db)):
        sys.exit("give --db FILE or a PostgreSQL URL")
    db = args.db if is_pg(args.db) else os.path.abspath(args.db)
    f = measure(db, [int(n) for n in args.handlers.split(",")], args.seconds,
                log=lambda m: print(m, file=sys.stderr))
    print(table(f))


def table(f: dict) -> str:
    lines = ["| handlers | ops/s (floor) | ratio | p50 ms | p95 ms | p99 ms (floor) | ratio | "
             "conflicts | busy | retries | lost |", "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for n, sides in f["by_count"].items():
        s, b = sides["service"], sides["floor"]
        lines.append(f"| {n} | {s['ops_per_s']:.0f} ({b['ops_per_s']:.0f}) | "
                     f"{s['ops_per_s'] / b['ops_per_s']:.2f} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | "
                     f"{s['p99_ms']:.1f} ({b['p99_ms']:.1f}) | {s['p99_ms'] / b['p99_ms']:.2f} | "
                     f"{s['conflicts']} | {s['busy']} | {s['retries']} ({b['retries']}) | "
                     f"{s['lost'] + b['lost']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
