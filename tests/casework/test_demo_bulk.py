"""The bulk demo writes rows straight into the tables, so it is held to what the services
would have written: the chain verifies, each case agrees with its audit trail, and the
services carry on from bulk rows exactly as from their own."""

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest
from helpers import TODAY, make_workspace
from sqlalchemy import func, select, text
from sqlmodel import Session

from casework.audit import chain as audit
from casework.audit.disclosure import OBSERVATIONS
from casework.audit.personal import reveal
from casework.cases import papers
from casework.cases.advance import advance
from casework.cases.listing import list_cases
from casework.cases.views import show_case
from casework.demo.bulk import build_bulk
from casework.profile.deadlines import due_date
from casework.workflow.stages import ENDED
from db.audit_personal import VALUES as PERSONAL
from db.audit_personal import committed
from db.models import AuditEvent, Case, Document, Note, Sanction

CASES = 300
SEED = 5  # its 300 cases include open ones in assessment, at a hearing and with sanctions


@pytest.fixture
def bulk(db_url):
    ws = make_workspace(db_url)
    messages = []
    assert build_bulk(ws, "mo", CASES, SEED, progress=messages.append) == CASES
    assert messages[-1] == f"{CASES}/{CASES} cases"
    return ws


def cases_of(ws) -> list[Case]:
    with Session(ws.engine) as s:
        return list(s.execute(select(Case).order_by(Case.ref)).scalars())


def trail(ws) -> list[AuditEvent]:
    with Session(ws.engine) as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.case_ref.is_not(None))
                              .order_by(AuditEvent.seq)).scalars())


def verified(ws) -> audit.Verification:
    with Session(ws.engine) as s:
        return audit.verify(s)


def test_bulk_cases_agree_with_their_audit_trail(bulk):
    ws = bulk
    assert verified(ws).ok, verified(ws).message
    made, events = cases_of(ws), trail(ws)
    assert len(made) == CASES
    assert {c.route for c in made} == {"member", "officer"}
    assert len({(c.route, c.state) for c in made}) >= 15
    last_state, last_day, count, last_seq, notices = {}, {}, Counter(), {}, {}
    for e in events:
        count[e.case_ref] += e.action != "export"  # a notice issued changes nothing of the case
        if e.action == "export":
            notices[e.case_ref] = e.seq
        if e.to_state:
            last_seq[e.case_ref] = e.seq
            last_state[e.case_ref] = e.to_state
            last_day[e.case_ref] = date.fromisoformat(json.loads(e.data)["on"])
    for c in made:
        assert c.state == last_state[c.ref], c.ref
        assert c.version == count[c.ref], c.ref
        assert c.stage_entered == last_day[c.ref], c.ref
        assert c.is_open == (c.state not in ENDED)
        noticed = c.ref in notices and notices[c.ref] > last_seq[c.ref]  # nothing more due
        assert c.next_due == (None if noticed else due_date(ws.profile, ws.calendar, c.state,
                                                             c.stage_entered))
        assert c.handler_id is not None and c.received <= TODAY
    # One trail in date order across cases, as the year happened, and nothing after today.
    days = [json.loads(e.data)["on"] for e in events]
    assert days == sorted(days) and days[-1] <= TODAY.isoformat()
    # A realistic mix: about ten events and three notes a case, papers and sanctions.
    with Session(ws.engine) as s:
        notes = s.execute(select(func.count()).select_from(Note)).scalar()
        docs = s.execute(select(func.count()).select_from(Document)).scalar()
        sanctions = s.execute(select(Sanction)).scalars().all()
    assert 8 <= len(events) / CASES <= 12
    assert 2.5 <= notes / CASES <= 4.5 and docs > CASES
    assert sanctions and any(x.complied for x in sanctions) and any(x.due is None for x in sanctions)
    assert {c.state for c in made} & ENDED and any(c.is_open for c in made)
    assert list_cases(ws, "mo", overdue=True), "expected overdue cases"


def test_services_carry_on_from_bulk_rows(bulk, tmp_path):
    ws = bulk
    by_state = {}
    for c in cases_of(ws):
        by_state.setdefault(c.state, []).append(c)
    case = by_state["assessment"][0]
    moved = advance(ws, case.ref, "withdraw", "mo", note="x")
    assert (moved.to_state, moved.version) == ("withdrawn", case.version + 1)
    # Whatever show_case offers on a few open cases (that asks no terms of a pause), the
    # services then allow.
    moved_on = 0
    for c in [cs[0] for state, cs in sorted(by_state.items()) if state not in ENDED]:
        allowed = [e["name"] for e in show_case(ws, c.ref, "mo")["events"]
                   if e["allowed"] and not e["terms"]]
        if allowed and moved_on < 6:  # at an appeal, the Monitoring Officer may only pause
            advance(ws, c.ref, allowed[0], "mo", note="Moved on in the test.")
            moved_on += 1
    assert moved_on == 6
    # New rows are numbered after the bulk ones (on PostgreSQL, by the sequences).
    ref = by_state["received"][0].ref
    papers.annotate(ws, ref, "A note after the bulk.", "mo")
    (tmp_path / "letter.txt").write_text("A letter.")
    papers.attach(ws, ref, str(tmp_path / "letter.txt"), "mo")
    sanctioned = by_state["sanctions"][0]
    papers.record_sanction(ws, sanctioned.ref, "training", "mo", due=TODAY)
    assert verified(ws).ok, verified(ws).message
    for c in cases_of(ws):
        shown = show_case(ws, c.ref, "mo")
        changes = [e for e in shown["history"] if e["action"] not in OBSERVATIONS]
        assert len(changes) == shown["version"] == c.version
    assert len(list_cases(ws, "mo", include_ended=True)) == CASES


def test_the_same_seed_gives_the_same_data(bulk, tmp_path):
    again = make_workspace(f"sqlite:///{tmp_path}/again.db")
    build_bulk(again, "mo", CASES, SEED)

    def content(ws):  # all but the instants the rows were written, and hashes that cover them
        with Session(ws.engine) as s:
            return (
                s.execute(select(Case.ref, Case.state, Case.summary, Case.version, Case.next_due,
                                 Case.handler_id, Case.confidential).order_by(Case.id)).all(),
                s.execute(select(Note.id, Note.case_id, Note.kind, Note.text).order_by(Note.id)).all(),
                s.execute(select(Document.id, Document.sha256, Document.filename, Document.dated)
                          .order_by(Document.id)).all(),
                s.execute(select(Sanction.kind, Sanction.due, Sanction.complied).order_by(Sanction.id)).all(),
                [(e.actor, e.action, e.case_ref, e.to_state, _told(ws, e)) for e in trail(ws)],
            )

    def _told(ws, e):  # the values as readers see them; keyed hashes differ with each case's key
        with Session(ws.engine) as s:
            data = reveal(s.connection(), [{"seq": e.seq, "action": e.action, "case": e.case_ref,
                                            "data": json.loads(e.data)}])[0]["data"]
        return {k: "keyed" if committed(v) or (isinstance(v, list) and any(map(committed, v))) else v
                for k, v in data.items()}

    assert content(again) == content(bulk)
    other = make_workspace(f"sqlite:///{tmp_path}/other.db")
    build_bulk(other, "mo", 20, SEED + 1)
    assert content(other)[0] != content(bulk)[0][:20]


def test_the_welsh_regime_walks_its_own_rules(tmp_path):
    ws = make_workspace(f"sqlite:///{tmp_path}/wales.db", "wales")
    build_bulk(ws, "mo", 200, seed=3)
    assert verified(ws).ok
    actions = Counter(json.loads(e.data).get("event") for e in trail(ws))
    assert actions["refer_to_ombudsman"] > 0  # refused under the English regime


def test_a_case_whose_events_run_across_batches_keeps_one_key(tmp_path, monkeypatch):
    """Batches of a few hundred events, as 10,000 cases make batches of 20,000: a case's
    personal values are committed under one key whichever batch its events fall in (a second
    key for the same case was refused, and a 10,000-case build stopped at its second batch)."""
    from casework.demo import bulk

    monkeypatch.setattr(bulk, "BATCH", 300)
    ws = make_workspace(f"sqlite:///{tmp_path}/batches.db")
    assert build_bulk(ws, "mo", 120, seed=3) == 120
    assert verified(ws).ok
    with Session(ws.engine) as s:
        scopes = s.execute(text("SELECT scope FROM audit_key WHERE scope LIKE 'case:%'")).scalars().all()
    assert len(scopes) == len(set(scopes)) > 1
    events = [{"seq": e.seq, "action": e.action, "case": e.case_ref, "data": json.loads(e.data)}
              for e in trail(ws)]
    with ws.engine.connect() as conn:
        shown = reveal(conn, [dict(e, data=dict(e["data"])) for e in events])
    personal = [(e["seq"], f) for e in events for f in PERSONAL.get(e["action"], ()) if committed(e["data"].get(f))]
    assert len(personal) > 10  # names, sanction words: committed to under their case's key
    told = {e["seq"]: e["data"] for e in shown}
    assert not [(seq, f) for seq, f in personal if committed(told[seq][f])]  # each one read back


def test_demo_bulk_command(tmp_path):
    db = tmp_path / "cli.db"
    env = {**os.environ, "CASEWORK_USER": "someone"}
    run = subprocess.run(
        [sys.executable, "-m", "casework", "--db", str(db), "demo", "--bulk", "--cases", "50"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "50 demo cases made" in run.stdout
    assert "50/50 cases" in run.stderr
    check = subprocess.run([sys.executable, "-m", "casework", "--db", str(db), "audit", "verify"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "intact" in check.stdout, check.stderr
