"""On PostgreSQL the statements read together (casework.together) are one statement of JSON
arrays; it must give exactly the rows each statement gives alone, dates as dates, in order."""

import pytest
from helpers import make_workspace
from sqlalchemy import select

from casework.cases import view_reads
from casework.demo.bulk import build_bulk
from casework.queue import pages
from casework.queue.pages import CaseQuery
from casework.together import read_together
from casework.transaction import read_alone
from db.models import Case, User

pytestmark = pytest.mark.postgres


def _alone(conn, statements, values) -> list:
    return [[tuple(row) for row in conn.execute(stmt, values)] for stmt in statements]


def _together(conn, statements, values) -> list:
    return [[tuple(row) for row in rows] for rows in read_together(conn, statements, values)]


def test_what_opening_a_case_reads_is_what_each_statement_reads_alone(pg_url):
    ws = make_workspace(pg_url)
    build_bulk(ws, "mo", 40, 5)
    with read_alone(ws.engine) as s:
        conn = s.connection()
        refs = conn.execute(select(Case.ref).order_by(Case.ref)).scalars().all()
        users = conn.execute(select(User.login).order_by(User.login)).scalars().all()
        assert len(refs) == 40 and len(users) > 1
        for ref in refs:
            for login in users:
                values = {"ref": ref, "login": login}
                found = _together(conn, view_reads._STATEMENTS, values)
                assert found == _alone(conn, view_reads._STATEMENTS, values), (ref, login)
        # A reference and a login nobody has: every list empty, none missing.
        values = {"ref": "MOP-NONE", "login": "nobody"}
        assert _together(conn, view_reads._STATEMENTS, values) == _alone(conn, view_reads._STATEMENTS, values)


def test_a_page_read_together_is_the_page_read_alone(pg_url):
    ws = make_workspace(pg_url)
    build_bulk(ws, "mo", 40, 5)
    with read_alone(ws.engine) as s:
        conn = s.connection()
        user = conn.execute(select(User).where(User.login == "mo")).one()
        who = pages._Who(user.id, user.role, user.person_id)
        for query in (CaseQuery(), CaseQuery(text="Cllr"), CaseQuery(sort="due", include_ended=True),
                      CaseQuery(sort="subject", descending=True, include_ended=True)):
            shape = pages._shape(query)
            stmt = pages._one_statement(shape, who, ws.today(), 25, pages.WALK_CASES)
            values = {"login": "mo", "lim": 25, "off": 10, **pages.text_values(query.text)}
            found = _together(conn, (pages.ACTING, stmt), values)
            assert found == _alone(conn, (pages.ACTING, stmt), values), query
            assert found[1], query


def test_measures_holds_training_and_conflicts_read_together_as_alone(pg_url):
    """What the bulk demo has none of: a measure, a hold, training, a reader who is a witness."""
    from helpers import link_user_to_person, populated_workspace

    from casework.cases.involvement import involve
    from casework.cases.measures import start_measure
    from casework.cases.opening import open_case
    from casework.people.protocol import sign, train
    from casework.records.holds import place_hold

    ws = populated_workspace(pg_url)
    ref = open_case(ws, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Rude at a meeting", "2026-11-02")
    start_measure(ws, ref, "suspension", "hr", "While it is investigated", "2026-12-01", on="2026-11-04")
    place_hold(ws, ref, "mo", "A claim at the employment tribunal")
    train(ws, "mo", "Bob Smith", "Member/Officer protocol", "2026-06-01")
    sign(ws, "mo", "Bob Smith", "2026-06-02")
    involve(ws, ref, "Olive Manager", "witness", "mo")
    link_user_to_person(ws, "view", "Olive Manager")
    with read_alone(ws.engine) as s:
        conn = s.connection()
        for login in ("mo", "hr", "inv", "view"):
            values = {"ref": ref, "login": login}
            found = _together(conn, view_reads._STATEMENTS, values)
            assert found == _alone(conn, view_reads._STATEMENTS, values), login
            named = dict(zip(view_reads._READS, found))
            assert all(named[k] for k in ("measures", "hold", "training", "involved")), login
            assert named["held"] == ([("witness",)] if login == "view" else []), login
