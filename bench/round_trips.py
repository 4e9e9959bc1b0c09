"""How many times casework waits on PostgreSQL for one action: a keystroke's page, opening a
case, an advance. Counted on the wire, by bench.delay_proxy in a thread of this child, on the
service each face calls (the triage screen's casework.queue.pages.page, the case screen's and
`casework show`'s casework.cases.views.show_case, casework.cases.advance.advance), each run
before counting until the pool's connection is open and every statement cache is warm,
psycopg's prepared statements included. Counted as
the most any repetition took; the issue's targets: one for a page and for opening a case, at
most three for an advance. Opening a case whose restricted papers the reader sees is counted
apart: who read them is recorded, a change of its own (the event with its BEGIN in one
pipeline, then the commit) after the one read, so three, as an advance.
"""

from bench.databases import LOGIN

TARGETS = {"keystroke": 1, "open_case": 1, "open_recorded": 3, "advance": 3}
# psycopg prepares a statement at its sixth use on a connection (prepare_threshold 5), in a
# wait of its own for each statement: once a connection's life, not each keystroke's.
PREPARED_AT = 6
NOTE = "The complainant asked in writing to withdraw; reopened when new evidence arrived."


def child_trips(url: str, ref: str, plain: str, recorded: str, withdrawable: str) -> dict:
    """`ref`: the case typed for (bench.tui_queue's far case); `plain` and `recorded`: cases
    opened with nothing restricted in them and with restricted papers (bench.cli)."""
    from bench.delay_proxy import Proxy
    from bench.tui_queue import _keys
    from casework.cases.advance import advance
    from casework.cases.views import show_case
    from casework.queue.pages import CaseQuery, page
    from casework.workspace import open_workspace

    host, rest = url.rsplit("@", 1)
    port, dbname = rest.split(":", 1)[1].split("/", 1)
    proxy = Proxy(int(port), 0.0).start_thread()
    ws = open_workspace(f"{host}@127.0.0.1:{proxy.port}/{dbname}")

    def trips(action) -> int:
        # Warm: connection, caches, psycopg's prepared statements. One use more: text whose
        # walk found fewer cases than a page is read from the indexes from its second use on
        # (casework.queue.pages._rare_before), a statement of its own to be prepared.
        for _ in range(PREPARED_AT + 1):
            action()
        before = proxy.round_trips
        action()
        return proxy.round_trips - before

    keys = [CaseQuery(text=typed[:n], notes=notes)
            for typed, notes in _keys(ref).values() for n in range(1, len(typed) + 1)]
    out = {"keystroke": max(trips(lambda q=q: page(ws, LOGIN, q)) for q in keys),
           "open_case": trips(lambda: show_case(ws, plain, LOGIN)),
           "open_recorded": trips(lambda: show_case(ws, recorded, LOGIN))}
    moves = []
    for event in ("withdraw", "reopen", "withdraw", "reopen"):
        before = proxy.round_trips
        advance(ws, withdrawable, event, LOGIN, note=NOTE)
        moves.append(proxy.round_trips - before)
    out["advance"] = max(moves[2:])  # the first pair warms
    ws.engine.dispose()
    return out


def measure(url: str, log=print) -> dict:
    from bench.common import spawn

    log("  round trips: a keystroke's page, opening a case, an advance")
    picked = spawn("advance", "pick", url, 1)
    from bench.cli import PLAIN, RECORDED, ref_of

    ref = spawn("tui_queue", "far", url)["ref"]
    found = spawn("round_trips", "trips", url, ref, ref_of(url, PLAIN), ref_of(url, RECORDED),
                  picked["service"][0])
    return {f"{name}_trips": n for name, n in found.items()}


if __name__ == "__main__":
    import sys

    from bench.common import run_child

    run_child({"trips": child_trips}, sys.argv[2:])
