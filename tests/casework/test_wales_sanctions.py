"""A Standards Committee in Wales decides within SI 2001/2281 reg. 9(1): no action, censure, or a
suspension or partial suspension for at most six months and not past the member's term."""

from importlib import resources

import pytest
from helpers import acas_papers, assessed, draft_shared, dump, heard, populated_workspace

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import attach, record_sanction
from casework.cases.views import show_case
from casework.errors import Refused, UserError
from casework.profile.council import load_profile


@pytest.fixture
def wales(sqlite_url):
    return populated_workspace(sqlite_url, "wales")


def _breach_found(ws, tmp_path) -> str:
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-09-02")
    assessed(ws, ref, on="2026-09-03")
    advance(ws, ref, "refer_to_ombudsman", "mo", on="2026-09-03", note="a code complaint")
    advance(ws, ref, "ombudsman_refers_for_investigation", "mo", on="2026-09-03")
    draft_shared(ws, ref, on="2026-10-01")
    advance(ws, ref, "complete_investigation", "inv", on="2026-10-01")
    report = tmp_path / "report.txt"
    report.write_text("report")
    attach(ws, ref, str(report), "inv", section="investigation-report")
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-05", note="for the committee")
    heard(ws, ref, on="2026-10-05")
    advance(ws, ref, "find_breach", "clerk", on="2026-11-02", note="breach of the code")
    return ref


def _refused(ws, match, *args, **kw):
    before = dump(ws)
    with pytest.raises(Refused, match=match):
        record_sanction(*args, **kw)
    assert dump(ws) == before


def test_a_suspension_of_up_to_six_months_within_the_term(wales, tmp_path):
    ref = _breach_found(wales, tmp_path)
    _refused(wales, r"at most six months \(SI 2001/2281 reg\. 9\(1\)\(d\)\): from 2026-11-02 the "
             r"last day can be 2027-05-01, not 2027-06-01",
             wales, ref, "suspension", "clerk", on="2026-11-02", until="2027-06-01")
    _refused(wales, r"needs its last day: --until", wales, ref, "suspension", "clerk", on="2026-11-02")
    sid = record_sanction(wales, ref, "suspension", "clerk", on="2026-11-02", until="2027-04-01")
    shown = show_case(wales, ref, "mo")["sanctions"]
    assert [(x["id"], x["kind"], x["until"]) for x in shown] == [(sid, "suspension", "2027-04-01")]


def test_no_suspension_past_the_end_of_the_term(wales, tmp_path):
    ref = _breach_found(wales, tmp_path)
    # Under six months from 20 November, yet after the term ends on 10 May 2027.
    _refused(wales, r"past the end of the member's term \(2027-05-10",
             wales, ref, "partial-suspension", "clerk", on="2026-11-20", until="2027-05-13")
    record_sanction(wales, ref, "partial-suspension", "clerk", on="2026-11-20", until="2027-05-10")


def test_the_committee_has_no_power_to_refer_to_the_panel_or_order_training(wales, tmp_path):
    ref = _breach_found(wales, tmp_path)
    for kind in ("refer-to-adjudication-panel", "training"):
        _refused(wales, "not a sanction for this route", wales, ref, kind, "clerk")
    assert list(wales.profile.sanctions["member"]) == [
        "no-action", "censure", "suspension", "partial-suspension"]


@pytest.mark.parametrize("key, why", [
    ("training", r"training is no determination of reg\. 9\(1\)"),
    ("refer-to-adjudication-panel", r"referral to the Adjudication Panel for Wales is the Ombudsman's power \(Local Government Act 2000 s\.71\(3\)\)"),
])
def test_a_welsh_profile_cannot_add_powers_the_regulation_does_not_give(tmp_path, key, why):
    text = (resources.files("casework.profile") / "builtin" / "wales.toml").read_text()
    custom = tmp_path / "council.toml"
    custom.write_text(text.replace('censure = "Censure"\n', f'censure = "Censure"\n{key} = "X"\n'))
    with pytest.raises(UserError, match=rf"sanctions\.member\.{key} is not a power of a Standards "
                                         rf"Committee in Wales \(SI 2001/2281 reg\. 9\(1\)\): {why}.*line \d+"):
        load_profile(str(custom))


def test_only_a_suspension_or_a_warning_has_a_last_day(ws, tmp_path):
    ref = open_case(ws, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt", "2026-10-01")
    advance(ws, ref, "refer_serious", "hr", note="serious")
    acas_papers(ws, ref)
    advance(ws, ref, "find_breach", "hr", note="misconduct")
    _refused(ws, r"--until is for a sanction that runs for a period; 'training' has no last day",
             ws, ref, "training", "hr", until="2027-01-01")


