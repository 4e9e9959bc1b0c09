"""Start-up to the first painted triage queue, and filter latency per keystroke, at N cases.

Each figure is measured beside its baseline in the same run, because these machines are
noisy: start-up against a bare Textual app with the same widgets and the same number of
visible rows (each in a fresh process, imports included), and filtering through the real
screen against the same query written in plain sqlite3.

    python bench/tui_queue.py --db /path/to/100k.db [--runs 5]

Build the database first: casework --db /path/to/100k.db demo --bulk --cases 100000
"""

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["C", "l", "l", "r", " ", "F", "i"]  # typing a Member's name, one key at a time
CADENCE = 0.15  # seconds between keys: a quick typist, about 7 keys a second


def child_casework(db: str) -> float:
    """In a fresh process: seconds from start to the first page of the queue on screen."""
    t0 = time.perf_counter()
    sys.path.insert(0, ROOT)
    from casework.workspace import open_workspace
    from tui.app import CaseworkApp
    from tui.screens.triage import TriageScreen

    async def run() -> float:
        app = CaseworkApp(open_workspace(db), "mo", offer_demo=False)
        async with app.run_test(size=(160, 48)) as pilot:
            while not (isinstance(app.screen, TriageScreen) and app.screen.rows):
                await pilot.pause(0.001)
            await pilot.pause()  # the frame with the rows in it
            return time.perf_counter() - t0

    return asyncio.run(run())


def child_bare(rows: int) -> float:
    """The same widgets and the same visible rows, from data already in memory."""
    t0 = time.perf_counter()
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header, Input, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Input()
            yield DataTable()
            yield Static("status")
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Reference", "Route", "Stage", "Subject", "Complainant",
                              "Handler", "Days", "Due", "")
            table.add_rows([(f"MOP-2026-{i:04d}", "Member", "Investigation", "Cllr A", "B",
                             "mo", "3", "2026-12-01", "") for i in range(rows)])

    async def run() -> float:
        app = Bare()
        async with app.run_test(size=(160, 48)) as pilot:
            while app.query_one(DataTable).row_count < rows:
                await pilot.pause(0.001)
            await pilot.pause()
            return time.perf_counter() - t0

    return asyncio.run(run())


def spawn(kind: str, arg: str) -> float:
    out = subprocess.run([sys.executable, __file__, "--child", kind, arg], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def filter_latency(db: str) -> list[float]:
    """A typed character to the new page on screen, through the real triage screen, with
    keys CADENCE apart as a person types them. The character goes straight into the filter
    box: Pilot's own key delivery waits for idle frames and would add its pauses to every
    figure."""
    sys.path.insert(0, ROOT)
    from casework.workspace import open_workspace
    from tui.app import CaseworkApp
    from tui.screens.triage import TriageScreen

    async def run() -> list[float]:
        app = CaseworkApp(open_workspace(db), "mo", offer_demo=False)
        times = []
        async with app.run_test(size=(160, 48)) as pilot:
            while not (isinstance(app.screen, TriageScreen) and app.screen.rows):
                await pilot.pause(0.001)
            screen = app.screen
            await pilot.press("slash")
            box = screen.query_one("#filter")
            for key in KEYS:
                before = screen.rows
                t = time.perf_counter()
                box.insert_text_at_cursor(key)
                while screen.rows is before:
                    await asyncio.sleep(0.001)  # not 0: a busy loop would starve the worker
                times.append(time.perf_counter() - t)
                await asyncio.sleep(max(0.0, CADENCE - (time.perf_counter() - t)))
        return times

    return asyncio.run(run())


def plain_filter(db_path: str) -> list[float]:
    """The statements the queue runs for each keystroke, compiled once to SQL text and run
    by plain sqlite3: the floor under the service, its ORM and the screen."""
    sys.path.insert(0, ROOT)
    from sqlalchemy import func, select

    from casework.actors import acting_user
    from casework.queue import CaseQuery, _columns, _filtered
    from casework.transaction import read
    from casework.workspace import open_workspace
    from db.models import Case

    ws = open_workspace(db_path)
    with read(ws.engine) as s:
        user = acting_user(s, "mo")
    statements, typed = [], ""
    for key in KEYS:
        typed += key
        base = _filtered(select(*_columns()), CaseQuery(text=typed), user, ws.today())
        new = base.where(Case.state == "received")
        rest = base.where(Case.state != "received").order_by(
            Case.next_due, Case.received.desc(), Case.ref).limit(100)
        statements.append([
            str(q.compile(ws.engine, compile_kwargs={"literal_binds": True}))
            for q in (select(func.count()).select_from(new.subquery()),
                      new.order_by(Case.received.desc(), Case.ref).limit(100), rest)
        ])
    conn = sqlite3.connect(db_path)
    times = []
    for count_sql, new_sql, rest_sql in statements:
        t = time.perf_counter()
        conn.execute(count_sql).fetchall()
        if len(conn.execute(new_sql).fetchall()) < 100:  # as the queue: the rest fills the page
            conn.execute(rest_sql).fetchall()
        times.append(time.perf_counter() - t)
    return times


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    if args.child:
        kind, arg = args.child
        print(child_casework(arg) if kind == "casework" else child_bare(int(arg)))
        return
    if not args.db or not os.path.exists(args.db):
        sys.exit("give --db FILE, a database built with: casework --db FILE demo --bulk --cases 100000")
    conn = sqlite3.connect(args.db)
    cases = conn.execute("SELECT count(*) FROM case_file").fetchone()[0]
    conn.close()
    ours, bare = [], []
    for _ in range(args.runs):  # interleaved, so drift in the machine hits both alike
        ours.append(spawn("casework", args.db))
        bare.append(spawn("bare", "100"))
    typed, plain = [], []
    for _ in range(args.runs):
        typed += filter_latency(args.db)
        plain += plain_filter(args.db)
    figures = {
        "cases": cases,
        "startup_s": statistics.median(ours), "bare_startup_s": statistics.median(bare),
        "startup_ratio": statistics.median(ours) / statistics.median(bare),
        "filter_median_ms": 1000 * statistics.median(typed), "filter_p95_ms": 1000 * p95(typed),
        "plain_sql_median_ms": 1000 * statistics.median(plain),
        "filter_ratio": statistics.median(typed) / statistics.median(plain),
    }
    print(f"cases                    {cases:,}")
    print(f"start-up to first queue  {figures['startup_s']:.3f} s   bare Textual app "
          f"{figures['bare_startup_s']:.3f} s   ratio {figures['startup_ratio']:.2f}  (target 1.5)")
    print(f"filter per keystroke ({CADENCE * 1000:.0f} ms apart)  median {figures['filter_median_ms']:.1f} ms  p95 "
          f"{figures['filter_p95_ms']:.1f} ms  (target 50)   plain sqlite3 "
          f"{figures['plain_sql_median_ms']:.1f} ms   ratio {figures['filter_ratio']:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
