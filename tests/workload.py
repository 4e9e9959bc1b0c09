"""Child processes for tests/casework/test_crash.py and test_contention.py.

Real services in a real OS process, so a parent can kill one with SIGKILL at any
instruction, or run several against the same cases at once. Run as a script:

    python tests/workload.py crash URL LOG MODE SEED
    python tests/workload.py contend URL GATE NAME LOGIN STEPS SEED REF [REF...]

The crash child writes one line to LOG as it reaches each point of a change, with
os.write so the line is in the kernel before the next instruction: whatever SIGKILL
interrupts, the last line says where the child was.
"""

import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from helpers import make_workspace
from sqlalchemy import event, select

import casework.cases.advance
import casework.cases.opening
import casework.cases.papers
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from casework.cases.views import show_case
from casework.errors import Conflict, DatabaseBusy, Refused, UserError
from casework.transaction import read
from db.models import Case

HOOK_SLEEP = 0.2  # long enough for the parent to aim its kill inside the pause
PARTIES = [("Cllr Ann Jones", "Bob Smith"), ("Cllr Tom Price", "Olive Manager"),
           ("Bob Smith", "Cllr Ann Jones")]  # two complaints about Members, one about an Officer


def allowed_events(ws, ref: str, login: str) -> tuple[int, list[dict]]:
    view = show_case(ws, ref, login)
    return view["version"], [e for e in view["events"] if e["allowed"]]


def evidence(rng: random.Random, folder: Path, pool: int | None = None) -> str:
    """A small real file. With `pool`, its bytes come from a few shared contents, so the
    content-addressed store also sees the same blob attached again."""
    if pool:
        body, suffix = f"shared letter {rng.randrange(pool)}\n".encode() * 40, "txt"
    else:  # any bytes at all, so not named as text (text must be UTF-8)
        body, suffix = rng.randbytes(rng.randint(1, 4096)), "bin"
    path = folder / f"evidence-{rng.getrandbits(64):016x}.{suffix}"
    path.write_bytes(body)
    return str(path)


# --- crash -------------------------------------------------------------------------------

def crash(url: str, log_path: str, mode: str, seed: str) -> None:
    rng = random.Random(seed)
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def log(line: str) -> None:
        os.write(fd, f"{line}\n".encode())

    ws = make_workspace(url)
    if mode == "claim":
        # The service modules call `claim` through their own globals, so wrapping the name
        # there pauses every change just after it has taken the case (and, on SQLite, the
        # write lock), without any hook in production code.
        real = casework.cases.opening.claim

        def claim_then_pause(session, case, seen):
            real(session, case, seen)
            log("claimed")
            time.sleep(HOOK_SLEEP)

        casework.cases.opening.claim = casework.cases.advance.claim = casework.cases.papers.claim = claim_then_pause
    elif mode == "commit":
        @event.listens_for(ws.engine, "commit")
        def pause_before_commit(conn):
            # Every row of the change and its audit event is sent; only COMMIT is left.
            log("committing")
            time.sleep(HOOK_SLEEP)

    folder = Path(tempfile.mkdtemp(prefix="crash-evidence-"))
    clause = next(iter(ws.profile.clauses))
    sections = list(ws.profile.bundle_sections)
    log("ready")
    for step in range(10**9):
        with read(ws.engine) as s:
            refs = list(s.execute(select(Case.ref).where(Case.is_open)).scalars())
        roll = rng.random()
        try:
            if len(refs) < 3 or roll < 0.03:
                about, by = rng.choice(PARTIES)
                log(f"begin {step} open")
                # Unrestricted, so reading a case (show_case) writes no audit event of its own and
                # every event counted is a change.
                open_case(ws, "mo", about, by, clause, f"crash round step {step}", confidential=False)
            elif roll < 0.55:
                ref = rng.choice(refs)
                _, allowed = allowed_events(ws, ref, "mo")
                if not allowed:
                    continue
                choice = rng.choice(allowed)
                note = "decided after review" if choice["needs_note"] or rng.random() < 0.5 else None
                log(f"begin {step} advance {ref} {choice['name']}")
                advance(ws, ref, choice["name"], "mo", note=note)
            elif roll < 0.8:
                ref = rng.choice(refs)
                kind = "ip-view" if rng.random() < 0.3 else "note"
                log(f"begin {step} {kind} {ref}")
                annotate(ws, ref, f"note at step {step}", "mo", kind=kind)
            else:
                ref = rng.choice(refs)
                path = evidence(rng, folder, pool=5 if rng.random() < 0.3 else None)
                log(f"begin {step} attach {ref}")
                attach(ws, ref, path, "mo", section=rng.choice(sections))
                os.unlink(path)
            log(f"end {step}")
        except UserError as exc:
            log(f"refused {step} {type(exc).__name__}")


# --- contend -----------------------------------------------------------------------------

def barrier(gate: Path, name: str, parties: int) -> None:
    """Each process drops a file and waits for all: none starts before all have loaded."""
    (gate / name).touch()
    deadline = time.monotonic() + 60
    while len(list(gate.iterdir())) < parties:
        if time.monotonic() > deadline:
            raise SystemExit(f"{name}: the others never came")
        time.sleep(0.002)


def contend(url: str, gate: str, name: str, login: str, steps: str, seed: str,
            *refs: str) -> None:
    """Reads a case, thinks a moment, then changes it on the version it read, as a person
    at a screen does; prints what each attempt told the user, one JSON list."""
    rng = random.Random(seed)
    ws = make_workspace(url)
    folder = Path(tempfile.mkdtemp(prefix="contend-evidence-"))
    parties = int(Path(gate, "parties").read_text())
    barrier(Path(gate, "arrived"), name, parties)
    outcomes = []
    for _ in range(int(steps)):
        ref = rng.choice(refs)
        seen, allowed = allowed_events(ws, ref, login)
        time.sleep(rng.uniform(0, 0.01))  # the other handlers get their chance to win
        roll = rng.random()
        try:
            if allowed and roll < 0.4:
                choice = rng.choice(allowed)
                terms = choice["terms"]  # a pause asks why and when it is reviewed
                moved = advance(ws, ref, choice["name"], login, note="agreed at review",
                                expected_version=seen,
                                reason=rng.choice(sorted(choice["reasons"])) if "reason" in terms else None,
                                review=ws.today() + timedelta(days=30) if "review" in terms else None)
                out = {"action": "transition", "detail": moved.to_state}
            elif roll < 0.8:
                out = {"action": "note", "detail": annotate(
                    ws, ref, f"{name} read v{seen}", login, expected_version=seen)}
            else:
                out = {"action": "attach", "detail": attach(
                    ws, ref, evidence(rng, folder, pool=3), login, expected_version=seen)}
            out["result"] = "ok"
        except (Conflict, DatabaseBusy, Refused) as exc:
            out = {"result": type(exc).__name__, "message": exc.message}
        # Anything else escapes: the parent sees a non-zero exit and the traceback.
        outcomes.append({"case": ref, "seen": seen, "login": login, **out})
    print(json.dumps(outcomes))


if __name__ == "__main__":
    {"crash": crash, "contend": contend}[sys.argv[1]](*sys.argv[2:])
