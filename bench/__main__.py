"""All the benchmarks at council scale and beyond, each figure beside its baseline.

    python -m bench [--sizes 1000,10000,100000] [--cache DIR] [--json FILE] [--quick] [--encrypted]
                    [--only tui,advance,verify,bundle,cli,handlers,pg] [--net-delay-ms 1 [--delayed PARTS]]
                    [--handlers 2,4,8]

Databases of each size come from the bulk demo generator and are kept under --cache, named
by size and by a digest of the generator, so a re-run measures at once. Every measurement
runs in its own process and reports that process's peak memory; this parent imports only the
standard library, so it does not lift the children's peaks (see bench.common). With pg, the
same figures on PostgreSQL, on a server this run starts (bench.pg). Many handlers at once
(bench.handlers) are measured on SQLite and on PostgreSQL whenever named, pg or not: sharing one
database among several handlers is what PostgreSQL is for.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from bench import advance, bundle, cli, common, databases, encryption, handlers, pg, report, tui_queue, verify

PARTS = ("tui", "advance", "verify", "bundle", "cli", "handlers", "pg")
# (runs of each figure, cases advanced per run, bundle sizes in pages, seconds each round of
# handlers works and how many rounds, alternated with the floor's)
FULL = {"tui": 5, "advance": 3, "advance_cases": 50, "verify": 3, "bundle": 3,
        "bundle_pages": [500, 5000], "cli": 5, "handlers_s": 4,
        "handlers_rounds": 3}
QUICK = {"tui": 1, "advance": 1, "advance_cases": 10, "verify": 1, "bundle": 1,
         "bundle_pages": [500], "cli": 1, "handlers_s": 2,
         "handlers_rounds": 1}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_size(db: Path, plan: dict, parts: set) -> dict:
    out = {}
    if "tui" in parts:
        log("TUI start-up, filter and note search")
        out["tui"] = tui_queue.measure(str(db), plan["tui"], log)
    if "advance" in parts:
        log("advancing cases")
        out["advance"] = advance.measure(str(db), plan["advance_cases"], plan["advance"], log)
    if "verify" in parts:
        log("audit verify")
        out["verify"] = verify.measure(str(db), plan["verify"], log)
    if "cli" in parts:
        log("the command line, each call a fresh process")
        out["cli"] = cli.measure(str(db), plan["cli"], log)
    if "handlers" in parts:  # last: it leaves some of its cases withdrawn
        log("many handlers at once")
        out["handlers"] = handlers.measure(str(db), plan["handlers"], plan["handlers_s"],
                                           plan["handlers_rounds"], log)
    return out


def print_tables(found: list, grown: list, first_gap: bool = True) -> None:
    """A set of figures: the table beside the baselines, then how each grows with size."""
    if first_gap:
        print()
    print(report.table(found))
    print()
    print(report.growth_table(grown))


def bundle_misses(bundles: dict) -> list[str]:
    out = []
    for r in bundles["results"]:
        if not r["time_met"]:
            out.append(f"hearing bundle of ~{r['size']:,} pages: time ratio <= {bundles['time_target']:g}")
        if r.get("memory_met") is False:
            out.append(f"hearing bundle of ~{r['size']:,} pages: memory grows faster than the output")
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", help="cases per database, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--cache", default="/tmp/casework-bench", type=Path,
                    help="where the databases are kept between runs (default %(default)s)")
    ap.add_argument("--json", type=Path, help="also write every figure here, to compare commits")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 1,000 cases, one run of each")
    ap.add_argument("--only", default=",".join(PARTS),
                    help=f"some of {','.join(PARTS)}; pg measures the others named on PostgreSQL too "
                         f"(pg alone: {','.join(pg.PARTS)} on PostgreSQL only)")
    ap.add_argument("--net-delay-ms", type=float, metavar="MS",
                    help="with pg: every PostgreSQL figure again through a proxy adding MS each way")
    ap.add_argument("--delayed", metavar="PARTS",
                    help=f"with --net-delay-ms: only these of {','.join(pg.PARTS)} again through the "
                         "proxy (default: every part measured on PostgreSQL)")
    ap.add_argument("--handlers", default="2,4,8", metavar="N,N",
                    help="with handlers: how many processes work at once, each count in turn (default %(default)s)")
    ap.add_argument("--no-compile", action="store_true",
                    help="skip compiling every library first (a smoke run: each child then compiles "
                         "what it imports, and the first child's figures include that)")
    ap.add_argument("--encrypted", action="store_true",
                    help="also measure an encrypted copy of each database and print what encryption costs")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("1000" if args.quick else "1000,10000,100000")).split(",")]
    plan, parts = dict(QUICK if args.quick else FULL), set(args.only.split(","))
    plan["handlers"] = [int(n) for n in args.handlers.split(",")]
    if parts - set(PARTS):
        ap.error(f"--only: unknown part {', '.join(sorted(parts - set(PARTS)))}")
    on_pg = (parts & set(pg.PARTS)) or set(pg.PARTS) if "pg" in parts else set()
    delayed = set(args.delayed.split(",")) if args.delayed else None
    if delayed is not None and not delayed <= on_pg:
        ap.error(f"--delayed: {', '.join(sorted(delayed - on_pg))} is not measured on PostgreSQL here")
    started = time.perf_counter()
    if not args.no_compile:
        log("compiling casework and its libraries, as an install does")
        common.compiled()
    by_size, mixes, locked = {}, {}, {}
    pg_named = "pg" in parts
    if "handlers" in parts:
        on_pg = on_pg | {"handlers"}
    if parts == {"pg"}:
        parts = set()  # nothing on SQLite
    for cases in sorted(sizes) if parts - {"bundle", "pg"} else ():
        db = databases.cached(args.cache, cases, log)
        mixes[cases] = json.loads(db.with_suffix(".json").read_text())
        log(f"{db.name}: {databases.describe(mixes[cases])}")
        by_size[cases] = measure_size(db, plan, parts)
        if args.encrypted:
            log("the same on an encrypted copy")
            with encryption.passphrase_given():
                locked[cases] = measure_size(encryption.encrypted_copy(db, log), plan, parts)
    pg_sizes, pg_slow, pg_mixes = {}, {}, {}
    # Asked after SQLite's figures: finding out imports psycopg, which would lift their peaks.
    pg_skipped = pg.unavailable() if on_pg and not pg_named else None
    if pg_skipped:
        log(f"many handlers on PostgreSQL not measured: {pg_skipped}")
    elif on_pg:
        pg_sizes, pg_slow, pg_mixes = pg.run(sizes, on_pg, lambda url, p: measure_size(url, plan, p),
                                             log, args.net_delay_ms, delayed)
    bundles = None
    if "bundle" in parts:
        log("hearing bundles")
        bundles = bundle.run(plan["bundle_pages"], plan["bundle"], log)

    found, grown = report.rows(by_size), report.growth(by_size)
    machine = report.machine()
    print(f"\ncasework benchmarks on {report.describe_machine(machine)}")
    print(f"runs: {plan}; {time.perf_counter() - started:.0f} s in all\n")
    for cases, mix in sorted(mixes.items()):
        print(f"- {databases.describe(mix)}")
        for warning in databases.far_from_mix(mix):
            print(f"  NOTE: {warning}")
    if found:
        print_tables(found, grown)
    pg_found, pg_grown = report.rows(pg_sizes, "psycopg"), report.growth(pg_sizes)
    if pg_sizes:
        print("\non PostgreSQL (a server this run started, on loopback: no network delay), each "
              "floor psycopg running the same statements")
        for cases, mix in sorted(pg_mixes.items()):
            print(f"- {databases.describe(mix)}")
        if pg_found:
            print_tables(pg_found, pg_grown)
    slow_found, slow_grown = report.rows(pg_slow, "psycopg"), report.growth(pg_slow)
    if slow_found:
        print(f"\non PostgreSQL through a proxy adding {args.net_delay_ms:g} ms each way "
              "(bench.delay_proxy, its own process on the same two cores)\n")
        print_tables(slow_found, slow_grown, first_gap=False)
    if bundles:
        print(f"\nhearing bundle against a bare pikepdf merge, {bundles['runs']} run(s) each")
        print(bundle.table(bundles["results"]))
    costs = None
    if locked:
        costs = encryption.compare(by_size, locked)
        print("\nencryption at rest: each figure on the plain database and on its encrypted copy")
        print(encryption.table(costs))
    many = {"SQLite": handlers.rows(by_size), "SQLite, encrypted": handlers.rows(locked),
            "PostgreSQL": handlers.rows(pg_sizes),
            f"PostgreSQL, {args.net_delay_ms or 0:g} ms each way": handlers.rows(pg_slow)}
    for where, found_here in many.items():
        if found_here:
            print(f"\nmany handlers at once on {where}, each process on cases of its own, "
                  f"{plan['handlers_rounds']} round(s) of {plan['handlers_s']} s alternated with plain "
                  "driver statements doing the same")
            print(handlers.table(found_here))
    if pg_skipped and many["SQLite"]:
        print(f"(not on PostgreSQL: {pg_skipped})")
    missed = report.missed(found, grown) + (bundle_misses(bundles) if bundles else [])
    missed += [f"{m} ({where})" for where, found_here in many.items() for m in handlers.missed(found_here)]
    missed += [f"{m} (PostgreSQL)" for m in report.missed(pg_found, pg_grown)]
    missed += [f"{m} (PostgreSQL, {args.net_delay_ms:g} ms each way)"
               for m in report.missed(slow_found, slow_grown)]
    if locked:
        missed += [f"{m} (encrypted)" for m in report.missed(report.rows(locked), report.growth(locked))]
    print("\ntargets missed: " + ("none" if not missed else "\n- " + "\n- ".join(missed)))
    result = {
        "machine": machine, "plan": plan, "sizes": sizes, "generator": databases.generator_version(),
        "databases": {str(n): m for n, m in mixes.items()},
        "figures": {str(n): f for n, f in by_size.items()},
        "rows": [{k: v for k, v in r.items() if k != "_row"} for r in found],
        "growth": grown, "bundle": bundles, "missed": missed,
        "handlers": {where: found_here for where, found_here in many.items() if found_here} or None,
        "encrypted": {str(n): f for n, f in locked.items()} or None, "encryption_cost": costs,
        "postgresql": {"databases": {str(n): m for n, m in pg_mixes.items()},
                       "figures": {str(n): f for n, f in pg_sizes.items()},
                       "rows": [{k: v for k, v in r.items() if k != "_row"} for r in pg_found],
                       "growth": pg_grown,
                       "delayed": {"ms_each_way": args.net_delay_ms,
                                   "figures": {str(n): f for n, f in pg_slow.items()},
                                   "rows": [{k: v for k, v in r.items() if k != "_row"}
                                            for r in slow_found]} if pg_slow else None,
                       } if pg_sizes else None,
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
