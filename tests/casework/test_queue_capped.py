"""On PostgreSQL, text typed on into text whose page lay far down the queue is walked no further
than the queue's first cases, then walked on or read from the trigram indexes
(casework.queue.capped): the same page as the walk of every case, and only when typed on so."""

from datetime import date, timedelta
from functools import partial

import pytest
from helpers import populated_workspace
from pg_plans import ANALYZED, generic_plan
from sqlalchemy import event

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.queue import capped, statements
from casework.queue import pages as queue
from casework.queue.pages import CaseQuery, page
from db.engine import planned_once

pytestmark = pytest.mark.postgres

TEXT = "quokka"


@pytest.fixture(scope="module")
def ws(pg_server):
    """Twelve new complaints, received a day apart, the text in the 4th, 7th and 10th newest;
    and six referred to the Monitoring Officer a working day apart, three in September (due
    before every new one) and three in November (due after), the text in the 2nd and 5th."""
    url = pg_server.new_database("capped")
    ws = populated_workspace(url)
    for n in range(12):
        open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", _summary(n in (3, 6, 9)),
                  date(2026, 10, 1) + timedelta(days=11 - n))
    for n in range(6):
        ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", _summary(n in (1, 4)),
                        date(2026, 9, 1))
        on = date(2026, 9, 2) + timedelta(days=n) if n < 3 else date(2026, 11, 2) + timedelta(days=n - 3)
        advance(ws, ref, "refer_to_monitoring_officer", "mo", on=on)
    yield ws
    ws.engine.dispose()
    pg_server.drop_database(url.rsplit("/", 1)[1])


def _summary(with_text: bool) -> str:
    return f"Shouted at the {TEXT} keeper" if with_text else "Shouted in the corridor"


def _page(ws, monkeypatch, text, limit, walk, walk_capped):
    monkeypatch.setattr(queue, "WALK_CASES", walk)
    monkeypatch.setattr(queue, "_plain_rows", partial(_PLAIN_ROWS, walk_capped=walk_capped))
    return [r["ref"] for r in page(ws, "mo", CaseQuery(text=text), 0, limit)]


_PLAIN_ROWS = queue._plain_rows


@pytest.mark.parametrize("limit", [1, 2, 4, 8, 13, 16])
@pytest.mark.parametrize("walk", [0, 1, 3, 5, 14, 20])
@pytest.mark.parametrize("text", [TEXT, "Shouted", "no such words"])
def test_the_capped_walk_finds_the_page_walking_every_case_finds(ws, monkeypatch, text, limit, walk):
    assert _page(ws, monkeypatch, text, limit, walk, True) == _page(ws, monkeypatch, text, limit, 10**9, False)


@pytest.mark.parametrize("text, limit, ran", [
    ("Shouted", 4, set()),  # found in the first cases walked: they are the page
    (TEXT, 4, {"new_walked"}),  # found there, too seldom for a page: walked on
    (TEXT, 16, {"new_indexed"}),  # found there less than a quarter of a page: the indexes
    ("no such words", 4, {"new_indexed"}),
])
def test_text_is_walked_on_or_read_from_the_indexes_as_the_short_walk_found_it(ws, text, limit, ran):
    from casework.access.actors import acting_row
    from casework.transaction import read

    with read(ws.engine) as s:
        user = acting_row(s, "mo")
        shape = statements._shape(CaseQuery(text=text))
        statement = capped.capped_first(shape, statements._Who(user.id, user.role, user.person_id),
                                        ws.today(), limit)
        bounds = capped.bound_values(capped.queue_bounds(s.connection(), 5))
        lines = generic_plan(s.connection(), statement, {**queue.text_values(text), **bounds}, ANALYZED)
    # Walking on reads the new complaints from where the first cases end (the scan under
    # new_walked, not from the start again); the indexes' branch gathers their ids first
    # (matched): each executed, or never.
    executed = {name for name, cte in (("new_walked", "new_walked"), ("new_indexed", "matched"))
                if not _never_executed(lines, cte)}
    assert executed == ran, "\n".join(lines)
    start = next(n for n, line in enumerate(lines) if line.strip() == "CTE new_walked")
    scan = next(n for n, line in enumerate(lines[start:], start) if " on case_file" in line)
    assert "received < " in lines[scan + 1], "\n".join(lines)


def _never_executed(lines: list[str], cte: str) -> bool:
    start = next(n for n, line in enumerate(lines) if line.strip() == f"CTE {cte}")
    return "never executed" in next(line for line in lines[start:] if " on case_file" in line)


def test_every_text_that_could_walk_the_whole_queue_is_capped(ws, monkeypatch):
    """Text long enough for the trigram indexes, not searched in the notes, in the triage order
    of open cases, is walked capped; shorter text, a search of the notes (capped its own way),
    ended cases kept, another order, and text typed on into text known to be rare (read from
    the indexes) are not."""
    monkeypatch.setattr(queue, "WALK_CASES", 3)
    monkeypatch.setattr(queue, "_RARE", {})
    sent = []

    def keep(*args):
        sent.append(args[2])
    event.listen(planned_once(ws.engine), "before_cursor_execute", keep)
    try:
        def capped_when(query: CaseQuery) -> bool:
            sent.clear()
            page(ws, "mo", query, 0, 2)
            return any("capped_new" in sql for sql in sent)
        assert [capped_when(CaseQuery(text=t)) for t in ("Sh", "Shouted", "Shouted at t", "no such words",
                                                         "no such words at all")] == \
               [False, True, True, True, False]
        assert not capped_when(CaseQuery(text="Shouted", notes=True))
        assert not capped_when(CaseQuery(text="Shouted", include_ended=True))
        assert not capped_when(CaseQuery(text="Shouted", sort="ref"))
    finally:
        event.remove(planned_once(ws.engine), "before_cursor_execute", keep)
