"""Several handlers, each in their own OS process, working the same two or three cases at
once, every change made on the version they read (what --expect-version does).

Whoever loses a race must be told so (Conflict, or busy) and nothing of theirs may be
kept; whoever is told "done" must find their change in the audit trail, at the version
they built on. Nothing in between: no lost update, no silent loss, no phantom success.
`--long` runs 300 steps per handler instead of 30.
"""

import json
import os
import random
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import workload
from helpers import make_workspace, populated_workspace
from invariants import assert_consistent

import casework.cases.papers
from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.errors import Conflict

HANDLERS = 4
WAIT = 300  # seconds for the slowest handler before the test fails rather than hangs


def open_cases(url: str) -> list[str]:
    ws = populated_workspace(url)
    clause = next(iter(ws.profile.clauses))
    # Unrestricted, so reading a case writes no audit event: every event counted is a change.
    refs = [open_case(ws, "mo", about, by, clause, f"complaint {i}", confidential=False)
            for i, (about, by) in enumerate(workload.PARTIES)]
    ws.engine.dispose()
    return refs


def run_handlers(url: str, gate: Path, refs: list[str], steps: int, seed: int) -> list[list]:
    (gate / "arrived").mkdir(parents=True)
    (gate / "parties").write_text(str(HANDLERS))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    procs = [subprocess.Popen(
        [sys.executable, workload.__file__, "contend", url, str(gate), f"h{i}", ("mo", "dep")[i % 2],
         str(steps), f"{seed}-{i}", *refs],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env) for i in range(HANDLERS)]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=WAIT)
            assert proc.returncode == 0 and not err, err
            results.append(json.loads(out))
            assert len(results[-1]) == steps  # every attempt told its handler something
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return results


def test_every_race_has_one_winner_and_a_told_loser(db_url, tmp_path, long_run):
    refs = open_cases(db_url)
    before = assert_consistent(db_url)
    seed = random.randrange(10**9)
    results = run_handlers(db_url, tmp_path / "gate", refs, 300 if long_run else 30, seed)
    after = assert_consistent(db_url)

    won = {}  # (case, version built on) -> handler told "done"
    for handler, outcomes in enumerate(results):
        for o in outcomes:
            if o["result"] == "ok":
                key = (o["case"], o["seen"])
                # Two "done"s built on one reading would mean one overwrote the other.
                assert key not in won, f"seed {seed}: lost update at {key}"
                won[key] = handler
                action, actor, to_state, data = after.events[o["case"]][o["seen"]]
                assert (action, actor) == (o["action"], o["login"]), (seed, o)
                assert {"transition": to_state, "note": data.get("note_id"),
                        "attach": data.get("document_id")}[action] == o["detail"], (seed, o)
    # Every event the run wrote belongs to someone who was told "done": none was kept
    # for a handler who was told it failed.
    assert len(won) == after.head - before.head, seed

    for handler, outcomes in enumerate(results):
        for o in outcomes:
            if o["result"] == "Conflict":
                assert o["message"] == Conflict(o["case"]).message
                # The refusal was true: another handler's change took the version first.
                assert won.get((o["case"], o["seen"]), handler) != handler, (seed, o)
            elif o["result"] == "DatabaseBusy":
                assert "busy" in o["message"] and "nothing was saved" in o["message"]

    tallies = [Counter(o["result"] for o in outcomes) for outcomes in results]
    print(f"\nseed {seed}: " + "; ".join(
        f"h{i} {dict(t)}" for i, t in enumerate(tallies)) + f"; {after.head - before.head} events")
    assert sum(t["Conflict"] for t in tallies) > 0, "no race happened: the test proved nothing"
    kinds = Counter(o["action"] for outcomes in results for o in outcomes if o["result"] == "ok")
    assert set(kinds) == {"transition", "note", "attach"}, kinds


def test_one_file_filed_to_two_cases_at_once_is_stored_once(pg_url, tmp_path, monkeypatch):
    """Two handlers file the same letter to different cases at the same moment. PostgreSQL
    only: SQLite's single writer cannot overlap the two (and the pause below would only
    wait out its lock)."""
    ws = make_workspace(pg_url)
    refs = open_cases(pg_url)[:2]
    letter = tmp_path / "letter.txt"
    letter.write_text("the same letter, sent to both")
    both_claimed = threading.Barrier(2, timeout=10)
    real_claim, first_tries = casework.cases.papers.claim, set()

    def claim_together(session, case, seen):
        real_claim(session, case, seen)
        if threading.get_ident() not in first_tries:  # a retry must not wait for a partner
            first_tries.add(threading.get_ident())
            both_claimed.wait()

    monkeypatch.setattr(casework.cases.papers, "claim", claim_together)
    told = {}

    def file_it(ref):
        try:
            told[ref] = attach(ws, ref, str(letter), "mo")
        except Exception as exc:  # what the handler would be told
            told[ref] = repr(exc)

    threads = [threading.Thread(target=file_it, args=(ref,)) for ref in refs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Both told "done": the second finds the blob the first stored and shares it.
    assert all(isinstance(doc_id, int) for doc_id in told.values()), told
    facts = assert_consistent(pg_url)
    assert [e[0] for ref in refs for e in facts.events[ref]] == ["open", "attach"] * 2
    ws.engine.dispose()
