"""What the benchmarks share: measurements run in child processes that report their own peak
memory, and the statistics they are summarised with.

Only the standard library is imported here, so a parent that imports this module stays small.
On Linux a child's ru_maxrss starts from its parent's resident size at exec, so a parent that
had imported casework would lift every child's peak to its own.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


# Where the children's bytecode is kept. An installed casework has its modules compiled (pip
# does it on install), so a start measured must not compile them: with PYTHONDONTWRITEBYTECODE
# in the environment (as on these machines) every child would compile casework's ~200 modules
# afresh, which is most of a start. The children write and read their bytecode here instead,
# and `compiled` fills it before anything is timed.
PYCACHE = Path(tempfile.gettempdir()) / f"casework-bench-pycache-{os.getuid()}"


def child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def compiled() -> None:
    """Compiles casework, the tests' bench and the libraries into PYCACHE, as an install does."""
    import site

    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", "casework", "db", "tui", "bench",
                    *site.getsitepackages()], cwd=ROOT, env=child_env(), check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def spawn(module: str, *args) -> dict:
    """Runs `python -m bench.MODULE --child ARGS...` and returns the JSON it printed last."""
    done = subprocess.run([sys.executable, "-m", f"bench.{module}", "--child", *map(str, args)],
                          stdout=subprocess.PIPE, text=True, cwd=ROOT, env=child_env())
    if done.returncode:
        sys.exit(f"bench.{module} child {args[0] if args else ''} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(kinds: dict, argv: list[str]) -> None:
    """The child's side of spawn: runs one measurement and prints it with the process's peak."""
    kind, *rest = argv
    result = kinds[kind](*rest)
    if isinstance(result, dict):
        result.setdefault("peak_mb", peak_mb())
    print(json.dumps(result))


def is_pg(db: str) -> bool:
    return db.startswith("postgresql")


def floor_connect(db: str, readonly: bool = False, **kwargs):
    """A floor's own connection: plain sqlite3, or for the encrypted copy (python -m bench
    --encrypted) SQLCipher with CASEWORK_DB_PASSPHRASE, so the floor decrypts as casework does;
    on PostgreSQL (bench.pg) psycopg in autocommit, so BEGIN and COMMIT are the caller's."""
    if is_pg(db):
        from bench.advance_rows import connect_floor

        return connect_floor(db)[0]
    from db import cipher

    key = os.environ.get("CASEWORK_DB_PASSPHRASE") if cipher.encrypted(Path(db)) else None
    return cipher.connect(Path(db), key, readonly=readonly, **kwargs)


def floor_errors() -> tuple:
    from db import cipher

    return cipher.errors()


def median(xs) -> float:
    return statistics.median(xs)


def p95(xs) -> float:
    """The nearest-rank 95th percentile: with 35 samples, the second slowest."""
    xs = sorted(xs)
    return xs[max(0, round(0.95 * len(xs)) - 1)]


def percentile(xs, q: float) -> float:
    """The nearest-rank q-th percentile (p95 is percentile(xs, 95))."""
    xs = sorted(xs)
    return xs[max(0, min(len(xs), round(q / 100 * len(xs))) - 1)]
