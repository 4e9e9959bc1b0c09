"""A handler's process killed at any moment (power cut, kill -9, a laptop lid) leaves a
database the next command opens and trusts: every change is all there or not there.

A child process (tests/workload.py) runs random transitions, notes and attachments as
fast as it can; the parent kills it with SIGKILL and checks tests/invariants.py. Some
rounds make the child pause inside its transaction (just after claiming the case, or
just before COMMIT) and aim the kill at the pause, so that kills inside transactions
are certain rather than lucky. `--long` runs 200 rounds instead of 8.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import workload
from helpers import populated_workspace
from invariants import assert_consistent

WAIT = 60  # seconds a child may take to reach a point before the test fails, not hangs
MODES = ("free", "claim", "commit")
INSIDE = {"begin": "inside a change", "claimed": "after the claim", "committing": "before COMMIT"}


def lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def wait_until(proc: subprocess.Popen, log: Path, done) -> None:
    deadline = time.monotonic() + WAIT
    while not done(lines(log)):
        if proc.poll() is not None:
            raise AssertionError(f"the child stopped by itself ({proc.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"the child never got there; its log ends {lines(log)[-3:]}")
        time.sleep(0.002)


def kill_round(url: str, tmp: Path, mode: str, rng: random.Random) -> list[str]:
    """Starts a child, kills it at a random moment, returns what it logged."""
    log, err = tmp / "child.log", tmp / "child.err"
    log.unlink(missing_ok=True)
    with err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, workload.__file__, "crash", url, str(log), mode, str(rng.random())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        wait_until(proc, log, lambda seen: "ready" in seen)
        if mode == "free":
            time.sleep(rng.uniform(0, 0.8))
        else:
            # Interrupt the n-th pause somewhere along it.
            marker, nth = ("claimed" if mode == "claim" else "committing"), rng.randint(1, 4)
            wait_until(proc, log, lambda seen: seen.count(marker) >= nth)
            time.sleep(rng.uniform(0, workload.HOOK_SLEEP * 0.75))
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(WAIT)
    assert proc.returncode == -signal.SIGKILL, err.read_text()
    return lines(log)


def where(logged: list[str]) -> str:
    return INSIDE.get(logged[-1].split()[0], "between changes")


def test_a_killed_writer_leaves_every_change_whole(db_url, tmp_path, long_run):
    populated_workspace(db_url).engine.dispose()
    seed = random.randrange(10**9)
    rng = random.Random(seed)
    landed = Counter()
    head = assert_consistent(db_url).head
    for round_ in range(200 if long_run else 8):
        mode = MODES[round_ % len(MODES)]
        logged = kill_round(db_url, tmp_path, mode, rng)
        landed[where(logged)] += 1
        context = f"round {round_} ({mode}, seed {seed}), killed {where(logged)}: {logged[-3:]}"
        try:
            facts = assert_consistent(db_url)
        except AssertionError as exc:
            raise AssertionError(f"{context}: {exc}") from None
        # Durability and atomicity together: every change the child saw return is there,
        # and the one it was killed in is there only if it had reached COMMIT.
        finished = sum(line.startswith("end ") for line in logged)
        written = facts.head - head
        in_flight = where(logged) != "between changes"
        assert finished <= written <= finished + in_flight, (
            f"{context}: {finished} changes returned, {written} audit events written")
        head = facts.head
    print(f"\nkills (seed {seed}): {dict(landed)}; {head} audit events, "
          f"{facts.cases} cases, {facts.notes} notes, {facts.documents} documents")
    # The pauses make these certain, unless the machine stalled the parent for longer
    # than the pause; a run where none landed tested less than it claims.
    assert landed["after the claim"] and landed["before COMMIT"], dict(landed)
    assert facts.notes and facts.documents, "the workload only ever had its changes refused"
