"""The retention schedule and legal holds, on SQLite and PostgreSQL: ended cases brought in from
a council's old spreadsheet, each with the rule its route and outcome get from the profile, the
day its retention ends (leap days and Members leaving office included), and holds that keep a
case from ever being due, placed and lifted in the audit trail."""

import json

import pytest
from helpers import dump, link_user_to_person, populated_workspace
from sqlalchemy import select

from casework.audit.log import verify_all
from casework.clock import council_today
from casework.errors import UserError
from casework.imports.cases import import_cases
from casework.people.protocol import left_office
from casework.records.holds import lift_hold, place_hold
from casework.records.schedule import disposals_due, schedule
from casework.transaction import read
from db.models import AuditEvent

# Today is Friday 20 November 2026 (helpers.TODAY).
SHEET = """reference,about,by,clause,summary,received,stage,stage_since,handler
OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted at an officer,2017-11-01,Closed,2018-03-01,
OLD/2,Cllr Tom Price,Olive Manager,21.9.1,Rude to an officer,2018-01-10,Closed,2018-06-01,
OLD/3,Cllr Ann Jones,Olive Manager,21.9.2,Pressed for a decision,2020-01-06,Withdrawn,2020-02-29,
OLD/4,Bob Smith,Cllr Tom Price,21.9.1,Curt reply,2021-03-01,No case to answer,2021-06-30,
OLD/5,Bob Smith,Cllr Ann Jones,21.9.1,Still running,2026-10-01,Received,,
OLD/6,Cllr Tom Price,Mo Officer,21.9.1,About the Monitoring Officer,2018-09-03,Withdrawn,2019-01-07,dep
"""


@pytest.fixture
def council(db_url, tmp_path):
    ws = populated_workspace(db_url)
    sheet = tmp_path / "old-cases.csv"
    sheet.write_text(SHEET)
    import_cases(ws, "mo", str(sheet))
    link_user_to_person(ws, "mo", "Mo Officer")  # a party to OLD/6, which is the deputy's
    yield ws
    ws.engine.dispose()


def _by_ref(ws, login="mo", **kw):
    return {e["ref"]: e for e in schedule(ws, login, **kw)}


def test_each_ended_case_has_its_rule_and_the_day_its_retention_ends(council):
    rows = _by_ref(council)
    # Not the open case; not the one the Monitoring Officer is a party to (the deputy's).
    assert set(rows) == {"OLD/1", "OLD/2", "OLD/3", "OLD/4"}
    one = rows["OLD/1"]  # breach found, the Member still in office: kept while they serve
    assert (one["outcome"], one["rule"]["from"], one["retention_ends"], one["due"]) == (
        "breach", "left-office", None, False)
    assert one["status"] == "kept while the subject Member is in office"
    # The profile's rule for a withdrawn complaint: six years from 29 February 2020, which
    # 2026 does not have, end on 1 March 2026.
    three = rows["OLD/3"]
    assert (three["closed"], three["rule"]["text"], three["retention_ends"], three["due"]) == (
        "2020-02-29", "6 years after closure", "2026-03-01", True)
    assert _by_ref(council, as_at="2026-02-28")["OLD/3"]["due"] is False
    assert _by_ref(council, as_at="2026-03-01")["OLD/3"]["due"] is True
    four = rows["OLD/4"]  # an officer found no case to answer: six years after closure
    assert (four["route"], four["outcome"], four["retention_ends"], four["status"]) == (
        "officer", "no_breach", "2027-06-30", "kept until 2027-06-30")
    assert [e["ref"] for e in schedule(council, "mo")] == ["OLD/3", "OLD/4", "OLD/1", "OLD/2"]

    deputy = _by_ref(council, "dep")
    assert deputy["OLD/6"]["due"] is True  # the deputy sees what the MO may not
    assert disposals_due(council, "dep") == disposals_due(council, "mo") + 1


def test_a_member_leaving_office_starts_the_count_of_a_breach(council):
    two = _by_ref(council)["OLD/2"]
    assert (two["retention_ends"], two["due"]) == (None, False)
    left_office(council, "mo", "Cllr Tom Price", "2019-05-09")
    two = _by_ref(council)["OLD/2"]
    # Closed 1 June 2018, left office 9 May 2019: six years from the later day.
    assert (two["subject_left_office"], two["retention_ends"], two["due"]) == (
        "2019-05-09", "2025-05-09", True)
    assert [e["ref"] for e in schedule(council, "mo", due_only=True)] == ["OLD/2", "OLD/3"]
    assert disposals_due(council, "mo") == 2


def test_a_held_case_is_never_due_and_the_hold_and_its_lifting_are_in_the_trail(council):
    assert disposals_due(council, "mo") == 1
    place_hold(council, "old/3", "mo", "Employment tribunal claim ET/1234 pending")
    three = _by_ref(council)["OLD/3"]
    assert (three["due"], three["held"], three["status"]) == (
        False, True, "held: Employment tribunal claim ET/1234 pending")
    assert three["hold"] == {"reason": "Employment tribunal claim ET/1234 pending",
                             "since": council_today().isoformat()}  # the day the trail says
    assert schedule(council, "mo", due_only=True) == []
    assert disposals_due(council, "mo") == 0

    lift_hold(council, "OLD/3", "dep", "Claim withdrawn by the claimant")
    assert _by_ref(council)["OLD/3"]["due"] is True
    assert disposals_due(council, "mo") == 1
    with read(council.engine) as s:
        events = s.execute(select(AuditEvent.actor, AuditEvent.data).where(
            AuditEvent.action == "hold").order_by(AuditEvent.seq)).all()
    assert verify_all(council, "mo").ok
    assert [(actor, json.loads(data)["step"]) for actor, data in events] == [("mo", "place"), ("dep", "lift")]
    # The trail commits to the reasons by their hash, keyed with the case's secret (so a
    # guessed reason cannot be confirmed by hashing it); the words live in the hold's row alone.
    assert not any("tribunal" in data or "claimant" in data for _, data in events)
    assert all(json.loads(data)["reason_sha256"].startswith("hmac-sha256:") for _, data in events)
    place_hold(council, "OLD/3", "mo", "A second claim")  # held again after a lift
    assert _by_ref(council)["OLD/3"]["status"] == "held: A second claim"


@pytest.mark.parametrize("login, call, ref, reason, words", [
    ("mo", "place", "OLD/99", "x", "no case 'OLD/99'"),
    ("hr", "place", "OLD/4", "x", "cannot place a legal hold on a case; only the Monitoring Officer"),
    ("clerk", "lift", "OLD/1", "x", "cannot lift a legal hold"),
    ("mo", "lift", "OLD/4", "x", "OLD/4 is not under a legal hold"),
    ("mo", "place", "OLD/1", "  ", "the reason is empty"),
    ("mo", "place", "OLD/1", "one\ntwo", "the reason must be on one line"),
    ("mo", "place", "OLD/1", "x" * 501, "keep it under 500"),
    ("mo", "place", "OLD/6", "x", "you are the complainant in OLD/6"),  # the deputy's case
    ("mo", "place", "OLD/2", "x", "already under a legal hold, since "),
])
def test_a_refused_hold_is_one_line_and_changes_nothing(council, login, call, ref, reason, words):
    place_hold(council, "OLD/2", "mo", "Judicial review of the decision")
    before = dump(council)
    with pytest.raises(UserError) as refused:
        (place_hold if call == "place" else lift_hold)(council, ref, login, reason)
    assert words in refused.value.message and "\n" not in refused.value.message
    assert dump(council) == before


def test_only_the_monitoring_officer_and_deputies_read_the_schedule(council):
    for login in ("hr", "clerk", "inv", "ip", "view"):
        assert disposals_due(council, login) is None
        with pytest.raises(UserError, match="cannot read the retention schedule"):
            schedule(council, login)
    with pytest.raises(UserError, match="--as-at 'soon' is not a date"):
        schedule(council, "mo", as_at="soon")


@pytest.mark.parametrize("tamper, words", [
    ("DELETE FROM case_hold", "was placed in the audit trail but is gone from the database"),
    ("UPDATE case_hold SET lifted_at = '2026-11-21T09:00:00Z'", "is lifted, but not as the audit trail left it"),
    ("UPDATE case_hold SET reason = 'Nothing pending'", "does not give the reason the audit trail recorded"),
])
def test_a_hold_changed_behind_the_trail_fails_verification(council, tamper, words):
    from sqlalchemy import text

    from casework.audit.log import verify_one

    place_hold(council, "OLD/3", "mo", "Ombudsman's inquiry open")
    assert verify_all(council, "mo").ok
    with council.engine.begin() as conn:  # as anyone who can write the database file would
        conn.execute(text(tamper))
    said = verify_all(council, "mo")
    assert not said.ok and f"legal hold 1 on OLD/3 {words}" in said.message
    assert words in verify_one(council, "mo", "OLD/3").message
