"""The command line against the least a program can do, each call a fresh process as a council's
script makes it: `casework show REF --json`, `casework list --json` and `casework advance` beside
bench.cli_floor (click, the plain driver, the same rows printed), interleaved in one run.

Both run as an installed program runs: with their bytecode compiled (bench.common.child_env), a
private cache folder kept warm (the bank holidays), no settings file.
Each side runs once untimed first. Time is the wall clock from spawn to exit; memory the
child's own peak (os.wait4).

    python -m bench.cli --db FILE|URL [--runs 5] [--json FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, child_env, median, run_child
from bench.databases import LOGIN, scratch_copy

NOTE = "The complainant asked in writing to withdraw; reopened when new evidence arrived."
EVENTS = ("withdraw", "reopen")
READS = ("show", "show_recorded", "list")
# The newest case whose restricted papers the Monitoring Officer reads: who read them is
# recorded (casework.audit.disclosure), a write, which `show` makes the ordinary way.
RECORDED = ("SELECT c.ref FROM case_file c WHERE c.confidential OR EXISTS (SELECT 1 FROM note n "
            "WHERE n.case_id = c.id AND n.confidential) ORDER BY c.received DESC, c.ref LIMIT 1")
# The newest case with nothing restricted in it, whose read is not recorded: what `show` times.
PLAIN = ("SELECT c.ref FROM case_file c WHERE NOT c.confidential AND NOT EXISTS (SELECT 1 FROM note n "
         "WHERE n.case_id = c.id AND n.confidential) AND NOT EXISTS (SELECT 1 FROM document d "
         "WHERE d.case_id = c.id AND d.confidential) ORDER BY c.received DESC, c.ref LIMIT 1")


def environment(cache: Path) -> dict:
    env = {k: v for k, v in child_env().items() if k not in ("CASEWORK_DB", "CASEWORK_USER", "PGPASSWORD")}
    env.update(CASEWORK_CACHE_DIR=str(cache / "user-cache"), CASEWORK_CONFIG=str(cache / "no-settings.toml"))
    return env


def timed(argv: list[str], env: dict) -> tuple[float, float, float]:
    """(wall seconds, peak MB, CPU seconds) of one fresh process, which must succeed. The CPU
    time is what the process itself spent: on a machine others share it moves less than the
    wall clock, which also holds the waits for a core."""
    t = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode:
        raise SystemExit(f"{' '.join(argv[2:])} failed (exit {child.returncode}): {err.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def commands(db: str, ref: str, recorded: str) -> dict:
    """Each read as casework and as its floor."""
    ours = [sys.executable, "-m", "casework", "--db", db, "--as", LOGIN]
    floor = [sys.executable, "-m", "bench.cli_floor", "--db", db]
    return {"show": (ours + ["show", ref, "--json"], floor + ["show", ref]),
            "show_recorded": (ours + ["show", recorded, "--json"], floor + ["show", recorded]),
            "list": (ours + ["list", "--json"], floor + ["list"])}


def ref_of(db: str, query: str) -> str:
    from bench.advance_rows import connect_floor

    conn, _ = connect_floor(db)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def child_same(db: str, ref: str, recorded: str, cache: str) -> dict:
    """The floor must print what casework prints, or it is not the same work: the same open
    cases in the same order, the same case with the same history. In a child: at 100,000 cases
    the two lists parsed would lift the parent, and every later child's peak with it."""
    reads, env = commands(db, ref, recorded), environment(Path(cache))

    def printed(argv):
        return json.loads(subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                                         check=True).stdout)

    ours, floor = (printed(argv) for argv in reads["list"])
    if [r["ref"] for r in ours] != [r["ref"] for r in floor]:
        raise SystemExit("bench.cli_floor list does not list the cases casework lists")
    ours, floor = (printed(argv) for argv in reads["show"])
    if (ours["ref"], [e["seq"] for e in ours["history"]]) != (floor["ref"], [e["seq"] for e in floor["history"]]):
        raise SystemExit("bench.cli_floor show does not show the case casework shows")
    return {"same": True}


def advance_argv(db: str, ref: str, event: str, floor: bool) -> list[str]:
    if floor:
        return [sys.executable, "-m", "bench.cli_floor", "--db", db, "advance", ref, event, "--note", NOTE]
    return [sys.executable, "-m", "casework", "--db", db, "--as", LOGIN, "advance", ref, event,
            "--note", NOTE]


def measure(db: str, runs: int, log=print, cache: Path | None = None) -> dict:
    """Advances go to a scratch copy on SQLite; PostgreSQL's database is built for this run
    (bench.pg) and is its own."""
    from bench.common import is_pg, spawn

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        cache = cache or Path(tmp)
        env = environment(cache)
        if not is_pg(db):
            db = str(scratch_copy(Path(db), Path(tmp) / "scratch.db"))
        picked = spawn("advance", "pick", db, runs + 1)  # half for casework, half for the floor
        ref, recorded = ref_of(db, PLAIN), ref_of(db, RECORDED)
        reads = commands(db, ref, recorded)
        figures: dict = {name: {"ours": [], "floor": []} for name in (*READS, "advance")}
        spawn("cli", "same", db, ref, recorded, cache)  # and warm: bytecode, the bank holidays, the file cache
        for i in range(runs + 1):  # the first round warms the advance too, and is not kept
            log(f"  command line round {i + 1}/{runs + 1}")
            for name, (ours, floor) in reads.items():  # alternated, so drift hits both alike
                figures[name]["ours"].append(timed(ours, env))
                figures[name]["floor"].append(timed(floor, env))
            for event in EVENTS:
                figures["advance"]["ours"].append(timed(advance_argv(db, picked["service"][i], event, False), env))
                figures["advance"]["floor"].append(timed(advance_argv(db, picked["floor"][i], event, True), env))
    out = {"runs": runs, "ref": ref, "recorded_ref": recorded}
    for name, sides in figures.items():
        skip = 2 if name == "advance" else 1
        for side, samples in sides.items():
            kept = samples[skip:]
            out[f"{name}_{side}_s"] = median(s for s, _, _ in kept)
            out[f"{name}_{side}_peak_mb"] = median(m for _, m, _ in kept)
            out[f"{name}_{side}_cpu_s"] = median(c for _, _, c in kept)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child({"same": child_same}, args.child)
        return
    if not args.db:
        sys.exit("give --db FILE or a postgresql+psycopg:// URL")
    db = args.db if "://" in args.db else os.path.abspath(args.db)
    f = measure(db, args.runs, log=lambda m: print(m, file=sys.stderr))
    for name in (*READS, "advance"):
        print(f"{name:8} casework {f[f'{name}_ours_s']:.3f} s   minimal program "
              f"{f[f'{name}_floor_s']:.3f} s   ratio {f[f'{name}_ours_s'] / f[f'{name}_floor_s']:.2f}"
              f"{'  (target 3)' if name in READS else ''}   CPU {f[f'{name}_ours_cpu_s']:.3f} s vs "
              f"{f[f'{name}_floor_cpu_s']:.3f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(f, indent=2))


if __name__ == "__main__":
    main()
