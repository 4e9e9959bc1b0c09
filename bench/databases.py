"""Benchmark databases of N cases from the bulk demo generator, built once and kept.

A database is named by its size and a digest of the code that shapes it (the generator, the
tables and the migrations), so a change to any of them builds afresh instead of measuring a
database the code no longer writes. Builds run in a child process (`casework demo --bulk`),
into a temporary name that is renamed only when complete.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT

SHAPERS = ["casework/demo/*.py", "db/models.py", "db/schema.py", "db/migrations/versions/*.py"]
LOGIN = "mo"  # the demo's Monitoring Officer; every benchmark acts as them


def generator_version() -> str:
    digest = hashlib.sha256()
    for pattern in SHAPERS:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def cached(cache: Path, cases: int, log=print) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"cases-{cases}-{generator_version()}.db"
    if path.exists() and path.with_suffix(".json").exists():
        return path
    part = path.with_suffix(".building")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    log(f"building {path.name} ({cases:,} cases; kept for later runs)")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casework", "--db", str(part), "--as", LOGIN, "demo",
                    "--bulk", "--cases", str(cases)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The last connection to close folds the WAL into the file: one file is safe to rename.
    conn = sqlite3.connect(part)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stats = composition(part)
    stats["build_s"] = time.perf_counter() - t
    for side in (Path(f"{part}-wal"), Path(f"{part}-shm")):  # empty once every reader closed
        side.unlink(missing_ok=True)
    path.with_suffix(".json").write_text(json.dumps(stats, indent=2))
    os.replace(part, path)
    return path


def composition(db: Path) -> dict:
    """What the generator made, per case, to compare with the issue's realistic mix."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stats = composition_of(conn)
    conn.close()
    stats["file_mb"] = db.stat().st_size / 2**20
    return stats


def composition_of(conn) -> dict:
    """As composition, on any connection whose execute takes bare SQL (sqlite3, psycopg)."""
    def one(sql: str):
        return conn.execute(sql).fetchone()[0]

    cases = one("SELECT count(*) FROM case_file")
    events = one("SELECT count(*) FROM audit_event")
    case_events = one("SELECT count(*) FROM audit_event WHERE case_ref IS NOT NULL")
    stats = {
        "cases": cases, "open": one("SELECT count(*) FROM case_file WHERE is_open"),
        "events": events, "notes": one("SELECT count(*) FROM note"),
        "documents": one("SELECT count(*) FROM document"),
        "routes": dict(conn.execute("SELECT route, count(*) FROM case_file GROUP BY route")),
        "states": dict(conn.execute("SELECT state, count(*) FROM case_file GROUP BY state "
                                    "ORDER BY count(*) DESC")),
    }
    per = max(cases, 1)
    stats.update(events_per_case=case_events / per, notes_per_case=stats["notes"] / per,
                 documents_per_case=stats["documents"] / per)
    return stats


def describe(stats: dict) -> str:
    routes = ", ".join(f"{n:,} {r}" for r, n in sorted(stats["routes"].items()))
    return (f"{stats['cases']:,} cases ({routes}; {stats['open']:,} open), "
            f"{stats['events']:,} audit events; per case {stats['events_per_case']:.1f} events, "
            f"{stats['notes_per_case']:.1f} notes, {stats['documents_per_case']:.1f} documents; "
            f"{stats['file_mb']:.0f} MB")


def far_from_mix(stats: dict) -> list[str]:
    """The issue asks for about 10 events and 3 notes a case; say so when the generator drifts."""
    out = []
    for key, want in (("events_per_case", 10), ("notes_per_case", 3)):
        if not 0.5 * want <= stats[key] <= 1.5 * want:
            out.append(f"{key.replace('_', ' ')} is {stats[key]:.1f}, far from about {want}")
    return out


def scratch_copy(db: Path, dest: Path) -> Path:
    """A copy to write on, so the cached database stays as the generator left it."""
    shutil.copyfile(db, dest)
    wal = Path(f"{db}-wal")
    if wal.exists():  # a reader still open elsewhere; its log holds committed pages
        shutil.copyfile(wal, f"{dest}-wal")
    return dest
