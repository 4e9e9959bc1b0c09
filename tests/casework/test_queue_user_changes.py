"""A page is built for the acting user's role and person. On PostgreSQL the user a page was
last built for is kept and confirmed by the page's own statement (casework.queue.pages), so a
user whose role, person or login changes while their screen is open must get the page of who
they are now, or the refusal, at once."""

import pytest
from helpers import link_user_to_person

from casework.cases.opening import open_case
from casework.errors import Refused
from casework.people.users import set_active, set_role
from casework.queue.pages import CaseQuery, page

QUERIES = (CaseQuery(), CaseQuery(sort="ref"), CaseQuery(text="Case"))


def _refs(ws, login: str) -> list[list[str]]:
    return [sorted(r["ref"] for r in page(ws, login, q)) for q in QUERIES]


def test_a_page_follows_a_role_person_or_login_changed_meanwhile(ws):
    restricted = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Case restricted", "2026-11-02",
                           confidential=True)
    ordinary = open_case(ws, "mo", "Olive Manager", "Cllr Tom Price", "21.9.1", "Case open", "2026-11-03",
                         confidential=False)
    for _ in range(2):  # the second time, from what was kept
        assert _refs(ws, "hr") == [[ordinary]] * 3
    set_role(ws, "mo", "hr", "deputy-monitoring-officer")
    assert _refs(ws, "hr") == [sorted([restricted, ordinary])] * 3
    link_user_to_person(ws, "hr", "Olive Manager")  # now a party to the ordinary one
    assert _refs(ws, "hr") == [[restricted]] * 3
    set_active(ws, "mo", "hr", False)
    for query in QUERIES:
        with pytest.raises(Refused, match="has been deactivated"):
            page(ws, "hr", query)
    set_active(ws, "mo", "hr", True)
    set_role(ws, "mo", "hr", "hr")
    assert _refs(ws, "hr") == [[]] * 3
