"""The triage queue: new complaints first, then the nearest deadline, page after page."""

import pytest
from helpers import make_workspace

from casework.demo.bulk import build_bulk
from casework.queue.pages import SORTS, CaseQuery, count, page


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    ws = make_workspace(f"sqlite:///{tmp_path_factory.mktemp('q')}/q.db")
    build_bulk(ws, "mo", 400, 7)
    return ws


def _all(ws, query, size):
    rows, offset = [], 0
    while chunk := page(ws, "mo", query, offset, size):
        rows += chunk
        offset += size
    return rows


def test_new_complaints_first_then_nearest_deadline(big):
    rows = _all(big, CaseQuery(), 1000)
    new = [r for r in rows if r["state"] == "received"]
    assert new and rows[: len(new)] == new
    assert [r["received"] for r in new] == sorted((r["received"] for r in new), reverse=True)
    rest = rows[len(new):]
    assert [r["next_due"] for r in rest] == sorted(r["next_due"] for r in rest)
    assert len(rows) == count(big, "mo", CaseQuery())[0]


@pytest.mark.parametrize("size", [7, 50])
def test_pages_join_up_across_the_boundary(big, size):
    assert [r["ref"] for r in _all(big, CaseQuery(), size)] == \
           [r["ref"] for r in _all(big, CaseQuery(), 1000)]


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_pages_the_same_set(big, sort):
    whole = _all(big, CaseQuery(sort=sort, include_ended=True), 1000)
    assert len(whole) == 400 and len({r["ref"] for r in whole}) == 400
    assert [r["ref"] for r in _all(big, CaseQuery(sort=sort, include_ended=True), 60)] == \
           [r["ref"] for r in whole]


def test_filter_matches_names_and_summaries(big):
    first = page(big, "mo", CaseQuery(), 0, 1)[0]
    someone = first["subject"]
    hits = _all(big, CaseQuery(text=someone.lower(), include_ended=True), 1000)
    assert first["ref"] in {r["ref"] for r in hits}  # case-insensitive
    assert len(hits) < 400
    assert count(big, "mo", CaseQuery(text=someone, include_ended=True))[0] == len(hits)
    assert _all(big, CaseQuery(text="no such words anywhere"), 100) == []


def test_note_search_by_index_finds_what_like_finds(big, monkeypatch):
    """On SQLite, notes are searched through a trigram index; it must find exactly the cases
    a plain LIKE over the notes finds, confidential notes left out by both."""
    from sqlmodel import Session, select

    from casework.queue import pages as queue
    from db.models import Note

    with Session(big.engine) as s:
        texts = s.exec(select(Note.text).limit(40)).all()
    probes = sorted({t.split()[i][:7] for t in texts for i in (0, 3) if len(t.split()) > 3})[:12]
    probes += ["apolog", "no such words", "Cl", "'s"]
    for probe in probes:
        query = CaseQuery(text=probe, notes=True, include_ended=True)
        indexed = [r["ref"] for r in _all(big, query, 1000)]
        monkeypatch.setattr(queue, "_fts", lambda ws: False)
        plain = [r["ref"] for r in _all(big, query, 1000)]
        monkeypatch.undo()
        assert indexed == plain, probe


def test_notes_added_later_are_found(big):
    from casework.cases.papers import annotate

    ref = page(big, "mo", CaseQuery(), 0, 1)[0]["ref"]
    annotate(big, ref, "Quokka sighting reported by the clerk", "mo")
    annotate(big, ref, "Wombat matter kept private", "mo", confidential=True)
    assert [r["ref"] for r in page(big, "mo", CaseQuery(text="quokka", notes=True))] == [ref]
    assert page(big, "mo", CaseQuery(text="wombat", notes=True)) == []


def test_filter_by_like_finds_what_ilike_finds(big, monkeypatch):
    """On SQLite the filter uses plain LIKE (blind to ASCII case there); it must find exactly
    the cases ilike finds, as on PostgreSQL."""
    from casework.queue import pages as queue

    rows = _all(big, CaseQuery(include_ended=True), 1000)
    probes = sorted({r["subject"][:9] for r in rows[:30]} | {r["ref"][-6:] for r in rows[:5]})
    probes += ["Cl", "cllr", "the", "no such words", "%", "_", '"', "ß", "'s"]
    for probe in probes:
        query = CaseQuery(text=probe, include_ended=True)
        like = [r["ref"] for r in _all(big, query, 1000)]
        monkeypatch.setattr(queue, "_fts", lambda ws: False)
        ilike = [r["ref"] for r in _all(big, query, 1000)]
        monkeypatch.undo()
        assert like == ilike, probe
        assert count(big, "mo", query)[0] == len(like), probe


def test_cases_opened_later_are_found(big, monkeypatch):
    from casework.cases.opening import open_case
    from casework.people.register import add_person
    from casework.queue import pages as queue

    monkeypatch.setattr(queue, "WALK_BUDGET", queue.WALK_BUDGET)
    add_person(big, "mo", "member", "Cllr Zebedee Quill")
    add_person(big, "mo", "officer", "Olwen Marsh", service="Planning")
    ref = open_case(big, "mo", "Cllr Zebedee Quill", "Olwen Marsh", "21.9.3",
                    "Threw a stapler across the aardvark enclosure", "2026-11-02")
    for budget in (0, 10**9):  # through the indexes, then by walking the queue
        queue.WALK_BUDGET = budget
        monkeypatch.setattr(queue, "_RAN_OUT", {})
        for text in ("aardvark", "AARDVARK encl", ref[-5:], "Zebedee"):
            assert [r["ref"] for r in page(big, "mo", CaseQuery(text=text))] == [ref], (budget, text)


def test_rows_read_the_same_on_either_backend(ws):
    """SQLite's driver gives dates as text and PostgreSQL's as dates; a page's rows must not
    show which: ISO dates, working days in the stage and the overdue mark alike."""
    from casework.cases.opening import open_case

    late = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Old complaint", "2025-01-06")
    fresh = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.2", "New one", "2026-11-18")
    rows = {r["ref"]: r for r in page(ws, "mo", CaseQuery())}
    assert rows[late]["received"] == "2025-01-06" and rows[late]["overdue"] is True
    assert rows[late]["next_due"] < "2026-11-20" and rows[late]["days_in_stage"] > 400
    assert rows[fresh]["received"] == "2026-11-18" and rows[fresh]["overdue"] is False
    assert rows[fresh]["next_due"] > "2026-11-20" and rows[fresh]["days_in_stage"] == 2  # Wed to Fri
    assert rows[fresh]["stage"] and rows[fresh]["stage_short"]


def test_walking_and_the_indexes_find_the_same_cases(big, monkeypatch):
    """Text is looked for by walking the queue until the walk uses up its allowance, then
    through the indexes; which way a page was found must never show in what it holds, for
    text in many cases, in few and in none, in names, references, summaries and notes."""
    from casework.queue import pages as queue

    rows = _all(big, CaseQuery(include_ended=True), 1000)
    probes = sorted({r["subject"][:9] for r in rows[:20]} | {r["ref"][-6:] for r in rows[:3]}
                    | {r["complainant"].split()[-1] for r in rows[:5]})
    probes += ["the", "apology", "Cllr", "no such words", "50%", "a_b", '"quoted"', "mop-20"]
    for notes in (False, True):
        for probe in probes:
            query = CaseQuery(text=probe, notes=notes, include_ended=True)
            found = {}
            for budget in (0, 10**9):
                monkeypatch.setattr(queue, "WALK_BUDGET", budget)
                monkeypatch.setattr(queue, "_RAN_OUT", {})  # walks that ran out are not skipped
                found[budget] = [r["ref"] for r in _all(big, query, 60)]
            assert found[0] == found[10**9], (probe, notes)


def test_a_walk_that_runs_out_goes_by_the_indexes(big, monkeypatch):
    """A text in no case makes the walk read every case; with a small allowance it stops and
    the indexes answer, and a text in many cases is still found by the walk alone."""
    from casework.queue import pages as queue

    monkeypatch.setattr(queue, "WALK_BUDGET", 1)  # a thousand steps: a few open cases here
    walked = []
    real = queue._statements

    def spy(*args, by_index=True):
        walked.append(not by_index)
        return real(*args, by_index=by_index)

    monkeypatch.setattr(queue, "_statements", spy)
    monkeypatch.setattr(queue, "_RAN_OUT", {})
    assert page(big, "mo", CaseQuery(text="no such words anywhere")) == []
    assert walked == [True, False]
    walked.clear()  # typing on: text holding one whose walk ran out goes to the indexes at once
    assert page(big, "mo", CaseQuery(text="No such words anywhere, truly")) == []
    assert walked == [False]
    walked.clear()
    assert len(page(big, "mo", CaseQuery(text="the"), 0, 10)) == 10
    assert walked == [True]


def test_typed_wildcards_are_taken_literally(big):
    """% and _ typed into the filter are characters to find, not LIKE's wildcards."""
    from casework.cases.opening import open_case
    from casework.people.register import add_person

    add_person(big, "mo", "member", "Cllr Percy Cent")
    add_person(big, "mo", "officer", "Una Derscore", service="Finance")
    ref = open_case(big, "mo", "Cllr Percy Cent", "Una Derscore", "21.9.3",
                    "Claimed 100% of the budget_line for himself", "2026-11-03")
    for text in ("100%", "budget_line", "0% o"):
        assert [r["ref"] for r in page(big, "mo", CaseQuery(text=text))] == [ref], text
    assert page(big, "mo", CaseQuery(text="budget%line")) == []
    assert page(big, "mo", CaseQuery(text="1_0")) == []


def test_filter_text_is_literal_on_either_backend(ws):
    from casework.cases.opening import open_case

    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Billed 100% of a back\\slash", "2026-11-02")
    other = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.2", "Billed 1000 hours", "2026-11-03")
    for text, found in (("100%", [ref]), ("back\\slash", [ref]), ("1_0", []), ("billed", [other, ref])):
        assert sorted(r["ref"] for r in page(ws, "mo", CaseQuery(text=text))) == sorted(found), text


def test_a_login_that_may_not_act_is_told_why(big):
    """The queue reads the acting user on its own connection; a login that is unknown,
    deactivated or holds control characters gets the reason, and the connection goes back."""
    import pytest
    from sqlalchemy import text

    from casework.errors import NotFound, Refused
    from casework.people.register import add_user

    add_user(big, "mo", "gone", "Gone Away", "viewer")
    with big.engine.begin() as conn:
        conn.execute(text("UPDATE user_account SET active = 0 WHERE login = 'gone'"))
    for login, error, words in (("gone", Refused, "deactivated"), ("nobody", NotFound, "no user"),
                                ("mo\x07", NotFound, "no user")):
        with pytest.raises(error, match=words):
            page(big, login, CaseQuery(text="Cllr"))
    assert big.engine.pool.checkedout() == 0
    assert len(page(big, "mo", CaseQuery(text="Cllr"), 0, 5)) == 5


def test_prepared_statements_serve_the_first_keystrokes(big, monkeypatch):
    """After prepare (run as the application opens), typing builds and compiles nothing:
    each shape of text, walked or through the indexes, with notes or without, is ready."""
    from casework.queue import pages as queue
    from casework.queue import sqlite as queue_sqlite

    queue._statements.cache_clear()
    queue_sqlite.compiled.cache_clear()
    queue.prepare(big, "mo")
    built, compiled = queue._statements.cache_info().misses, queue_sqlite.compiled.cache_info().misses
    for notes in (False, True):
        for text in ("q", "qu", "quokka walk", "no such words anywhere"):
            for budget in (0, 10**9):  # through the indexes, then walked
                monkeypatch.setattr(queue, "WALK_BUDGET", budget)
                monkeypatch.setattr(queue, "_RAN_OUT", {})
                page(big, "mo", CaseQuery(text=text, notes=notes))
    assert queue._statements.cache_info().misses == built
    assert queue_sqlite.compiled.cache_info().misses == compiled
