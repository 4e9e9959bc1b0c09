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

    python -m bench.handlers --db FILE|URL [--handlers 2,4,8] [--seconds 4] [--rounds 3]
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

        from bench.advance_rows import fire, write_advance, write_note

        conn = floor_connect(db, isolation_level=None)  # BEGIN and COMMIT are the statements' own
        for pragma in () if pg else ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                                     "busy_timeout=5000"):
            conn.execute(f"PRAGMA {pragma}")
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


def summary(rounds: list[tuple[list[dict], dict]]) -> dict:
    """One side's rounds together: operations a second the median round's, latencies pooled."""
    reports = [r for reports, _ in rounds for r in reports]
    times = [t for r in reports for t in r["seconds"]]
    if not times:
        raise SystemExit(f"no operation was done: {[r['refused'] for r in reports]}")
    checks = [check for _, check in rounds]
    return {"ops_per_s": median(sum(len(r["seconds"]) / r["elapsed_s"] for r in rs) for rs, _ in rounds),
            "operations": len(times), "rounds": len(rounds),
            "p50_ms": 1000 * median(times), "p95_ms": 1000 * percentile(times, 95),
            "p99_ms": 1000 * percentile(times, 99), "max_ms": 1000 * max(times),
            "conflicts": sum(r["conflicts"] for r in reports), "busy": sum(r["busy"] for r in reports),
            "retries": sum(r["retries"] for r in reports),
            "refusals": sum(r["refusals"] for r in reports),
            "refused": [m for r in reports for m in r["refused"]][:3],
            "lost": sum(c["lost"] for c in checks), "unreported": sum(c["unreported"] for c in checks),
            "chain_ok": all(c["chain_ok"] for c in checks),
            "peak_mb": median(r["peak_mb"] for r in reports)}


def measure(db: str, counts, seconds: float, rounds: int = 1, log=print) -> dict:
    """For each count of processes, `rounds` rounds of casework's and of the floor's, alternated
    so that drift in a shared machine hits both alike, on the same cases; each round checked."""
    with tempfile.TemporaryDirectory(prefix="bench-handlers-") as tmp:
        copy = db if is_pg(db) else str(scratch_copy(Path(db), Path(tmp) / "scratch.db"))
        picked = spawn("handlers", "pick", copy, max(counts) * PER_HANDLER)
        before, by_count = picked["snapshot"], {}
        for n in counts:
            done = {side: [] for side in SIDES}
            for i in range(rounds):
                log(f"  {n} handlers at once, round {i + 1}/{rounds}: casework, then the plain "
                    f"driver, {seconds:g} s each")
                for side in SIDES:
                    reports = round_of(side, copy, picked["refs"], n, seconds)
                    (Path(tmp) / "before.json").write_text(json.dumps(before))
                    (Path(tmp) / "reports.json").write_text(json.dumps(reports))
                    check = spawn("handlers", "check", copy, Path(tmp) / "before.json",
                                  Path(tmp) / "reports.json")
                    before = check.pop("snapshot")
                    done[side].append((reports, check))
            by_count[str(n)] = {side: summary(done[side]) for side in SIDES}
            if by_count[str(n)]["service"]["refused"]:
                log(f"  refused: {by_count[str(n)]['service']['refused'][0]}")
    return {"seconds": seconds, "rounds": rounds, "by_count": by_count}


# The targets, held at eight handlers (and more): throughput at least half the floor's,
# p99 at most three times its p99; at every count, no update lost and the trail intact.
AT, OPS_MIN, P99_MAX = 8, 0.5, 3.0


def rows(by_size: dict) -> list[dict]:
    """One row per size and count of processes: casework beside the floor, the targets judged."""
    out = []
    for cases, parts in sorted(by_size.items()):
        for n, sides in parts.get("handlers", {}).get("by_count", {}).items():
            s, b = sides["service"], sides["floor"]
            ops, p99 = s["ops_per_s"] / b["ops_per_s"], s["p99_ms"] / b["p99_ms"]
            intact = s["lost"] == 0 and s["unreported"] == 0 and s["chain_ok"]
            met = intact and (int(n) < AT or (ops >= OPS_MIN and p99 <= P99_MAX))
            out.append({"cases": cases, "handlers": int(n), "ops_per_s": s["ops_per_s"],
                        "floor_ops_per_s": b["ops_per_s"], "ops_ratio": ops,
                        **{f"{p}_ms": s[f"{p}_ms"] for p in ("p50", "p95", "p99")},
                        **{f"floor_{p}_ms": b[f"{p}_ms"] for p in ("p50", "p95", "p99")},
                        "p99_ratio": p99, "conflicts": s["conflicts"], "busy": s["busy"],
                        "retries": s["retries"], "floor_retries": b["retries"],
                        "refusals": s["refusals"], "lost": s["lost"], "unreported": s["unreported"],
                        "chain_ok": s["chain_ok"], "floor_intact": b["lost"] == 0 and b["chain_ok"],
                        "met": met})
    return out


def table(found: list[dict]) -> str:
    lines = ["| cases | handlers | operations/s | plain driver | ratio | p50 | p95 | p99 | plain p99 "
             "| ratio | conflicts | busy refusals | retries (plain) | lost | target | |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|"]
    for r in found:
        target = (f"ratio >= {OPS_MIN:g}, p99 ratio <= {P99_MAX:g}, none lost" if r["handlers"] >= AT
                  else "none lost")
        lost = f"{r['lost']}" + ("" if r["chain_ok"] else ", chain broken")
        lines.append(
            f"| {r['cases']:,} | {r['handlers']} | {r['ops_per_s']:.0f} | {r['floor_ops_per_s']:.0f} | "
            f"{r['ops_ratio']:.2f} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['p99_ms']:.1f} ms | "
            f"{r['floor_p99_ms']:.1f} ms | {r['p99_ratio']:.2f} | {r['conflicts']} | {r['busy']} | "
            f"{r['retries']} ({r['floor_retries']}) | {lost} | {target} | "
            f"{'met' if r['met'] else 'NOT MET'} |")
    return "\n".join(lines)


def missed(found: list[dict]) -> list[str]:
    out = []
    for r in found:
        if r["met"]:
            continue
        what = [] if r["chain_ok"] and not r["lost"] and not r["unreported"] else ["updates lost"]
        if r["handlers"] >= AT and r["ops_ratio"] < OPS_MIN:
            what.append(f"throughput ratio >= {OPS_MIN:g}")
        if r["handlers"] >= AT and r["p99_ratio"] > P99_MAX:
            what.append(f"p99 ratio <= {P99_MAX:g}")
        out.append(f"{r['handlers']} handlers at once at {r['cases']:,} cases: {', '.join(what)}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--handlers", default=",".join(map(str, COUNTS)), help="process counts")
    ap.add_argument("--seconds", type=float, default=4, help="each round, each side")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child({"pick": child_pick, "work": child_work, "check": child_check}, args.child)
        return
    if not args.db or not (is_pg(args.db) or os.path.exists(args.db)):
        sys.exit("give --db FILE or a PostgreSQL URL")
    db = args.db if is_pg(args.db) else os.path.abspath(args.db)
    f = measure(db, [int(n) for n in args.handlers.split(",")], args.seconds, args.rounds,
                log=lambda m: print(m, file=sys.stderr))
    print(table(rows({0: {"handlers": f}})).replace("\n| 0 |", "\n| - |"))  # cases not counted here


if __name__ == "__main__":
    main()
