"""The triage queue: new complaints first, then the nearest deadline, page after page."""

import pytest

from casework.demo_bulk import build_bulk
from casework.queue import SORTS, CaseQuery, count, page
from helpers import make_workspace


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

    from casework import queue
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
    from casework.papers import annotate

    ref = page(big, "mo", CaseQuery(), 0, 1)[0]["ref"]
    annotate(big, ref, "Quokka sighting reported by the clerk", "mo")
    annotate(big, ref, "Wombat matter kept private", "mo", confidential=True)
    assert [r["ref"] for r in page(big, "mo", CaseQuery(text="quokka", notes=True))] == [ref]
    assert page(big, "mo", CaseQuery(text="wombat", notes=True)) == []


def test_filter_by_like_finds_what_ilike_finds(big, monkeypatch):
    """On SQLite the filter uses plain LIKE (blind to ASCII case there); it must find exactly
    the cases ilike finds, as on PostgreSQL."""
    from casework import queue

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


def test_cases_opened_later_are_found(big):
    from casework.cases import open_case
    from casework.register import add_person

    add_person(big, "mo", "member", "Cllr Zebedee Quill")
    add_person(big, "mo", "officer", "Olwen Marsh", service="Planning")
    ref = open_case(big, "mo", "Cllr Zebedee Quill", "Olwen Marsh", "21.9.3",
                    "Threw a stapler across the aardvark enclosure", "2026-11-02")
    for text in ("aardvark", "AARDVARK encl", ref[-5:], "Zebedee"):
        assert [r["ref"] for r in page(big, "mo", CaseQuery(text=text))] == [ref], text
