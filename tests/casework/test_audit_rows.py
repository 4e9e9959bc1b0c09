"""`audit verify` checks the live rows against the trail, not only the chain: a case moved, a
case changed without an event, a user promoted, deactivated or added by raw SQL behind the
services is named like a broken link, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import text
from test_audit_tamper import build

from casework.audit.log import verify_all, verify_one


@pytest.fixture
def ws(db_url):
    ws = build(db_url)
    assert verify_all(ws, "mo").ok
    yield ws
    ws.engine.dispose()


@pytest.mark.parametrize("sql, named", [
    ("UPDATE case_file SET state = 'closed' WHERE route = 'officer'",
     "is at closed, but its last event in the audit trail took it to informal_resolution"),
    ("UPDATE case_file SET version = version + 1, handler_id = NULL WHERE route = 'officer'",
     "is at version 5, but its last event in the audit trail recorded version 4: it was changed without an event"),
    ("UPDATE user_account SET role = 'monitoring-officer' WHERE login = 'view'",
     "the user view is monitoring-officer, but the audit trail made them viewer"),
    ("UPDATE user_account SET active = false WHERE login = 'clerk'",
     "the user clerk is deactivated, but the audit trail left them active"),
    ("INSERT INTO user_account (login, name, role, active) VALUES ('ghost', 'Ghost', 'monitoring-officer', true)",
     "the user ghost is in the database but no event of the audit trail added them"),
    ("UPDATE note SET text = 'Nothing was said' WHERE text LIKE 'Spoke%'",
     "is not the text the audit trail recorded"),
])
def test_a_row_changed_behind_the_trail_is_named(ws, sql, named):
    with ws.engine.begin() as conn:
        conn.execute(text(sql))
    result = verify_all(ws, "mo")
    assert not result.ok and result.message.startswith("records differ from the audit trail: ")
    assert named in result.message, result.message


@pytest.mark.parametrize("sql, named", [
    ("UPDATE case_file SET state = 'closed' WHERE route = 'officer'", "is at closed"),
    ("UPDATE note SET text = 'Nothing was said' WHERE case_id = (SELECT id FROM case_file WHERE route = 'officer')",
     "is not the text the audit trail recorded"),
    ("UPDATE case_file SET summary = 'Another complaint' WHERE route = 'officer'",
     "the summary of MOP-2026-0003 is not the one the audit trail recorded"),
])
def test_one_cases_rows_are_checked_with_its_links(ws, sql, named):
    assert verify_one(ws, "mo", "MOP-2026-0003").ok
    with ws.engine.begin() as conn:
        conn.execute(text(sql))
    result = verify_one(ws, "mo", "MOP-2026-0003")
    assert not result.ok and named in result.message, result.message
    assert verify_one(ws, "mo", "MOP-2026-0001").ok  # another case is not its business
