"""On PostgreSQL a keystroke's page is read without BEGIN and ROLLBACK, its new complaints and
the rest in one statement with the acting user read again (casework.queue.pages), and the same
rows as the two statements."""

import pytest
from helpers import USERS, make_workspace, populate

from bench.delay_proxy import Proxy
from casework.access.actors import acting_row
from casework.cases.advance import advance
from casework.cases.casefile import load_case_row
from casework.cases.opening import open_case
from casework.queue import pages
from casework.queue.pages import CaseQuery, page
from casework.transaction import read
from casework.workflow.routes import events_from
from casework.workspace import open_workspace

pytestmark = pytest.mark.postgres


def _cases(ws) -> list[str]:
    refs = [open_case(ws, "mo", about, by, "21.9.3", f"Case {n}", f"2026-11-0{n + 1}")
            for n, (about, by) in enumerate([("Cllr Ann Jones", "Bob Smith"), ("Bob Smith", "Cllr Tom Price"),
                                              ("Cllr Tom Price", "Olive Manager"), ("Olive Manager", "Cllr Ann Jones")])]
    advance(ws, refs[1], "withdraw", "mo", note="They asked in writing")
    with read(ws.engine) as s:
        route = load_case_row(s, refs[2]).route
    advance(ws, refs[2], events_from(route, "received")[0], "mo", note="Moved on")
    return refs


def test_the_page_in_one_statement_is_the_two_statements_page_for_every_role(pg_url):
    ws = populate(make_workspace(pg_url))
    _cases(ws)
    with read(ws.engine) as s:
        run = pages._runner(s.connection())
        for login in USERS:
            user = acting_row(s, login)
            who = pages._Who(user.id, user.role, user.person_id)
            for query in (CaseQuery(), CaseQuery(text="Smith"), CaseQuery(include_ended=True),
                          CaseQuery(text="nobody")):
                for limit in (1, 2, 100):
                    base, parts = pages._statements(query, who, ws.today(), False, limit)
                    two = pages._page_rows(run, base, parts, query, 0, limit)
                    assert run(pages._triage_first(pages._ids(query, who, ws.today()), query, limit)) == two, (login, query, limit)


def _through_proxy(pg_url: str, ws):
    """A workspace on the same database through a proxy that counts round trips."""
    host, rest = pg_url.rsplit("@", 1)
    port, dbname = rest.split(":", 1)[1].split("/", 1)
    proxy = Proxy(int(port), 0.0).start_thread()
    through = open_workspace(f"{host}@127.0.0.1:{proxy.port}/{dbname}")
    through.today = ws.today
    return proxy, through


def test_a_keystrokes_page_waits_on_the_server_once(pg_url):
    """The acting user and the page together: no ping, BEGIN or ROLLBACK around them."""
    ws = populate(make_workspace(pg_url))
    _cases(ws)
    proxy, through = _through_proxy(pg_url, ws)
    try:
        # Past psycopg's preparing, at a statement's sixth use: the first call walks the queue, the
        # text fills no page, and the later ones are read from the indexes (a statement of their own).
        for _ in range(8):
            before = proxy.round_trips
            rows = page(through, "mo", CaseQuery(text="Case"))
        assert len(rows) == 3  # the withdrawn one has ended
        assert proxy.round_trips - before == 1
    finally:
        through.engine.dispose()


def test_opening_a_case_waits_on_the_server_once(pg_url):
    """Every read of show_case in one statement (casework.cases.view_reads); a confidential
    case's recorded read is a write of its own, not counted here."""
    from casework.cases.views import show_case

    ws = populate(make_workspace(pg_url))
    refs = _cases(ws)
    proxy, through = _through_proxy(pg_url, ws)
    try:
        for ref in refs:
            for _ in range(7):  # past psycopg's preparing, at the sixth use
                before = proxy.round_trips
                shown = show_case(through, ref, "mo", record_reads=False)
            assert shown["ref"] == ref and shown["history"]
            assert proxy.round_trips - before == 1, ref
    finally:
        through.engine.dispose()


def test_a_recorded_read_waits_on_the_server_three_times_and_keeps_the_case_verifiable(pg_url):
    """Opening a case with confidential papers records the read: the reads, then the event with
    its BEGIN in one pipeline, then the commit. The case's version goes in the event as the
    server has it under the lock, so the case's own trail verifies with the read as its last
    event."""
    import json

    from casework.audit.case import verify_case
    from casework.cases.papers import annotate
    from casework.cases.views import show_case

    ws = populate(make_workspace(pg_url))
    ref = _cases(ws)[0]
    annotate(ws, ref, "Not for the subject's eyes", "mo", confidential=True)
    proxy, through = _through_proxy(pg_url, ws)
    try:
        for _ in range(7):  # past psycopg's preparing, at the sixth use
            before = proxy.round_trips
            shown = show_case(through, ref, "mo")
        assert proxy.round_trips - before == 3
    finally:
        through.engine.dispose()
    assert any(n["confidential"] for n in shown["notes"])
    with read(ws.engine) as s:
        version = load_case_row(s, ref).version
        rows = s.connection().exec_driver_sql(
            "SELECT action, data FROM audit_event WHERE case_ref = %(r)s ORDER BY seq", {"r": ref}).all()
        checked = verify_case(s, ref)
    reads = [json.loads(data) for action, data in rows if action == "read"]
    assert len(reads) == 7 and {r["case_version"] for r in reads} == {version}
    assert [r["case_seq"] for r in reads] == list(range(len(rows) - 6, len(rows) + 1))
    assert checked.ok, checked.message


def test_a_change_written_in_autocommit_may_write_nothing_but_its_event(pg_url):
    """casework.transaction.write_event: an ORM write beside the event is refused before
    anything is flushed, so it could not be kept without its event."""
    from casework.audit import chain as audit
    from casework.transaction import write_event
    from db.models import Person

    ws = populate(make_workspace(pg_url))
    ref = _cases(ws)[0]

    def change(s):
        s.add(Person(kind="officer", name="Planted Person"))
        audit.append(s, "mo", "read", ref, None, None, {"notes": [], "documents": [], "restricted": False})

    with pytest.raises(RuntimeError, match="writes nothing but its audit event"):
        write_event(ws.engine, change)
    with read(ws.engine) as s:
        assert not s.connection().exec_driver_sql(
            "SELECT 1 FROM person WHERE name = 'Planted Person'").all()


def test_show_without_sqlalchemy_reads_in_one_wait_and_records_a_read_in_two(pg_url, monkeypatch, tmp_path):
    """`casework show` on PostgreSQL (casework.cases.kept_show.show_shared): once connected and
    knowing who acts, the case's statements go with their BEGIN and COMMIT as one pipeline; a
    read of restricted papers is then recorded as the ordinary way records it, in two."""
    from casework.cases import case_reads, kept_show
    from casework.cases.papers import annotate

    monkeypatch.setenv("CASEWORK_CONFIG", str(tmp_path / "no-settings.toml"))
    ws = populate(make_workspace(pg_url))
    refs = _cases(ws)
    annotate(ws, refs[0], "Not for the subject's eyes", "mo", confidential=True)
    proxy, through = _through_proxy(pg_url, ws)
    url = through.engine.url.render_as_string(hide_password=False)
    through.engine.dispose()
    waits: dict[str, list[int]] = {}

    def counted(name, run):
        def counting(*args):
            before = proxy.round_trips
            out = run(*args)
            waits.setdefault(name, []).append(proxy.round_trips - before)
            return out
        return counting

    monkeypatch.setattr(case_reads, "read_pg", counted("read", case_reads.read_pg))
    monkeypatch.setattr(kept_show, "record_read_pg", counted("record", kept_show.record_read_pg))
    for ref in refs:
        found = kept_show.show_shared(url, None, "mo", True, ref)
        assert found is not None and found[0]["ref"] == ref, ref
    # The note made here, and what the populated council holds restricted, each recorded.
    assert waits["read"] == [1] * len(refs) and waits["record"] and set(waits["record"]) == {2}
