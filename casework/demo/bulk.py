"""Bulk demo data: databases of 1,000 to 100,000 cases in a minute or two, for benchmarks.

casework.demo.council plays every change through the services (~30 ms a case). Here each case is
planned in Python and its rows inserted in large batches, yet the result must be what the
services would have written: each case walks its route's state machine, the real guards
approve every step (the papers they require are filed first), rows carry the columns and
audit data the services write, and the chain runs in date order across cases, as the demo
plays it. Rows are numbered here, so build on a database nobody else is writing to. Each
batch commits with the audit head, so the chain verifies after any batch; but a case row
carries its final state from its first batch, so an interrupted build is best thrown away.
"""

import random

from sqlalchemy import select

from casework.demo import council as demo
from casework.demo.plan import _Case, _plan
from casework.demo.rows import _blobs, _Writer
from casework.demo.world import _references, _World
from casework.errors import UserError
from casework.people import register
from casework.transaction import read
from db.models import Blob

BATCH = 20_000  # audit events per transaction: about 2,000 cases


def build_bulk(ws, login: str, cases: int, seed: int, progress=None) -> int:
    """As casework.demo.council.build, for thousands of cases: same register, users and council."""
    if cases < 0:
        raise UserError("--cases must be 0 or more")
    register.init(ws, login)
    demo._require_mo(ws, login)
    demo._ensure_register(ws, login)  # the register and users are few: through the services
    world = _World(ws, demo._ensure_users(ws, login))
    members, officers = demo._parties(ws)
    rng = random.Random(seed)
    days = demo._received_days(ws, rng, cases)
    samples: dict = {"member": [], "officer": []}
    made = [_plan(world, rng, members, officers, day, ref, samples)
            for day, ref in zip(days, _references(ws, days))]
    if progress and made:
        progress(f"{len(made)} cases planned")
    _write(ws, world, made, _blobs(samples), progress)
    return len(made)


def _write(ws, world, cases: list[_Case], blobs: dict, progress) -> None:
    """Every case's actions in date order across cases, as casework.demo.council plays them."""
    queue = sorted(c.actions[j][0].toordinal() << 40 | i << 10 | j
                   for i, c in enumerate(cases) for j in range(len(c.actions)))
    left = [len(c.actions) for c in cases]
    every, done, shown = max(1, len(cases) // 10), 0, 0
    with read(ws.engine) as s:
        stored = set(s.scalars(select(Blob.sha256).where(
            Blob.sha256.in_({sha for sha, _ in blobs.values()}))))
    # Each case's key of personal values, made at its first such event: a case's events run
    # across batches, and a second key for the same case is refused (audit_key.scope).
    keys: dict[str, bytes] = {}
    for start in range(0, len(queue), BATCH):
        with ws.engine.begin() as conn:
            writer = _Writer(conn, world, blobs, stored, keys)
            for key in queue[start:start + BATCH]:
                i = key >> 10 & (1 << 30) - 1
                writer.play(cases[i], key & 1023)
                left[i] -= 1
                done += not left[i]
            writer.flush()
        if progress and (done // every > shown or done == len(cases)):
            shown = done // every
            progress(f"{done}/{len(cases)} cases")
