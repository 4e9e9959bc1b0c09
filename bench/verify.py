"""`casework audit verify` over the whole trail against a bare hash-chain loop over the same
rows, in the same run.

The bare loop is the floor: the same columns read in order by plain sqlite3, each event's
hash recomputed with json and hashlib in a plain loop, each link checked against the one
before and the last against the recorded head; then the live rows against the trail, as
`audit verify` checks them (bench.verify_rows). Each side runs in its own process, so its
peak memory is its own; only the check is timed, not the imports.

    python -m bench.verify --db FILE [--runs 3] [--json FILE]
"""

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from bench.common import floor_connect, median, run_child, spawn
from bench.databases import LOGIN
from bench.verify_rows import rows_hold


def child_service(db: str) -> dict:
    from casework.audit.log import verify_all
    from casework.workspace import open_workspace

    ws = open_workspace(db)
    t = time.perf_counter()
    result = verify_all(ws, LOGIN)
    seconds = time.perf_counter() - t
    if not result.ok:
        raise SystemExit(result.message)
    return {"seconds": seconds, "events": result.checked}


def child_bare(db: str) -> dict:
    conn = floor_connect(db, readonly=True)
    dumps, sha256 = json.dumps, hashlib.sha256
    t = time.perf_counter()
    prev, expected = "0" * 64, 1
    for seq, at, actor, action, case, source, target, data, prev_hash, digest in conn.execute(
            "SELECT seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash, hash "
            "FROM audit_event ORDER BY seq"):
        body = dumps({"seq": seq, "at": at, "actor": actor, "action": action, "case": case,
                      "from": source, "to": target, "data": data, "prev": prev_hash},
                     sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if seq != expected or prev_hash != prev or sha256(body.encode()).hexdigest() != digest:
            raise SystemExit(f"bare loop: the chain breaks at event {seq}")
        prev, expected = digest, seq + 1
    if conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone() != (expected - 1, prev):
        raise SystemExit("bare loop: the chain does not end at the recorded head")
    if not rows_hold(conn):
        raise SystemExit("bare loop: the rows are not as the trail recorded them")
    return {"seconds": time.perf_counter() - t, "events": expected - 1}


def measure(db: str, runs: int, log=print) -> dict:
    ours, bare = [], []
    for i in range(runs):  # alternated, so drift in the machine hits both alike
        log(f"  audit verify run {i + 1}/{runs}")
        ours.append(spawn("verify", "service", db))
        bare.append(spawn("verify", "bare", db))
    s, b = median(r["seconds"] for r in ours), median(r["seconds"] for r in bare)
    events = ours[0]["events"]
    return {
        "events": events, "runs": runs, "verify_s": s, "bare_s": b, "ratio": s / b,
        "events_per_s": events / s, "bare_events_per_s": events / b,
        "peak_mb": median(r["peak_mb"] for r in ours), "bare_peak_mb": median(r["peak_mb"] for r in bare),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child({"service": child_service, "bare": child_bare}, args.child)
        return
    if not args.db or not os.path.exists(args.db):
        sys.exit("give --db FILE, a database built with: casework --db FILE demo --bulk --cases 100000")
    f = measure(os.path.abspath(args.db), args.runs, log=lambda m: print(m, file=sys.stderr))
    print(f"audit verify, {f['events']:,} events  {f['verify_s']:.2f} s ({f['events_per_s']:,.0f}/s)   "
          f"bare loop {f['bare_s']:.2f} s ({f['bare_events_per_s']:,.0f}/s)   ratio {f['ratio']:.2f}  (target 2)")
    print(f"peak memory  verify {f['peak_mb']:.0f} MB, bare loop {f['bare_peak_mb']:.0f} MB")
    if args.json:
        Path(args.json).write_text(json.dumps(f, indent=2))


if __name__ == "__main__":
    main()
