"""The case queue: filtered, sorted pages of cases, fast at any size.

Lists read the stored state and dates; they never build a state machine per row.
A page is a LIMIT/OFFSET query, and counting stops at a cap, so neither grows with the
number of cases a council has.
"""

from datetime import date
from functools import lru_cache
from weakref import WeakKeyDictionary

from sqlalchemy import (
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import SQLAlchemyError

from casework.access.actors import ACTING, acting_row, acting_user
from casework.errors import UserError, has_control
from casework.queue import capped, statements
from casework.queue.capped import DENSE, capped_first
from casework.queue.query import MAX_SEARCH, SORTS, CaseQuery  # noqa: F401  (callers name them from here)
from casework.queue.rows import as_dicts
from casework.queue.sqlite import OutOfBudget, budget, compiled, plain_read, runner
from casework.queue.statements import (
    _filtered,
    _ids,
    _shape,
    _shown,
    _sorted,
    _statements,
    _triage_first,
    _triage_orders,
    _triage_part_rows,
    _Who,
)
from casework.queue.text_match import among, text_values
from casework.together import read_together
from casework.transaction import read, read_alone
from casework.workspace import Workspace
from db.engine import planned_once
from db.models import Case

# Text is looked for in one of two ways on SQLite. First by walking the queue in its order,
# testing each case, which fills a page within a few hundred cases when the text is common;
# the walk gives up after WALK_BUDGET thousand steps of SQLite's virtual machine (about
# 10 ms here). Then through indexes (migrations 0006 and 0009): trigram indexes of references,
# summaries and notes, and the cases about or brought by each matching person, which answer
# text in few cases or none at once, where the walk would read every open case (50 ms and
# more at 100,000). Trigrams need three characters (statements.FTS_MIN); shorter text is only
# walked.
WALK_BUDGET = 100


def walks_first(query: CaseQuery, fts: bool) -> bool:
    """Whether the query's text is first looked for by walking the queue (WALK_BUDGET)."""
    return fts and len(query.text.strip()) >= statements.FTS_MIN


def _triage(run, parts, offset: int, limit: int) -> list:
    counted, new, rest = parts
    if offset == 0:  # the page a keystroke asks for: no count needed to know where the rest starts
        rows = run(new, limit, 0)
        n_new = len(rows)
    else:
        n_new = run(counted)[0][0]
        rows = run(new, limit, offset) if offset < n_new else []
    if len(rows) < limit:
        rows += run(rest, limit - len(rows), max(0, offset - n_new))
    return rows


def _runner(conn, values: dict | None = None):
    """Runs a kept statement with a LIMIT and OFFSET through SQLAlchemy (PostgreSQL), with
    `values` for the parameters it names (the typed text's)."""
    def run(stmt, limit=None, offset=0):
        if limit is not None:
            stmt = stmt.offset(offset).limit(limit)
        return conn.execute(stmt, values or {}).all()
    return run


def _searchable(query: CaseQuery) -> None:
    if len(query.text) > MAX_SEARCH:
        raise UserError(f"--search: {len(query.text):,} characters is longer than anything searched "
                        f"for; search for a reference, a name or a phrase of at most {MAX_SEARCH}",
                        field="search")


def page(ws: Workspace, login: str, query: CaseQuery, offset: int = 0, limit: int = 100) -> list[dict]:
    _searchable(query)
    today = ws.today()
    if _fts(ws):
        rows = _sqlite_rows(ws, login, query, offset, limit, today)
    else:  # PostgreSQL (or SQLite without its indexes)
        rows = _plain_rows(ws, login, query, offset, limit, today)
    return as_dicts(ws.calendar, rows, today)


def _plain_rows(ws: Workspace, login: str, query: CaseQuery, offset: int, limit: int, today: date,
                rare: bool | None = None, walk_capped: bool | None = None) -> list:
    """The page's statement is built for the acting user as last read and sent
    together with the statement reading them again (casework.together), so a keystroke waits
    on the server once. Should they be another since (a new role, deactivated), the page is
    built again for who they are now, or refused: two waits, that once. As on SQLite, the
    typed text is a parameter of statements built for its shape. `rare`: whether the text is
    read from the indexes as known rare (_rare_before), if not as remembered; `walk_capped`,
    whether the walk is capped (casework.queue.capped), if not as every text that could walk
    the queue's length is: long enough for the trigram indexes, in the triage order of open
    cases, not searched in the notes (which _bounded_first caps its own way)."""
    shape, values = _shape(query), {"login": login, **text_values(query.text)}
    known = _CONFIRMED.setdefault(ws.engine, {})
    with read_alone(planned_once(ws.engine)) as s:
        conn = s.connection()
        # A later page, or SQLite's (which cannot take the parts' own LIMITs inside a UNION):
        # statements that need each other's rows.
        if query.sort == "triage" and (offset or ws.engine.dialect.name != "postgresql"):
            user = acting_row(s, login)
            _, parts = _statements(shape, _Who(user.id, user.role, user.person_id), today, False,
                                   offset + limit, by_index=False)
            return _triage(_runner(conn, values), parts, offset, limit)
        who = known.get(login)
        seen, text = _typed(ws, login, query)
        rare = _rare_before(seen, text) if rare is None else rare
        if walk_capped is None:
            walk_capped = not rare and _walks_all(shape) and shape.open_only
        while True:
            if who is None:
                user = acting_row(s, login)  # refuses, saying why, a login that may not act
                who = _Who(user.id, user.role, user.person_id)
            bounds = capped.bound_values(_bounds(ws, conn)) if walk_capped else {}
            me, rows = read_together(conn, (ACTING, _one_statement(shape, who, today, limit, WALK_CASES, rare, walk_capped)),
                                     {**values, **bounds, "lim": limit, "off": offset})
            now = _Who(me[0].id, me[0].role, me[0].person_id) if me else None
            if now == who:
                known[login] = who
                if not rare and len(rows) < limit and _walks_all(shape):
                    if len(_RARE) > 256:
                        _RARE.clear()
                    _RARE[seen] = text
                return rows
            known.pop(login, None)
            who = now


def _walks_all(shape: CaseQuery) -> bool:
    """PostgreSQL: whether the first page of `shape` walks the queue to its end when its text
    fills no page: text long enough for the trigram indexes, not searched in the notes (a
    search of the notes walks a little way only, _bounded_first), in the triage order."""
    return shape.sort == "triage" and not shape.notes and len(shape.text) >= statements.FTS_MIN


def _typed(ws: Workspace, login: str, query: CaseQuery) -> tuple[tuple, str]:
    """What rare text is remembered under (the database, the login and the query's shape), and
    the text typed as it is compared."""
    return (ws.engine.url, login, _shape(query)), query.text.strip().lower()


def _rare_before(seen: tuple, text: str) -> bool:
    """Whether `text` holds one whose walk found fewer cases than a page, for this database,
    login and query shape: it matches no more cases than that did, so its page is read from the
    trigram indexes, not by walking every open case again. A name found nowhere at 100,000
    cases, each key after the first that ran out: 38-42 ms walking, 11-13 from the indexes."""
    before = _RARE.get(seen)
    return before is not None and before in text and _walks_all(seen[2])


# The latest text whose walk of the queue found fewer cases than a page (_plain_rows).
_RARE: dict = {}


# The acting user each page was last built for, by engine and login (_plain_rows).
_CONFIRMED: "WeakKeyDictionary[object, dict[str, _Who]]" = WeakKeyDictionary()


@lru_cache(maxsize=256)
def _one_statement(shape: CaseQuery, who: _Who, today: date, limit: int, walk: int, rare: bool = False,
                   walk_capped: bool = False):
    """The one statement of a page that needs no other's rows: the first page of the triage
    order, or any page of another order (its LIMIT and OFFSET parameters, lim and off).
    `rare`: text known to match fewer cases than a page (_rare_before), read from the indexes.
    `walk_capped`: the queue walked no further than `walk` cases of each part (casework.queue.capped)."""
    if rare:
        return _triage_first(_ids(shape, who, today), shape, limit)
    # A search of the notes reads each case's notes (about 110 to 250 ms a key walking every
    # case at 100,000, 10 to 20 bounded), whatever the text's length; without them, testing a
    # case is a few of its columns, and common text fills a page walking, with no statement
    # for the indexes to plan: the walk is capped only for text typed on into text whose page
    # lay far down the queue (casework.queue.capped).
    if shape.sort == "triage" and shape.notes:
        return _bounded_first(shape, who, today, limit, walk)
    if walk_capped:
        return capped_first(shape, who, today, limit)
    if shape.sort == "triage":
        return _triage_first(_ids(shape, who, today, by_index=False), shape, limit)
    base, _ = _statements(shape, who, today, False, limit, by_index=False)
    return _sorted(base, shape).limit(bindparam("lim")).offset(bindparam("off"))


# PostgreSQL: how many cases of each part of the triage order a keystroke's text is tested
# against, in that order, before the trigram indexes answer instead (_bounded_first).
WALK_CASES = 500


@lru_cache(maxsize=256)
def _bounded_first(shape: CaseQuery, who: _Who, today: date, limit: int, walk: int):
    """PostgreSQL: a keystroke's first page of a search of the notes, in one statement. Each
    part of the queue is walked in its order over its first `walk` cases only, testing each,
    which fills a page when the text is common; if that cannot be the page (too few found in
    a part not walked to its end), the same page comes from the trigram indexes instead
    (db.pg_text), which answer rare text at once where the walk would test every case and its
    notes. Text shorter than statements.FTS_MIN has no trigrams: then the other branch walks every case,
    as before, but two letters are common and the short walk nearly always fills the page
    ("ap" at 100,000 cases: 17 ms, was 249 walking every note). The other branch is gated by
    a one-time test, so the server runs it only when the walk fell short: one wait either way."""
    walked, indexed = _ids(shape, who, today, by_index=False), _ids(shape, who, today)
    plain = _ids(shape.with_(text=""), who, today)
    seen, parts = [], []
    for n, (where, order) in enumerate(zip((Case.state == "received", Case.state != "received"),
                                           _triage_orders(shape))):
        prefix = plain.where(where).order_by(*order).limit(walk).cte(f"prefix{n}")
        seen.append(select(func.count()).select_from(prefix).scalar_subquery())
        # As IN, the planner hash-joined the prefix to every case of the part tested first
        # (4,205 received cases tested at 100,000, for 500 walked).
        parts.append(walked.where(where, among(prefix.c.id))
                     .add_columns(literal(n).label("part"), func.row_number().over(order_by=order).label("pos"))
                     .order_by(*order).limit(limit))
    walk_rows = union_all(*parts).cte("walked")
    found = [select(func.count()).select_from(walk_rows).where(walk_rows.c.part == n).scalar_subquery()
             for n in (0, 1)]
    # The walk's rows are the page if they fill it from the start of the queue: the first part
    # found a page, or was walked to its end and the second then filled the page or was too.
    trusted = or_(found[0] >= limit,
                  and_(seen[0] < walk, or_(found[0] + found[1] >= limit, seen[1] < walk)))
    from_walk = select(*walk_rows.c).where(trusted)
    if len(shape.text) < statements.FTS_MIN:  # no trigrams: `indexed` walks every case too
        rest = _triage_part_rows(indexed, shape, limit, ~trusted)
    else:
        # What the walk found says how far on the page is. Found often ("Cllr F" at 100,000
        # cases: 29 in 1,000 walked) the page is a few walks further: walking on took 70 ms where
        # the indexes took 137 (its trigrams are in 85,000 notes, each tested again). Found
        # rarely or never, the indexes answer at once where walking on tests every open case.
        often = found[0] + found[1] >= limit // DENSE
        rest = [*_triage_part_rows(walked, shape, limit, and_(~trusted, often), "new_walked"),
                *_triage_part_rows(indexed, shape, limit, and_(~trusted, ~often), "new_indexed")]
    return _shown(union_all(from_walk, *rest).subquery(), limit)


def _bounds(ws: Workspace, conn) -> tuple:
    """casework.queue.capped.queue_bounds, read once a process for each database."""
    walk, found = _BOUNDS.get(ws.engine, (None, None))
    if walk != WALK_CASES:
        found = capped.queue_bounds(conn, WALK_CASES)
        _BOUNDS[ws.engine] = WALK_CASES, found
    return found


_BOUNDS: "WeakKeyDictionary[object, tuple]" = WeakKeyDictionary()


def _page_rows(run, base, parts, query: CaseQuery, offset: int, limit: int) -> list:
    if query.sort == "triage":
        return _triage(run, parts, offset, limit)
    return run(_sorted(base, _shape(query)), limit, offset)


def _acting_who(ws: Workspace, run, login: str) -> _Who:
    found = None if has_control(login) else run(ACTING)
    if found:
        return _Who(found[0][0], found[0][2], found[0][3])
    with read(ws.engine) as s:  # says why this login may not act
        user = acting_user(s, login)
    return _Who(user.id, user.role, user.person_id)


def prepare(ws: Workspace, login: str, limit: int = 100) -> None:
    """Builds and compiles, ahead of any typing, the statements a keystroke's first page
    needs for each shape of text (short, long walked, long through the indexes), with notes
    and without, so no keystroke waits 5-10 ms for its statements to be built."""
    if not _fts(ws):
        if ws.engine.dialect.name == "postgresql":
            _prepare_shared(ws, login, limit)
        return
    with plain_read(ws.engine) as cursor:
        who = _acting_who(ws, runner(cursor, ws.engine.dialect, {"login": login}), login)
    for notes in (False, True):
        for text in ("-", "-" * statements.FTS_MIN):
            shape = CaseQuery(text=text, notes=notes)
            key = (shape, who, ws.today(), True, limit)
            # Called exactly as _sqlite_rows calls it, or the cache would not know them.
            built = [_statements(*key)]
            if walks_first(shape, True):
                built.append(_statements(*key, by_index=False))
            for _, (_, new, rest) in built:
                compiled(new, ws.engine.dialect)
                compiled(rest, ws.engine.dialect)


# Text no case holds, whose trigrams the indexes find nowhere at once (_prepare_shared).
_NOWHERE = "zqxjvqzx"


def _prepare_shared(ws: Workspace, login: str, limit: int) -> None:
    """PostgreSQL: each shape's first page read once, so SQLAlchemy builds and compiles its
    statement here rather than at the first key that needs it: 6 to 47 ms (at 1,000 cases a
    note search's "apo" took 60 ms its first time, 22 after; "a" 40, then 13). The statements
    need an execution to be kept compiled, so each is run: the walks with text every case holds
    (its reference's first letters, which fill a page at once; the capped walk too), the
    indexes' statement with text none holds. A failure here loses only the head start: the key
    that needs it builds it."""
    today = ws.today()
    try:
        first = page(ws, login, CaseQuery(), 0, limit)
        ref = first[0]["ref"] if first else "case"
        for notes in (False, True):
            for text in (ref[:1], ref[:statements.FTS_MIN]):
                _plain_rows(ws, login, CaseQuery(text=text, notes=notes), 0, limit, today)
        _plain_rows(ws, login, CaseQuery(text=_NOWHERE), 0, limit, today, rare=True)
        _plain_rows(ws, login, CaseQuery(text=ref[:statements.FTS_MIN]), 0, limit, today, walk_capped=True)
    except SQLAlchemyError:
        pass


def _sqlite_rows(ws: Workspace, login: str, query: CaseQuery, offset: int, limit: int, today: date):
    shape, dialect = _shape(query), ws.engine.dialect
    with plain_read(ws.engine) as cursor:
        run = runner(cursor, dialect, {"login": login, **text_values(query.text)})
        key = (shape, _acting_who(ws, run, login), today, True, offset + limit)
        text, seen = query.text.strip().lower(), (ws.engine.url, key)
        ran_out = _RAN_OUT.get(seen)
        # Text that holds one whose walk ran out matches no more cases than it did, so its
        # walk would run out too: typing on into a rare word goes straight to the indexes.
        if walks_first(query, True) and not (ran_out and ran_out in text):
            try:
                with budget(cursor.connection, WALK_BUDGET):
                    return _page_rows(run, *_statements(*key, by_index=False), query, offset, limit)
            except OutOfBudget:
                if len(_RAN_OUT) > 256:
                    _RAN_OUT.clear()
                _RAN_OUT[seen] = text
        return _page_rows(run, *_statements(*key), query, offset, limit)


# The latest text whose walk ran out, for each database and query shape (_sqlite_rows).
_RAN_OUT: dict = {}


def _fts(ws: Workspace) -> bool:
    return ws.engine.dialect.name == "sqlite"


def count(ws: Workspace, login: str, query: CaseQuery, cap: int = 100_000) -> tuple[int, bool]:
    """How many cases match, counting no further than `cap`; True when the cap was hit."""
    _searchable(query)
    today = ws.today()
    # Statements standing alone, as the page's: a ROLLBACK would end psycopg's prepared ones.
    with read_alone(planned_once(ws.engine)) as s:
        user = acting_row(s, login)
        # PostgreSQL counts through its trigram indexes only when notes are searched, or the
        # text is known to be rare, as it pages (_one_statement): names, references and
        # summaries are otherwise tested faster walking.
        rare = _rare_before(*_typed(ws, login, query))
        by_index = _fts(ws) or query.notes or rare
        inner = _filtered(select(Case.id), query, user, today, _fts(ws), by_index).limit(cap + 1).subquery()
        n = s.connection().execute(select(func.count()).select_from(inner)).scalar_one()
    return min(n, cap), n > cap
