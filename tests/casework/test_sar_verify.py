"""`audit verify` checks each subject access request's row against its events, on SQLite and
PostgreSQL: a deadline moved, an extension, a pack or an answer made up behind the trail, or a
request added or removed by raw SQL, is named in one line like a broken link."""

import pytest
from sqlalchemy import text

from casework.audit.log import verify_all
from casework.sar.pack import make_pack
from casework.sar.requests import answer_request, extend_request, open_request


@pytest.fixture
def asked(ws, tmp_path):
    first = open_request(ws, "mo", "Cllr Ann Jones", "2026-10-31")
    extend_request(ws, "dep", first, 1, "Papers held in two systems")
    made = make_pack(ws, "mo", first, tmp_path / "pack")
    answer_request(ws, "mo", first, made.pdf)
    open_request(ws, "dep", None, "2026-11-19", requester="Priya Shah")
    assert verify_all(ws, "mo").ok, verify_all(ws, "mo").message
    return ws


@pytest.mark.parametrize("sql, named", [
    ("UPDATE subject_access SET due = '2027-06-30' WHERE id = 2",
     "subject access request 2 is due on 2027-06-30, but the audit trail recorded 2026-12-21"),
    ("UPDATE subject_access SET received = '2026-11-01' WHERE id = 1",
     "subject access request 1 was received on 2026-11-01, but the audit trail recorded 2026-10-31"),
    ("UPDATE subject_access SET extended_months = 2 WHERE id = 1",
     "subject access request 1 is extended by (months) 2, but the audit trail recorded 1"),
    ("UPDATE subject_access SET packed_sha256 = 'ab' WHERE id = 1",
     "subject access request 1 has the pack SHA-256 ab, but the audit trail recorded "),
    ("UPDATE subject_access SET status = 'answered', answered = '2026-11-20' WHERE id = 2",
     "subject access request 2 is answered, but the audit trail recorded open"),
    ("UPDATE subject_access SET answered = '2026-11-19' WHERE id = 1",
     "subject access request 1 was answered on 2026-11-19, but the audit trail recorded 2026-11-20"),
    ("UPDATE subject_access SET requester = 'Someone Else' WHERE id = 2",
     "subject access request 2 does not name the requester the audit trail recorded"),
    ("DELETE FROM subject_access WHERE id = 2",
     "subject access request 2 was opened in the audit trail but is gone from the database"),
    ("INSERT INTO subject_access (requester, aliases, received, due, extended_months, status, opened_by, "
     "opened_at) VALUES ('Ghost', '', '2026-11-01', '2026-12-01', 0, 'open', 1, '2026-11-01T00:00:00Z')",
     "subject access request 3 is in the database but no event of the audit trail opened it"),
])
def test_a_request_changed_behind_the_trail_is_named_in_one_line(asked, sql, named):
    with asked.engine.begin() as conn:
        conn.execute(text(sql))
    result = verify_all(asked, "mo")
    assert not result.ok and result.message.startswith("records differ from the audit trail: ")
    assert named in result.message and "\n" not in result.message, result.message
