"""PostgreSQL: a keystroke's first page of text not searched in the notes, with the walk of the
queue capped.

Testing a case against names, references and summaries is a few of its columns, so the queue is
walked in its order (casework.queue.pages) and common text fills a page within its first few
hundred cases. Rarer text walks further, and text found in fewer cases than a page walks every
open case: "MOP-2026-621", a key of a reference that holds 99 of them at 100,000 cases, took 70
to 90 ms of the server's work. So each part of the triage order is walked over its first
WALK_CASES cases (capped_first); text found there often enough walks on from where they end, and
rarer text is read from the trigram indexes: 19 ms for that key. Capping only keys typed on
into text whose page had lain beyond those first cases (c56d3f7) missed keys like that one, whose
previous key's page lay among the newest complaints; capping every key costs a common key about
2 ms more (a larger plan to start), where its planning had cost 3 ms more before the statements
were planned once (db.engine.planned_once).
"""

from datetime import date

from sqlalchemy import Date, and_, bindparam, func, literal, or_, select, union_all

from casework.queue.query import CaseQuery
from casework.queue.statements import _ids, _shown, _triage_orders, _triage_part_rows, _Who
from db.models import Case

# Found at least a page's 1/DENSE in a short walk: walked on, not read from the indexes.
DENSE = 4


def capped_first(shape: CaseQuery, who: _Who, today: date, limit: int):
    """The page, in one statement: each part of the triage order walked no further than its
    first cases, to the day received, or the deadline, its parameters walk_received and
    walk_due give (bound_values: the WALK_CASES-th's). If that cannot be the page, text found
    there often enough ("Cllr F": 36 in 1,000 at 100,000 cases) is walked on, as
    casework.queue.pages._bounded_first does, and rarer text read from the trigram indexes.
    Open cases only (`shape` keeps no ended ones)."""
    walked, indexed = _ids(shape, who, today, by_index=False), _ids(shape, who, today)
    # Where the first cases of each part end, as read once a process (queue_bounds) and given
    # with the text (bound_values): read in the statement, they were two index reads of 500
    # entries at every key. A later case moves them, but a region that begins its part,
    # or is all of it, is all the statement needs (see below), and either bound keeps one so.
    last_received, last_due = bindparam("walk_received", type_=Date), bindparam("walk_due", type_=Date)
    # Each region a beginning of its part in the triage order (ties at its end included), or
    # the whole part when it has fewer than WALK_CASES cases (no bound): its rows, fewer than a
    # page, are then every case of the part the text matches. Open cases always have a deadline.
    regions = (Case.received >= func.coalesce(last_received, date.min),
               Case.next_due <= func.coalesce(last_due, date.max))
    orders = _triage_orders(shape)

    def segment(n: int, *where):
        """The text's cases of one segment of the queue, in its order, numbered `n` in it:
        0 and 1 the new complaints within their region and beyond it, 2 and 3 the rest's."""
        order = orders[n // 2]
        return (walked.where(*where).add_columns(literal(n).label("part"),
                                                 func.row_number().over(order_by=order).label("pos"))
                .order_by(*order).limit(limit))

    def found(cte):
        return select(func.count()).select_from(cte).scalar_subquery()

    new = segment(0, _PARTS[0], regions[0]).cte("capped_new")
    found_new = found(new)
    rest = segment(2, _PARTS[1], regions[1], found_new < limit).cte("capped_rest")  # only when new ones fall short
    found_rest = found(rest)
    trusted = or_(found_new >= limit,
                  and_(last_received.is_(None), or_(found_new + found_rest >= limit, last_due.is_(None))))
    often = found_new + found_rest >= limit // DENSE
    # Walked on from where each region ends, not from the start again: the regions' rows are
    # already the page's first, and each segment beyond is walked only while the page is short.
    walk_on = and_(~trusted, often)
    new_on = segment(1, _PARTS[0], ~regions[0], walk_on, found_new < limit).cte("new_walked")
    rest_on = segment(3, _PARTS[1], ~regions[1], walk_on, found_new + found(new_on) + found_rest < limit)
    shown = or_(trusted, walk_on)
    return _shown(union_all(select(*new.c).where(shown), select(*new_on.c), select(*rest.c).where(shown), rest_on,
                            *_triage_part_rows(indexed, shape, limit, and_(~trusted, ~often), "new_indexed"))
                  .subquery(), limit)


_PARTS = (Case.state == "received", Case.state != "received")


def _bounds(walk: int):
    """The day the walk-th open new complaint was received, and the walk-th open case's
    deadline: where each part's first `walk` cases end in the triage order (NULL for a part
    with fewer)."""
    opened, at = Case.is_open.is_(True), max(walk, 1) - 1
    return select(
        select(Case.received).where(opened, _PARTS[0]).order_by(Case.received.desc())
        .offset(at).limit(1).scalar_subquery().label("received"),
        select(Case.next_due).where(opened).order_by(Case.next_due).offset(at).limit(1)
        .scalar_subquery().label("due"))


def bound_values(bounds: tuple) -> dict:
    """queue_bounds as capped_first's statement takes them."""
    return dict(zip(("walk_received", "walk_due"), bounds))


def queue_bounds(conn, walk: int) -> tuple:
    """_bounds as read now, once a process for each database (kept by the caller): where the
    first cases of each part end moves slowly, and only says which statement reads a page."""
    return tuple(conn.execute(_bounds(walk)).one())
