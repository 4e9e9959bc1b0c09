"""Reminders (issue 19, item 5): each handler is told of their cases falling due within the
working days asked and of those overdue; the Monitoring Officer and deputies of everyone's
overdue cases too; by email through a real SMTP server, and a user with no address is said."""

import email
from email import policy

import pytest
from helpers import dump

from casework.cases.opening import assign, open_case
from casework.errors import Refused, UserError
from casework.letters.reminders import digests, send
from casework.letters.send import settings
from casework.people.addresses import set_user_email


@pytest.fixture
def due(ws_sqlite):
    """Today is Friday 20 November 2026. A member case received today (its acknowledgement due
    in five working days, Friday 27th) handled by mo; an officer case received long ago, overdue,
    handled by hr; a member case overdue handled by the deputy."""
    ws = ws_sqlite
    soon = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-20")
    late_hr = open_case(ws, "hr", "Bob Smith", "Cllr Tom Price", "21.9.1", "Curt", "2026-10-01")
    assign(ws, late_hr, "hr", "hr")
    late_dep = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.3", "Shouted", "2026-10-02")
    assign(ws, late_dep, "dep", "mo")
    return ws, soon, late_hr, late_dep


def _refs(cases):
    return [c["ref"] for c in cases]


def test_each_handler_is_told_of_their_own_and_the_mo_of_everyones_overdue(due):
    ws, soon, late_hr, late_dep = due
    horizon, found = digests(ws, "mo", days=5)
    assert horizon.isoformat() == "2026-11-27"
    by = {d.login: d for d in found}
    assert _refs(by["mo"].due) == [soon] and by["mo"].overdue == []
    assert _refs(by["mo"].others_overdue) == [late_hr, late_dep]
    assert _refs(by["hr"].overdue) == [late_hr] and by["hr"].others_overdue == []
    assert _refs(by["dep"].overdue) == [late_dep] and _refs(by["dep"].others_overdue) == [late_hr]
    assert "clerk" not in by and "view" not in by  # nothing to tell them
    # Four working days is Thursday 26th: the acknowledgement is not yet within it.
    _, fewer = digests(ws, "mo", days=4)
    assert {d.login: _refs(d.due) for d in fewer}.get("mo", []) == []


def test_reminders_go_by_email_and_a_user_without_an_address_is_said(due, inbox):
    ws = due[0]
    set_user_email(ws, "mo", "hr", "hana.hr@example.gov.uk")
    set_user_email(ws, "mo", "dep", "gone@example.gov.uk")  # the server refuses this one
    horizon, found = digests(ws, "mo", days=5)
    said = send(ws, "mo", found, horizon, settings())
    assert said["hr"] == "sent to hana.hr@example.gov.uk"
    assert said["dep"].startswith("not sent: the mail server refused the address (550")
    assert said["mo"].startswith("not sent: no email address")
    [(to, raw)] = inbox.messages
    got = email.message_from_bytes(raw, policy=policy.default)
    assert to == ["hana.hr@example.gov.uk"] and "1 overdue" in got["Subject"]
    assert due[2] in got.get_content() and due[3] not in got.get_content()


def test_only_the_monitoring_officer_or_a_deputy_sends_reminders(due):
    ws = due[0]
    before = dump(ws)
    with pytest.raises(Refused, match="only the Monitoring Officer or a deputy"):
        digests(ws, "hr")
    with pytest.raises(UserError, match="--days must be a whole number"):
        digests(ws, "mo", days=0)
    assert dump(ws) == before


def test_the_monitoring_officer_and_deputies_are_told_of_disposals_due(due, tmp_path):
    from casework.imports.cases import import_cases
    from casework.letters.reminders import text

    ws = due[0]
    sheet = tmp_path / "closed.csv"
    sheet.write_text("reference,about,by,clause,summary,received,stage,stage_since\n"
                     "OLD/1,Cllr Ann Jones,Bob Smith,21.9.3,Shouted,2018-01-08,Withdrawn,2018-02-01\n")
    import_cases(ws, "mo", str(sheet))
    horizon, found = digests(ws, "mo", days=5)
    by = {d.login: d for d in found}
    assert (by["mo"].disposals, by["dep"].disposals, by["hr"].disposals) == (1, 1, 0)
    said = text(by["dep"], ws.profile.council, ws.today(), horizon)
    assert "Ended cases due for disposal under the retention schedule: 1 (casework retention --due)" in said
    assert "disposal" not in text(by["hr"], ws.profile.council, ws.today(), horizon)
