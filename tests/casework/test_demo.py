"""The demo council: built through the services, so its data must satisfy the same rules as
real data, and the same seed must give the same council."""

import os
import subprocess
import sys

import pytest
from helpers import make_workspace
from sqlalchemy import select
from sqlmodel import Session

from casework.audit import chain as audit
from casework.demo.council import build
from casework.errors import Refused
from casework.people import register
from casework.workflow.stages import ENDED
from db.models import AuditEvent, Case, Note


def cases_of(ws) -> list[Case]:
    with Session(ws.engine) as s:
        return list(s.execute(select(Case).order_by(Case.ref)).scalars())


def test_demo_builds_a_consistent_council(sqlite_url, tmp_path):
    ws = make_workspace(sqlite_url)
    messages = []

    assert build(ws, "mo", 30, seed=7, progress=messages.append) == 30

    made = cases_of(ws)
    assert len(made) == 30
    assert messages[-1] == "30/30 cases"
    assert {c.route for c in made} == {"member", "officer"}
    states = {c.state for c in made}
    assert len(states) >= 5, states
    assert states & ENDED and states - ENDED, "expected both ended and open cases"
    assert all(c.is_open == (c.state not in ENDED) for c in made)
    assert all(c.received <= ws.today() for c in made)

    with Session(ws.engine) as s:
        for case in made:
            last = s.execute(
                select(AuditEvent.to_state)
                .where(AuditEvent.case_ref == case.ref, AuditEvent.to_state.is_not(None))
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            ).scalar_one()
            assert last == case.state, case.ref
        notes = s.execute(select(Note)).scalars().all()
        result = audit.verify(s)
    assert result.ok, result.message
    assert 2 <= len(notes) / len(made) <= 5  # about three notes a case

    again = make_workspace(f"sqlite:///{tmp_path}/again.db")
    build(again, "mo", 30, seed=7)
    same = [(c.ref, c.state, c.summary) for c in cases_of(again)]
    assert same == [(c.ref, c.state, c.summary) for c in made]


def test_demo_refuses_anyone_but_the_monitoring_officer(sqlite_url):
    ws = make_workspace(sqlite_url)
    register.init(ws, "mo")
    register.add_user(ws, "mo", "clerk", "A Clerk", "clerk")

    with pytest.raises(Refused):
        build(ws, "clerk", 3, seed=1)
    assert cases_of(ws) == []


def test_demo_command_on_a_new_database(tmp_path):
    db = tmp_path / "cli.db"
    env = {**os.environ, "CASEWORK_USER": "someone"}
    run = subprocess.run(
        [sys.executable, "-m", "casework", "--db", str(db), "demo", "--cases", "5"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "5 demo cases made" in run.stdout
    assert "5/5 cases" in run.stderr
