"""Start-up to the first painted triage queue, and filter and note-search latency per
keystroke, at N cases.

Each figure is measured beside its baseline in the same run, because these machines are
noisy: start-up against a bare Textual app with the same widgets and the same number of
visible rows, and typing through the real screen against the same statements run by plain
sqlite3. Every measurement runs in a fresh process, imports included, so its peak memory is
its own.

    python -m bench.tui_queue --db /path/to/100k.db [--runs 5] [--json FILE]

Build the database first: casework --db /path/to/100k.db demo --bulk --cases 100000
(or let `python -m bench` build and cache it).
"""

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time

from bench.common import floor_connect, floor_errors, is_pg, median, p95, run_child, spawn

FILTER_KEYS = "Cllr Fi"  # typing a Member's name, one key at a time
SEARCH_KEYS = "apology"  # a word in some notes: the first two keys search them with LIKE
# Typed as the filter too: the reference of the open case with the latest deadline, the far
# end of the queue. Its first keys match every case, its last only that one, so it walks
# the queue and then goes by the indexes (casework.queue.pages.WALK_BUDGET).
TYPED = ("filter", "reference", "search")
CADENCE = 0.15  # seconds between keys: a quick typist, about 7 keys a second
SIZE = (160, 48)
LOGIN = "mo"


async def _first_page(app, pilot):
    from tui.screens.triage import TriageScreen

    while not (isinstance(app.screen, TriageScreen) and app.screen.rows):
        await pilot.pause(0.001)
    return app.screen


def child_casework(db: str, cache: str) -> dict:
    """Seconds from the process's start to the first page of the queue on screen, started as
    `casework` starts it: warm when the page is read from the statements shipped with casework
    (casework.queue.first_page, with plain sqlite3; casework.queue.first_page_pg, with psycopg
    alone) and the rest opens behind it, as every start does; cold if it went the ordinary way.
    `cache` is the user's cache folder: empty at the very first start, when the bank holidays
    are not yet kept there."""
    t0 = time.perf_counter()
    os.environ["CASEWORK_CACHE_DIR"] = cache
    from casework.atrest.passphrase import unlock

    unlock(db)  # as `casework` does before it loads the application: an encrypted copy's key
    # As casework.cli.app reads it, in a child process while the application loads: plain
    # sqlite3, or psycopg alone as whoever connected.
    from casework.queue import aside

    if is_pg(db):
        pending = aside.peek_shared_aside(db, None, LOGIN, True)
    else:
        pending = aside.peek_file_aside(db, None, LOGIN)
    from bench import frames  # imports Textual, as the application does: after the fork
    from tui.app import CaseworkApp

    frames.watch()

    def opener():
        from casework.workspace import open_workspace

        return open_workspace(db)

    found = pending()
    first = found[0] if is_pg(db) and found else found

    async def run() -> float:
        app = CaseworkApp(None if first else opener(), LOGIN, offer_demo=False, opener=opener,
                          first=first, launched=True)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _first_page(app, pilot)
            at = await frames.shown(app, lambda: screen.painted_at)
            await asyncio.to_thread(app.wait_opened)
            return at - t0

    return {"seconds": asyncio.run(run()), "warm": first is not None}


def child_bare(rows: str) -> dict:
    """The same widgets and the same visible rows, from data already in memory: the queue's
    own table widget (tui.widgets.queue_table), which imports only Textual and Rich."""
    t0, rows = time.perf_counter(), int(rows)
    from textual.app import App
    from textual.widgets import Footer, Header, Input, Static

    from bench import frames
    from tui.widgets.queue_table import Cell, QueueTable

    frames.watch()

    class Bare(App):
        def compose(self):
            yield Header()
            yield Input()
            yield QueueTable()
            yield Static("status")
            yield Footer()

        def on_mount(self):
            table = self.query_one(QueueTable)
            table.set_columns([("Reference", 14), ("Route", 8), ("Stage", 30), ("Subject", 20),
                               ("Complainant", 20), ("Handler", 12), ("Days", 5), ("Due", 10),
                               ("", 8)])
            table.set_rows([[Cell(f"MOP-2026-{i:04d}"), Cell("Member"), Cell("Investigation"),
                             Cell("Cllr A"), Cell("B"), Cell("mo"), Cell("3", right=True),
                             Cell("2026-12-01"), Cell("")] for i in range(rows)])

    async def run() -> float:
        app = Bare()
        async with app.run_test(size=SIZE):
            table = app.query_one(QueueTable)
            return await frames.shown(app, lambda: table.drawn_at) - t0

    return {"seconds": asyncio.run(run())}


def far_reference(db: str) -> str:
    conn = floor_connect(db)
    ref = conn.execute("SELECT ref FROM case_file WHERE is_open ORDER BY next_due DESC NULLS LAST, id DESC "
                       "LIMIT 1").fetchone()[0]
    conn.close()
    return ref


def child_far(db: str) -> dict:
    """far_reference in a child: the parent imports no driver (psycopg would lift every later
    child's peak memory, bench.common)."""
    return {"ref": far_reference(db)}


def _keys(ref: str) -> dict:
    return {"filter": (FILTER_KEYS, False), "reference": (ref, False), "search": (SEARCH_KEYS, True)}


def child_typing(db: str, ref: str, pages_file: str = "") -> dict:
    """A typed character to the new page on screen, through the real triage screen, with
    keys CADENCE apart as a person types them: first the filter, then, with notes searched
    (ctrl+f), a word from the notes. Characters go straight into the filter box: Pilot's own
    key delivery waits for idle frames and would add its pauses to every figure. With
    `pages_file`, the page drawn for each key is kept there, for bench.tui_bare's floor."""
    from bench import frames
    from bench.tui_bare import lines_of
    from casework.workspace import open_workspace
    from tui.app import CaseworkApp

    frames.watch()

    kept = {"pages": {}, "keys": {name: keys for name, (keys, _) in _keys(ref).items()}}

    async def until_new_page(screen, change) -> float:
        """To the refresh that draws the new page, as a person sees it, not only to the
        moment its rows reach the screen object."""
        before, t = screen.rows, time.perf_counter()
        change()
        return await frames.new_page_shown(screen.app, t, lambda: screen.rows is not before,
                                           lambda: screen.painted_at)

    async def type_into(screen, box, keys: str, pages: list) -> list[float]:
        times = []
        for key in keys:
            times.append(await until_new_page(screen, lambda: box.insert_text_at_cursor(key)))
            if pages_file:  # after the figure is taken, inside the pause before the next key
                pages.append(lines_of(screen.query_one("#queue")))
            await asyncio.sleep(max(0.0, CADENCE - times[-1]))
        return times

    async def run() -> dict:
        # As `casework` starts it, for a working session (the collector tuned for typing).
        app = CaseworkApp(open_workspace(db), LOGIN, offer_demo=False, launched=True)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _first_page(app, pilot)
            await asyncio.to_thread(app.wait_opened)
            await pilot.press("slash")
            box = screen.query_one("#filter")
            table = screen.query_one("#queue")
            kept.update(columns=table.columns, first=lines_of(table))
            out = {}
            for name, (keys, notes) in _keys(ref).items():
                if box.value:
                    await until_new_page(screen, lambda: setattr(box, "value", ""))
                if notes:
                    await until_new_page(screen, screen.action_search_notes)
                await asyncio.sleep(CADENCE)
                out[name] = await type_into(screen, box, keys, kept["pages"].setdefault(name, []))
        return out

    out = asyncio.run(run())
    if pages_file:
        with open(pages_file, "w") as f:
            json.dump(kept, f)
    return out


def _statements(db: str, keys: str, notes: bool) -> list[tuple[bool, list[str], list[str]]]:
    """The statements the queue runs for each keystroke, compiled once to SQL text: whether it
    walks the queue first, the walking pair (new complaints, the rest) and the indexed pair."""
    from sqlalchemy import select

    from casework.access.actors import acting_user
    from casework.queue.pages import CaseQuery, _fts, walks_first
    from casework.queue.statements import _columns, _filtered
    from casework.transaction import read
    from casework.workspace import open_workspace
    from db.models import Case

    ws = open_workspace(db)
    out = []
    s = read(ws.engine)
    user = acting_user(s, LOGIN)
    for n in range(1, len(keys) + 1):
        query = CaseQuery(text=keys[:n], notes=notes)
        pairs = []
        for by_index in (False, True):
            base = _filtered(select(*_columns()), query, user, ws.today(), _fts(ws), by_index)
            new = base.where(Case.state == "received").order_by(Case.received.desc(), Case.ref)
            rest = base.where(Case.state != "received").order_by(
                Case.next_due, Case.received.desc(), Case.ref)
            pairs.append([str(q.limit(100).compile(ws.engine, compile_kwargs={"literal_binds": True}))
                          for q in (new, rest)])
        out.append((walks_first(query, _fts(ws)), *pairs))
    s.close()
    ws.engine.dispose()
    return out


def _plain_page(conn: sqlite3.Connection, walks: bool, walk: list[str], indexed: list[str]) -> None:
    """As the queue finds a page: walking the queue within the same allowance of SQLite's work,
    then through the indexes; the new complaints first, the rest filling the page."""
    from casework.queue.pages import WALK_BUDGET

    def run(new_sql, rest_sql):
        if len(conn.execute(new_sql).fetchall()) < 100:
            conn.execute(rest_sql).fetchall()

    if walks:
        spent = []  # as casework.queue.pages.budget: a quarter of the allowance at a time, all statements together
        conn.set_progress_handler(lambda: spent.append(1) or len(spent) >= 4, WALK_BUDGET * 250)
        try:
            return run(*walk)
        except floor_errors():
            if len(spent) < 4:
                raise
        finally:
            conn.set_progress_handler(None, 0)
        return run(*indexed)
    return run(*walk)


def child_plain(db: str, runs: str, ref: str) -> dict:
    """The floor: each keystroke's statements run by plain sqlite3. Beside it, the queue
    service alone (casework.queue.pages.page, no screen), which splits the screen's figure into
    what the database, the ORM and the screen each add."""
    from casework.queue.pages import CaseQuery, page
    from casework.workspace import open_workspace

    ws = open_workspace(db)
    conn = floor_connect(db)
    conn.execute("PRAGMA cache_size=-32000")  # as casework's own connections
    out = {}
    for name, (keys, notes) in _keys(ref).items():
        plain, service = [], []
        statements = _statements(db, keys, notes)
        for n in range(1, len(keys) + 1):  # each statement built and compiled once, untimed
            page(ws, LOGIN, CaseQuery(text=keys[:n], notes=notes))
        for _ in range(int(runs)):
            for walks, walk, indexed in statements:
                t = time.perf_counter()
                _plain_page(conn, walks, walk, indexed)
                plain.append(time.perf_counter() - t)
            for n in range(1, len(keys) + 1):
                t = time.perf_counter()
                page(ws, LOGIN, CaseQuery(text=keys[:n], notes=notes))
                service.append(time.perf_counter() - t)
        out[name], out[f"service_{name}"] = plain, service
    return out


def measure(db: str, runs: int, log=print) -> dict:
    """Start-ups interleaved with bare ones, so drift in the machine hits both alike; then
    `runs` typing sessions, each in a fresh process, and the plain statements."""
    ours, bare, pg = [], [], is_pg(db)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        log("  start-up, the very first (nothing in the cache folder)")
        cold = spawn("tui_queue", "casework", db, cache)
        for i in range(runs):
            log(f"  start-up {i + 1}/{runs}")
            ours.append(spawn("tui_queue", "casework", db, cache))
            bare.append(spawn("tui_queue", "bare", 100))
    if not all(r["warm"] for r in (cold, *ours)):
        raise SystemExit("every start, the very first included, should read its first page from "
                         "the statements shipped with casework; one went the ordinary way")
    sessions, bare_sessions, ref = [], [], spawn("tui_queue", "far", db)["ref"]
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as kept:
        pages = os.path.join(kept, "pages.json")  # the first session's pages, for the bare app
        for i in range(runs):  # alternated, so drift in the machine hits both alike
            log(f"  typing session {i + 1}/{runs}, and the same keys in a bare Textual app")
            sessions.append(spawn("tui_queue", "typing", db, ref, pages if i == 0 else ""))
            bare_sessions.append(spawn("tui_bare", "typing", pages))
    plain = spawn("tui_queue", "plain_pg" if pg else "plain", db, runs, ref)
    out = {
        "startup_s": median(r["seconds"] for r in ours), "startup_cold_s": cold["seconds"],
        "bare_startup_s": median(r["seconds"] for r in bare),
        "startup_peak_mb": median(r["peak_mb"] for r in ours),
        "typing_peak_mb": median(r["peak_mb"] for r in sessions),
        "bare_peak_mb": median(r["peak_mb"] for r in bare),
        "bare_typing_peak_mb": median(r["peak_mb"] for r in bare_sessions),
        "keys_per_figure": {name: keys for name, (keys, _) in _keys(ref).items()}, "runs": runs,
    }
    for name in TYPED:
        typed = [t for s in sessions for t in s[name]]
        floor = [t for s in bare_sessions for t in s[name]]
        for label, xs in (("", typed), ("bare_", floor), ("plain_", plain[name]),
                          ("service_", plain[f"service_{name}"])):
            out[f"{label}{name}_median_ms"] = 1000 * median(xs)
            out[f"{label}{name}_p95_ms"] = 1000 * p95(xs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        from bench.queue_pg import child_plain_pg

        run_child({"casework": child_casework, "bare": child_bare, "typing": child_typing,
                   "plain": child_plain, "plain_pg": child_plain_pg, "far": child_far}, args.child)
        return
    if not args.db or not os.path.exists(args.db):
        sys.exit("give --db FILE, a database built with: casework --db FILE demo --bulk --cases 100000")
    f = measure(os.path.abspath(args.db), args.runs, log=lambda m: print(m, file=sys.stderr))
    print(f"start-up to first queue  {f['startup_s']:.3f} s   bare Textual app "
          f"{f['bare_startup_s']:.3f} s   ratio {f['startup_s'] / f['bare_startup_s']:.2f}  (target 1.5)   "
          f"the very first start {f['startup_cold_s']:.3f} s")
    for name in TYPED:
        print(f"{name} per keystroke to the page drawn ({CADENCE * 1000:.0f} ms apart)  median "
              f"{f[f'{name}_median_ms']:.1f} ms  p95 {f[f'{name}_p95_ms']:.1f} ms  (target 50)   bare Textual "
              f"typing the same keys and rows: median {f[f'bare_{name}_median_ms']:.1f} ms, p95 "
              f"{f[f'bare_{name}_p95_ms']:.1f} ms (ratios {f[f'{name}_median_ms'] / f[f'bare_{name}_median_ms']:.2f}, "
              f"{f[f'{name}_p95_ms'] / f[f'bare_{name}_p95_ms']:.2f}; target 1.3)   "
              f"queue service alone {f[f'service_{name}_median_ms']:.1f} ms   plain sqlite3 "
              f"{f[f'plain_{name}_median_ms']:.1f} ms   ratio "
              f"{f[f'service_{name}_median_ms'] / f[f'plain_{name}_median_ms']:.2f}  (target 3)")
    print(f"peak memory  start-up {f['startup_peak_mb']:.0f} MB, typing {f['typing_peak_mb']:.0f} MB, "
          f"bare app {f['bare_peak_mb']:.0f} MB  (target 150)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(f, out, indent=2)


if __name__ == "__main__":
    main()
