"""What the queue's pages are read with: the statements built for a query and the acting user,
kept once built (casework.queue.pages runs them). One query is built the same way on both
databases, but for the text typed, which SQLite finds through its FTS5 tables and PostgreSQL
through its trigram indexes (casework.queue.text_match)."""

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import aliased

from casework.access.rules import visible_clause
from casework.queue.query import CaseQuery
from casework.queue.text_match import indexed, text_values, walked
from casework.workflow.roles import MO
from db.models import Case, Person, User

# Trigrams need three characters: shorter text is only walked (casework.queue.pages).
FTS_MIN = 3

Complainant = aliased(Person)
Subject = aliased(Person)

def _columns():
    return (Case.ref, Case.route, Case.state, Subject.name, Complainant.name, User.login,
            Case.received, Case.stage_entered, Case.next_due, Case.is_open)




def _joined(q):
    return (q.join(Subject, Subject.id == Case.subject_id)
            .join(Complainant, Complainant.id == Case.complainant_id)
            .outerjoin(User, User.id == Case.handler_id))


def _filtered(q, query: CaseQuery, user: User, today: date, fts: bool = False, by_index: bool = True,
              joined: bool = True):
    """`by_index`: on SQLite, text of FTS_MIN characters or more is found through the indexes
    rather than by walking the cases. `joined`: with the subject, complainant and handler
    joined, for their columns; without, the cases' own alone (_ids)."""
    if joined:
        q = _joined(q)
    if query.state:
        q = q.where(Case.state == query.state)
    elif not query.include_ended:
        q = q.where(Case.is_open.is_(True))
    if query.overdue:
        q = q.where(Case.is_open.is_(True), Case.next_due < today)
    if query.route:
        q = q.where(Case.route == query.route)
    if query.handler:
        q = q.where(User.login == query.handler if joined
                    else Case.handler_id.in_(select(User.id).where(User.login == query.handler)))
    text = query.text.strip()
    if text and by_index and len(text) >= FTS_MIN:  # fts False: PostgreSQL's trigram indexes
        q = q.where(indexed(text_values(text), query.notes, fts, query.open_only))
    elif text:
        q = q.where(walked(text_values(text), query.notes, fts, query.open_only))
    if user.role not in MO or user.person_id is not None:  # the common case stays one plain query
        q = q.where(visible_clause(user))
    return q


def _order(query: CaseQuery):
    column = {
        "ref": Case.ref, "route": Case.route, "stage": Case.state, "subject": Subject.name,
        "complainant": Complainant.name, "handler": User.login, "received": Case.received,
        "due": Case.next_due,
    }.get(query.sort)
    if query.sort == "days":  # more days in the stage means an earlier entry into it
        return [Case.stage_entered if query.descending else Case.stage_entered.desc(), Case.ref]
    return [column.desc() if query.descending else column, Case.ref]


def _triage_parts(base, query: CaseQuery, limit: int):
    """New complaints first, then the nearest deadline. Done as two queries, because each
    can then walk an index in order and stop at the page's end instead of sorting every
    open case on each keystroke. Returns the count of new ones (no further than `limit`:
    beyond it the exact number changes nothing), the new ones in order, and the rest in
    order."""
    new = base.where(Case.state == "received")
    counted = select(func.count()).select_from(new.limit(limit).subquery())
    rest = base.where(Case.state != "received")
    new_order, rest_order = _triage_orders(query)
    return counted, new.order_by(*new_order), rest.order_by(*rest_order)


def _triage_orders(query: CaseQuery) -> tuple:
    # Open cases always have a deadline; only ended ones need NULLs put last.
    nulls = [Case.next_due.is_(None)] if query.include_ended or query.state else []
    return (Case.received.desc(), Case.ref), (*nulls, Case.next_due, Case.received.desc(), Case.ref)


@lru_cache(maxsize=256)
def _triage_first(ids, query: CaseQuery, limit: int):
    """PostgreSQL: a keystroke's page, new complaints then the rest, as one statement, so the
    page is one wait on the server rather than two (bench.round_trips). Each part still walks
    its index in its order and stops at the page's end; row_number keeps that order through
    the union. `ids`: the query's cases as _ids selects them."""
    return _shown(union_all(*_triage_part_rows(ids, query, limit)).subquery(), limit)


@lru_cache(maxsize=256)
def _ids(query: CaseQuery, who: "_Who", today: date, by_index: bool = True):
    """PostgreSQL: the query's cases as their ids alone, the subject, complainant and handler
    joined afterwards to the page's cases alone (_shown). The server plans each statement a
    keystroke sends, and a part of the queue with those joins took twice as long to plan as
    without (1.2-1.4 ms against 0.65 at 100,000 cases); a keystroke's statement has up to six."""
    return _filtered(select(Case.id), query, who, today, False, by_index, joined=False)


def _shown(both, limit: int):
    """The page: the first `limit` cases of `both` (a subquery of id, part and pos) in the
    order of part and pos, with the columns the queue shows."""
    first = select(both.c.id, both.c.part, both.c.pos).order_by(both.c.part, both.c.pos).limit(limit).subquery("page")
    return (_joined(select(*_columns()).select_from(first).join(Case, Case.id == first.c.id))
            .order_by(first.c.part, first.c.pos))


@lru_cache(maxsize=256)
def _sorted(base, query: CaseQuery):
    return base.order_by(*_order(query))


class _Who(NamedTuple):
    """What of the acting user the queue's statements depend on."""
    id: int
    role: str
    person_id: int | None


@lru_cache(maxsize=256)
def _statements(query: CaseQuery, who: _Who, today: date, fts: bool, upto: int, by_index: bool = True):
    """A query's statements, built once: building and compiling them cost more than SQLite's
    work for a keystroke's page. On SQLite `query` is its shape (_shape): the text typed is
    a parameter, so every keystroke runs statements built for the first."""
    base = _filtered(select(*_columns()), query, who, today, fts, by_index)
    return base, _triage_parts(base, query, upto)


def _shape(query: CaseQuery) -> CaseQuery:
    """The query with its text replaced by any text that builds the same statements: none,
    too short for the trigram indexes, or long enough for them."""
    text = query.text.strip()
    return query.with_(text=text and "-" * (FTS_MIN if len(text) >= FTS_MIN else 1))


def _triage_part_rows(base, query: CaseQuery, limit: int, gate=None, name: str = "new") -> list:
    """The selects of _triage_first's two parts, each with its part and place in it. The rest
    of the queue is read only when the new complaints do not fill the page: the server sorts
    the two parts' rows together, so it read the second to its page's end whatever the first
    held ("MOP-2026-61" at 100,000 cases: 100 new complaints in 2 ms, then 24 ms walking the
    rest for rows the page never showed). `name`: of the new complaints' rows in the statement."""
    gated = () if gate is None else (gate,)
    (new_where, rest_where), orders = (Case.state == "received", Case.state != "received"), _triage_orders(query)
    parts = [base.where(where, *gated)
             .add_columns(literal(n).label("part"), func.row_number().over(order_by=order).label("pos"))
             .order_by(*order).limit(limit)
             for n, (where, order) in enumerate(zip((new_where, rest_where), orders))]
    new = parts[0].cte(name)
    filled = select(func.count()).select_from(new).scalar_subquery() >= limit
    return [select(*new.c), parts[1].where(~filled)]
