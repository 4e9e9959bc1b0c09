"""Property tests: random sequences of events and papers, random bad input.

Whatever happens, a case's stored state equals the last transition in its audit, the
chain verifies, and a refused action leaves the database exactly as it was."""

import json

import pytest
from helpers import dump, populated_workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from casework.audit import chain as audit
from casework.audit.disclosure import OBSERVATIONS
from casework.audit.personal import reveal
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach, record_compliance, record_sanction
from casework.errors import UserError
from casework.workflow.routes import all_events
from db.models import AuditEvent, AuditHead, Case, Sanction

LOGINS = ["mo", "dep", "hr", "clerk", "inv", "ip", "view"]
SANCTIONS = ["censure", "training", "first-written-warning", "suspension", "apology"]

step = st.one_of(
    st.tuples(st.just("advance"), st.sampled_from(sorted(set(all_events("member")) | set(all_events("officer")))),
              st.sampled_from(LOGINS), st.one_of(st.none(), st.just("because"))),
    st.tuples(st.just("ip-view"), st.sampled_from(LOGINS)),
    st.tuples(st.just("report"), st.sampled_from(LOGINS)),
    st.tuples(st.just("sanction"), st.sampled_from(SANCTIONS), st.sampled_from(LOGINS), st.booleans()),
    st.tuples(st.just("comply"), st.sampled_from(LOGINS)),
)


@pytest.fixture(scope="module")
def shared_ws(tmp_path_factory):
    return populated_workspace(f"sqlite:///{tmp_path_factory.mktemp('prop')}/p.db")


def _fingerprint(ws):
    with Session(ws.engine) as s:
        head = s.get(AuditHead, 1)
        return head.seq, head.hash


def _apply(ws, ref, action, report_path):
    kind = action[0]
    if kind == "advance":
        _, event, login, note = action
        advance(ws, ref, event, login, note=note)
    elif kind == "ip-view":
        annotate(ws, ref, "IP view", action[1], kind="ip-view")
    elif kind == "report":
        attach(ws, ref, report_path, action[1], section="investigation-report")
    elif kind == "sanction":
        _, sanction, login, dated = action
        record_sanction(ws, ref, sanction, login, due="2026-12-31" if dated else None)
    elif kind == "comply":
        with Session(ws.engine) as s:
            ids = s.exec(select(Sanction.id).join(Case).where(Case.ref == ref, Sanction.complied.is_(None))).all()
        if ids:
            record_compliance(ws, ref, ids[0], action[1], complied="2026-11-20")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(member=st.booleans(), steps=st.lists(step, min_size=1, max_size=14))
def test_state_always_equals_the_last_transition(shared_ws, tmp_path, member, steps):
    ws = shared_ws
    report = tmp_path / "report.txt"
    report.write_text("final report")
    about, by = ("Cllr Ann Jones", "Bob Smith") if member else ("Bob Smith", "Cllr Ann Jones")
    ref = open_case(ws, "mo", about, by, "21.9.1", "property test", "2026-11-02")
    for action in steps:
        before = _fingerprint(ws)
        try:
            _apply(ws, ref, action, str(report))
        except UserError:
            assert _fingerprint(ws) == before  # refused: not one event written
        with Session(ws.engine) as s:
            case = s.exec(select(Case).where(Case.ref == ref)).one()
            last = s.exec(select(AuditEvent).where(AuditEvent.case_ref == ref, AuditEvent.to_state.is_not(None))
                          .order_by(AuditEvent.seq.desc())).first()
            assert case.state == last.to_state
            versions = s.exec(select(AuditEvent).where(
                AuditEvent.case_ref == ref, AuditEvent.action.not_in(OBSERVATIONS))).all()
            assert case.version == len(versions)  # every change to a case is one audit event
    with Session(ws.engine) as s:
        assert audit.verify(s).ok


texts = st.text(min_size=0, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(about=texts, by=texts, clause=texts, summary=texts, received=texts)
def test_bad_intake_changes_nothing(shared_ws, about, by, clause, summary, received):
    ws = shared_ws
    before = dump(ws)
    try:
        ref = open_case(ws, "mo", about, by, clause, summary, received)
    except UserError as exc:
        assert "\n" not in str(exc) and str(exc)
        assert dump(ws) == before
    else:  # a random text that happens to be valid must have made exactly one case
        with Session(ws.engine) as s:
            assert s.exec(select(Case).where(Case.ref == ref)).one()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ref=texts, event=texts, note=st.one_of(st.none(), texts), on=st.one_of(st.none(), texts))
def test_bad_advance_changes_nothing(ws, ref, event, note, on):
    # On both backends: PostgreSQL refuses some bytes SQLite takes, e.g. NUL.
    before = dump(ws)
    with pytest.raises(UserError) as info:
        advance(ws, ref, event, "mo", note=note, on=on)
    assert "\n" not in str(info.value)
    assert dump(ws) == before


def test_huge_and_control_character_summaries_are_refused(shared_ws):
    before = dump(shared_ws)
    for summary in ("x" * 10_000_000, "bad\x00byte", "bell\x07"):
        with pytest.raises(UserError):
            open_case(shared_ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", summary)
    assert dump(shared_ws) == before


def test_right_to_left_names_are_kept_exactly(shared_ws):
    from casework.people.register import add_person

    name = "\u0633\u0627\u0631\u0627 \u200fخان"
    add_person(shared_ws, "mo", "officer", name)
    ref = open_case(shared_ws, "mo", "Cllr Tom Price", name, "21.9.1", "RTL complainant")
    with Session(shared_ws.engine) as s:
        e = s.exec(select(AuditEvent).where(AuditEvent.case_ref == ref)).one()
        # Kept beside the trail, which holds its keyed hash, and read back in its place.
        data = reveal(s.connection(), [{"seq": e.seq, "action": e.action, "case": ref,
                                        "data": json.loads(e.data)}])[0]["data"]
    assert data["complainant"] == name
