"""Every figure of `python -m bench` on PostgreSQL too, on a server the benchmark starts itself
(bench.pg_server, the one the tests start) and throws away at the end.

Each size's database is built on that server by the same bulk demo generator as the SQLite
ones (`casework demo --bulk` with a PostgreSQL URL: the same plan, written by the same rows
code), not copied from a SQLite file, so nothing in between can change what is measured. The
server is local (loopback TCP, fsync off as in the tests), so these figures hold no network;
the floors are psycopg running the same statements (bench.advance_rows, bench.verify's bare
loop, bench.cli_floor, what the queue sent, bench.queue_pg). With --net-delay-ms every figure
is measured again through bench.delay_proxy, a process of its own between client and server;
and how many round trips a keystroke, opening a case and an advance make (bench.round_trips).

Only the standard library is imported here, as in the parent of every benchmark.
"""

import subprocess
import sys
import time
from contextlib import contextmanager

from bench.common import ROOT
from bench.databases import LOGIN, composition_of

PARTS = ("tui", "advance", "verify", "cli")  # and handlers, whenever named (bench.handlers)


def unavailable() -> str | None:
    """Why no server can be started here, or None."""
    from bench.pg_server import PgServer

    return PgServer().available()


def build(server, cases: int, log) -> tuple[str, dict]:
    url = server.create_database(f"cases_{cases}")
    log(f"building {cases:,} cases on PostgreSQL")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casework", "--db", url, "--as", LOGIN, "demo", "--bulk",
                    "--cases", str(cases)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with server.connect(url.rsplit("/", 1)[1]) as conn:
        stats = composition_of(conn)
        stats["file_mb"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
    stats["build_s"] = time.perf_counter() - t
    return url, stats


def analyze(server, url: str) -> None:
    """As an administrator's autovacuum would have by the time anyone types: fresh statistics."""
    with server.connect(url.rsplit("/", 1)[1], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


@contextmanager
def delayed(server_port: int, delay_ms: float):
    """A bench.delay_proxy of its own process in front of the server: the port to connect to."""
    proxy = subprocess.Popen([sys.executable, "-m", "bench.delay_proxy", "--target", str(server_port),
                              "--delay-ms", str(delay_ms)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        yield int(proxy.stdout.readline())
    finally:
        proxy.terminate()
        proxy.wait()


def run(sizes: list[int], parts: set, measure_size, log, delay_ms: float | None = None,
        delayed_parts: set | None = None):
    """(figures by size, the same through `delay_ms` each way or {}, what each database holds),
    measured by `measure_size(url, parts)`; the round trips of each size beside them. Through
    the delay, only `delayed_parts` are measured again (all of `parts` when None)."""
    from bench import round_trips
    from bench.pg_server import PgServer

    server = PgServer()
    reason = server.available()
    if reason:
        raise SystemExit(f"--only pg: {reason}")
    server.start()
    try:
        by_size, slow, mixes = {}, {}, {}
        log(f"PostgreSQL server started on port {server.port} ({server.bin_dir.parent.name})")
        for cases in sorted(sizes):
            url, mixes[cases] = build(server, cases, log)
            analyze(server, url)
            by_size[cases] = measure_size(url, parts)
            if parts - {"handlers"}:
                by_size[cases]["trips"] = round_trips.measure(url, log)
            if delay_ms:
                log(f"the same through {delay_ms:g} ms each way")
                with delayed(server.port, delay_ms) as port:
                    slow[cases] = measure_size(url.replace(f":{server.port}/", f":{port}/"),
                                               parts if delayed_parts is None else delayed_parts)
        return by_size, slow, mixes
    finally:
        server.stop()
