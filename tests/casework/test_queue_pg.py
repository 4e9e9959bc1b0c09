"""On PostgreSQL a search of the notes walks the queue a little way, then answers from trigram
indexes (db.pg_text, migration 0032) for text of three characters or more, or walks the rest for
shorter text: the same cases as testing every case, by a plan that can use the indexes, in one
statement; and an upgrade that cannot create them says why in one line."""

import re
from functools import partial

import pytest
from helpers import make_workspace
from pg_plans import ANALYZED, generic_plan
from sqlalchemy.engine import make_url

from casework.demo.bulk import build_bulk
from casework.queue import pages as queue
from casework.queue import statements
from casework.queue.pages import CaseQuery, count, page
from db import pg_text

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def big(pg_server):
    url = pg_server.new_database("trigrams")
    ws = make_workspace(url)
    build_bulk(ws, "mo", 300, 11)
    yield ws
    ws.engine.dispose()
    pg_server.drop_database(url.rsplit("/", 1)[1])


def _refs(ws, query):
    rows, offset = [], 0
    while chunk := page(ws, "mo", query, offset, 80):
        rows += chunk
        offset += 80
    return [r["ref"] for r in rows]


def test_the_indexes_find_what_testing_every_case_finds(big, monkeypatch):
    plain_rows = queue._plain_rows
    rows = page(big, "mo", CaseQuery(include_ended=True), 0, 40)
    probes = sorted({r["subject"][:9] for r in rows[:12]} | {r["ref"][-6:] for r in rows[:3]}
                    | {r["complainant"].split()[-1] for r in rows[:5]})
    probes += ["the", "apology", "CLLR", "no such words", "50%", "a_b", "mop-20", "ÉCOLE",
               "ap", "e", "zq", "%"]  # too short for trigrams: walked a little way, then all the way
    # Open cases only, every case, and one stage (ended, then open): the indexes test the
    # cases' own text on open cases only when the page keeps open cases only.
    every = page(big, "mo", CaseQuery(include_ended=True), 0, 400)
    ended = next(r["state"] for r in every if r["next_due"] is None)
    kept = [{}, {"include_ended": True}, {"state": ended},
            {"state": next(r["state"] for r in rows if r["next_due"] is not None)}]
    for notes in (False, True):
        for probe in probes:
            for which in kept:
                query = CaseQuery(text=probe, notes=notes, **which)
                monkeypatch.undo()  # the last probe's cap, below
                monkeypatch.setattr(statements, "FTS_MIN", 10**6)  # every text tested case by case,
                monkeypatch.setattr(queue, "WALK_CASES", 10**9)  # every case of the queue
                walked = _refs(big, query), count(big, "mo", query)
                monkeypatch.undo()
                # The first page walked over so few cases that the indexes answer, over some
                # (15: common text found often enough to walk on), and over every case; the
                # count always from the indexes.
                # Open cases, no notes: with the walk capped at WALK_CASES (casework.queue.capped,
                # as typed) and not.
                for far in (False, True) if not (notes or which) else (None,):
                    monkeypatch.setattr(queue, "_plain_rows", partial(plain_rows, walk_capped=far))
                    for walk in (0, 7, 15, 10**9):
                        monkeypatch.setattr(queue, "WALK_CASES", walk)
                        assert (_refs(big, query), count(big, "mo", query)) == walked, (probe, notes, which, walk, far)
                    # Pages so short that a walk of a case or two fills them, or seems to: the
                    # walk's rows are the page only when nothing it left unwalked could come first.
                    for walk in (1, 2):
                        monkeypatch.setattr(queue, "WALK_CASES", walk)
                        for size in (1, 2, 3):
                            assert [r["ref"] for r in page(big, "mo", query, 0, size)] == walked[0][:size], \
                                (probe, notes, which, walk, size, far)
    assert _refs(big, CaseQuery(text="the", notes=True, include_ended=True))  # some text is found


def test_a_note_only_confidential_papers_hold_is_not_found(big):
    from casework.cases.papers import annotate

    ref = page(big, "mo", CaseQuery(), 0, 1)[0]["ref"]
    annotate(big, ref, "quokkas in a confidential aside", "mo", confidential=True)
    assert _refs(big, CaseQuery(text="quokkas", notes=True)) == []
    annotate(big, ref, "quokkas again, for the file", "mo")
    assert _refs(big, CaseQuery(text="quokkas", notes=True)) == [ref]


@pytest.mark.parametrize("notes", [False, True])
def test_the_search_can_be_answered_from_the_trigram_indexes(big, notes):
    """Each index is one the statement's plan can use: with reading whole tables priced out,
    the planner takes every one (a test that differs from the partial index's, or an OR over
    a join, would leave it no choice but to read every note). Over every case: where only open
    cases are kept, the planner may rightly read the open ones instead when there are few."""
    from casework.access.actors import acting_row
    from casework.transaction import read

    with read(big.engine) as s:
        user = acting_row(s, "mo")
        statement = statements._filtered(statements.select(statements.Case.id), CaseQuery(text="apology", notes=notes, include_ended=True),
                                    user, big.today())
        conn = s.connection()
        conn.exec_driver_sql("ANALYZE")  # as autovacuum may have, or not, by now: one plan either way
        # Whole tables read in order of a key (a plain index scan with the test as a filter) are
        # priced out too: with fresh statistics the register's few rows were read that way.
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
        plan = "\n".join(generic_plan(conn, statement, {}))
    wanted = {name for name, (table, _, _) in pg_text.INDEXES.items() if notes or table != "note"}
    assert {name for name in pg_text.INDEXES if name in plan} == wanted, plan


@pytest.fixture
def login_without_create(pg_server):
    """A database where nobody but superusers may create extensions, and a login of no standing."""
    from psycopg import sql

    url = pg_server.new_database("no_extension")
    name = url.rsplit("/", 1)[1]
    with pg_server.connect(name, autocommit=True) as conn:
        conn.execute("CREATE ROLE lowly LOGIN PASSWORD 'lowly-pass-1'")
        conn.execute(sql.SQL("REVOKE CREATE ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
    yield url, make_url(url).set(username="lowly", password="lowly-pass-1").render_as_string(False)
    pg_server.drop_database(name)
    with pg_server.connect("postgres", autocommit=True) as conn:
        conn.execute("DROP OWNED BY lowly")
        conn.execute("DROP ROLE lowly")


def _upgraded(url: str) -> str:
    from db.engine import DatabaseUnavailable, make_engine
    from db.schema import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    except DatabaseUnavailable as refused:
        return str(refused)
    finally:
        engine.dispose()
    return "upgraded"


def test_a_schema_owner_who_may_not_create_the_extension_is_told_what_to_grant(pg_server, login_without_create):
    admin, lowly = login_without_create
    with pg_server.connect(make_url(admin).database, autocommit=True) as conn:
        conn.execute("GRANT ALL ON SCHEMA public TO lowly")  # may create tables, so owns them
    said = _upgraded(lowly)
    assert "\n" not in said and "extension, which lowly may not create here" in said, said
    assert "grant it CREATE on the database" in said
    with pg_server.connect(make_url(admin).database) as conn:  # nothing of it left behind
        assert conn.execute("SELECT to_regclass('case_file')").fetchone()[0] is None
    assert _upgraded(admin) == "upgraded"


def test_a_handler_at_the_older_schema_is_told_to_ask_the_schema_owner(pg_server, login_without_create):
    from db.engine import make_engine
    from db.schema import build_at

    admin, lowly = login_without_create
    engine = make_engine(admin)
    build_at(engine, "0031")
    engine.dispose()
    with pg_server.connect(make_url(admin).database, autocommit=True) as conn:
        conn.execute("GRANT SELECT ON alembic_version TO lowly")
    said = _upgraded(lowly)
    assert "a handler's login may not upgrade it: ask its administrator to run `casework init` as the schema owner" in said, said
    assert _upgraded(admin) == "upgraded"


def test_text_holding_one_that_filled_no_page_is_read_from_the_indexes(big, monkeypatch):
    """Typing on into text whose walk found fewer cases than a page: it matches no more cases,
    so its page comes from the indexes, not another walk of every open case; the same page."""
    ref = page(big, "mo", CaseQuery(), 0, 5)[2]["ref"]
    rare_flags = []
    real = queue._one_statement

    def spy(shape, who, today, limit, walk, rare=False, walk_capped=False):
        rare_flags.append(rare)
        return real(shape, who, today, limit, walk, rare, walk_capped)

    def first_pages():
        return [([r["ref"] for r in page(big, "mo", CaseQuery(text=t), 0, 10)],
                 count(big, "mo", CaseQuery(text=t))) for t in typed]

    queue._RARE.clear()
    typed = [ref[:n] for n in range(3, len(ref) + 1)] + [ref.lower(), ref[:3], ref]
    monkeypatch.setattr(queue, "_one_statement", spy)
    pages = first_pages()
    monkeypatch.undo()
    monkeypatch.setattr(statements, "FTS_MIN", 10**6)  # every text tested case by case
    assert pages == first_pages()
    first_rare = next(i for i, (rows, _) in enumerate(pages) if len(rows) < 10)
    assert 0 < first_rare < len(ref) - 3 and ref in pages[-1][0]
    held = typed[first_rare].lower()
    assert rare_flags == [i > first_rare and held in t.lower() for i, t in enumerate(typed)]
    assert rare_flags[-2:] == [False, True]  # common text walks; the reference again is still rare


@pytest.mark.parametrize("include_ended", [False, True])
def test_a_short_note_search_of_open_cases_reads_their_notes_case_by_case(big, include_ended):
    """Text too short for trigrams is walked. Over open cases each case's notes are read through
    their index, until the page is found; PostgreSQL may otherwise read every note of every case
    into a hash first (340 ms at 100,000 cases for "q"). Reading a case's notes by their index is
    priced out here, so the planner would take the hash wherever the statement leaves it free to;
    over every case, ended ones too, it is left free to, and takes it."""
    from casework.access.actors import acting_row
    from casework.transaction import read

    with read(big.engine) as s:
        user = acting_row(s, "mo")
        statement = statements._filtered(statements.select(statements.Case.id),
                                         CaseQuery(text="q", notes=True, include_ended=include_ended), user, big.today())
        conn = s.connection()
        conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        plan = "\n".join(generic_plan(conn, statement, {}))
    lines = [line.strip() for line in plan.splitlines()]
    notes_read = [line.split()[1] for line, under in zip(lines, lines[1:])
                  if line.startswith("SubPlan") and " on note" in under]
    assert len(notes_read) == 1, plan
    assert (f"hashed SubPlan {notes_read[0]})" in plan) is include_ended, plan


@pytest.mark.parametrize("text, often", [("the", True), ("no such words", False)])
def test_text_the_walk_found_often_is_walked_on_and_rare_text_read_from_the_indexes(big, text, often):
    """A note search's walk too short to be the page: text it found often walks on, text it
    found rarely or never is read from the trigram indexes. The indexes' branch of the statement
    runs only for the rare text (reading whole tables priced out, so it would use them)."""
    from casework.access.actors import acting_row
    from casework.transaction import read

    limit, walk = 20, 3
    with read(big.engine) as s:
        user = acting_row(s, "mo")
        shape = statements._shape(CaseQuery(text=text, notes=True))
        statement = queue._bounded_first(shape, statements._Who(user.id, user.role, user.person_id),
                                         big.today(), limit, walk)
        conn = s.connection()
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        lines = generic_plan(conn, statement, queue.text_values(text), ANALYZED)
        rows = conn.execute(statement, queue.text_values(text)).all()
    # The register's index is also how a walk finds names: the cases' and the notes' are not.
    gathered = [name for name, (table, _, _) in pg_text.INDEXES.items() if table != "person"]
    by_index = [line for line in lines if any(name in line for name in gathered)]
    assert by_index, "\n".join(lines)
    assert all("never executed" in line for line in by_index) is often, "\n".join(lines)
    assert [r.ref for r in rows] == _refs(big, CaseQuery(text=text, notes=True))[:limit]


def test_each_shape_of_text_is_compiled_before_the_first_key_that_needs_it(big, caplog):
    """On PostgreSQL the application prepares the queue's statements as the first page is shown
    (queue.prepare): a key's statement is then one SQLAlchemy compiled already ("cached since"
    in its log), not compiled at that key ("generated in", 6 to 47 ms)."""
    import logging

    from casework.workspace import open_workspace

    # An engine of its own: SQLAlchemy keeps compiled statements per engine, and the other
    # tests here have compiled some on the module's.
    ws = open_workspace(big.engine.url.render_as_string(hide_password=False))
    ws.today = big.today
    queue.prepare(ws, "mo")
    ref = page(ws, "mo", CaseQuery(), 0, 1)[0]["ref"]
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine.Engine")
    queue._RARE.clear()
    for notes in (False, True):
        for text in ("Q", "ap", "apo", "nowhere at all", ref):
            caplog.clear()
            page(ws, "mo", CaseQuery(text=text, notes=notes), 0, 100)
            said = " ".join(r.getMessage() for r in caplog.records)
            assert "cached since" in said and "generated in" not in said, (text, notes, said[-300:])
    # "nowhere at all" found no page: typed on, it is read from the indexes, prepared too.
    caplog.clear()
    page(ws, "mo", CaseQuery(text="nowhere at all, still"), 0, 100)
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "cached since" in said and "generated in" not in said, said[-300:]
    ws.engine.dispose()


@pytest.mark.parametrize("filled", [True, False])
def test_the_rest_of_the_queue_is_read_only_when_new_complaints_do_not_fill_the_page(big, filled):
    """The triage order is new complaints, then the rest: a page the new complaints fill never
    reads the rest (the server would otherwise walk it to its page's end, for rows not shown)."""
    from casework.access.actors import acting_row
    from casework.transaction import read

    new = sum(r["state"] == "received" for r in _every(big))
    assert new > 1
    limit = new if filled else new + 1
    with read(big.engine) as s:
        user = acting_row(s, "mo")
        who = statements._Who(user.id, user.role, user.person_id)
        statement = queue._one_statement(CaseQuery(), who, big.today(), limit, queue.WALK_CASES)
        values = {"login": "mo", "lim": limit, "off": 0}
        lines = generic_plan(s.connection(), statement, values, ANALYZED)
        rows = s.connection().execute(statement, values).all()
    # Each part's walk (case_file_1, case_file_2); the page's cases joined to their names after, case_file.
    scans = [line for line in lines if re.search(r" on case_file case_file_\d+ ", line)]
    assert len(scans) == 2, "\\n".join(lines)
    assert ["never executed" in line for line in scans] == [False, filled], "\\n".join(lines)
    assert [r.ref for r in rows] == [r["ref"] for r in page(big, "mo", CaseQuery(), 0, limit)]


def _every(ws):
    return page(ws, "mo", CaseQuery(), 0, 10_000)


def test_no_statement_starts_parallel_workers(big):
    """Starting workers cost 10 ms where a page from the indexes took 1 ms of their work
    (db.engine.NO_WORKERS). Priced as free here, the planner would start them for that
    page, as the same session shows once it is allowed to; casework's sessions never allow it."""
    from casework.access.actors import acting_row
    from casework.transaction import read

    with read(big.engine) as s:
        user = acting_row(s, "mo")
        who = statements._Who(user.id, user.role, user.person_id)
        shape = statements._shape(CaseQuery(text="no such words"))
        statement = queue._one_statement(shape, who, big.today(), 20, queue.WALK_CASES, rare=True)
        values = {"login": "mo", "lim": 20, "off": 0, **queue.text_values("no such words")}
        conn = s.connection()
        for setting in ("parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size",
                        "min_parallel_index_scan_size"):
            conn.exec_driver_sql(f"SET LOCAL {setting} = 0")

        def plan() -> str:
            return "\n".join(generic_plan(conn, statement, values))
        as_casework = plan()
        conn.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 2")
        allowed = plan()
    assert "Gather" not in as_casework, as_casework
    assert "Gather" in allowed, allowed


def test_typed_text_is_planned_once_for_any_text_and_nothing_else_is(big):
    """Each statement of a keystroke's page and count is prepared at its first use and planned
    once, for any text (db.engine.planned_once): the keys typed after it are not planned
    again. The database's other statements are planned as PostgreSQL chooses."""
    from sqlalchemy import text

    from casework.transaction import read, read_alone
    from db.engine import planned_once

    for typed in ("a", "ap", "apo", "apol", "Cllr", "Cllr F", "nowhere at all", "nowhere at all, still"):
        for notes in (False, True):
            page(big, "mo", CaseQuery(text=typed, notes=notes), 0, 20)
            count(big, "mo", CaseQuery(text=typed, notes=notes))
    with read_alone(planned_once(big.engine)) as s:
        prepared = s.execute(text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")).all()
        mode = s.execute(text("SHOW plan_cache_mode")).scalar_one()
    assert mode == "force_generic_plan"
    typed_ones = [p for p in prepared if "LIKE" in p.statement]
    assert len(typed_ones) >= 4, prepared  # walked, from the indexes, of the notes, counted
    assert all(p.generic_plans >= 1 and p.custom_plans == 0 for p in typed_ones), prepared
    assert sum(p.generic_plans for p in typed_ones) >= 16, prepared  # every key ran a prepared plan
    with read(big.engine) as s:
        assert s.execute(text("SHOW plan_cache_mode")).scalar_one() == "auto"
