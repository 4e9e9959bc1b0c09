"""What each person sees with psql and their own login is what casework shows them: the cases, the
notes, the papers and the trail, compared role by role on a council with restricted cases, a
case gone to hearing, confidential papers, an assignment, and a user who is a party to one case
and a witness in another."""

import json

import pytest
from cli_runner import assessed, draft_shared, heard, run_cli
from pg_people import PEOPLE, as_people, connect, council, password, personal_url

pytestmark = pytest.mark.postgres

EVERYONE = (*PEOPLE, "hrp")  # hrp: an HR adviser who is also in the register, as Hana Reid


@pytest.fixture(scope="module")
def world(pg_server, tmp_path_factory):
    url = pg_server.new_database("rows")
    council(url, pg_server)

    def admin(*args, user="mo"):
        r = run_cli(url, *args, user=user)
        assert r.code == 0, r.err
        return r.out.strip()

    for kind, name in [("officer", "Hana Reid"), ("officer", "Wendy Witness")]:
        admin("people", "add", "--kind", kind, "--name", name)
    admin("users", "add", "hrp", "--name", "Hana Reid", "--role", "hr", "--person", "Hana Reid")
    admin("roles", "--apply")
    with pg_server.connect("postgres", autocommit=True) as conn:
        conn.execute(f"ALTER ROLE hrp LOGIN PASSWORD '{password('hrp')}'")

    def new(about, by, restricted, user="mo"):
        return admin("new", "--about", about, "--by", by, "--clause", "21.9.3", "--summary",
                     f"{by} about {about}", "--confidential" if restricted else "--not-confidential",
                     user=user)

    open_member = new("Cllr Ann Jones", "Bob Smith", False)
    admin("note", open_member, "An ordinary note")
    admin("note", open_member, "Health details", "--confidential")
    admin("involve", open_member, "Hana Reid", "witness")
    new("Cllr Tom Price", "Olive Manager", True)  # restricted, at receipt
    heard_member = new("Cllr Ann Jones", "Olive Manager", True)
    admin("advance", heard_member, "refer-to-monitoring-officer")
    assessed(lambda *a, user="mo", ok=True: run_cli(url, *a, user=user), heard_member)
    admin("advance", heard_member, "investigate")
    draft_shared(lambda *a, user="mo", ok=True: run_cli(url, *a, user=user), heard_member)
    admin("advance", heard_member, "complete_investigation")
    admin("grant", heard_member, "ip")
    admin("note", heard_member, "A breach is likely", "--kind", "ip-view", user="ip")
    report = tmp_path_factory.mktemp("papers") / "report.txt"
    report.write_text("Final report of the Investigating Officer")
    admin("attach", heard_member, str(report), "--section", "investigation-report", "--confidential")
    admin("advance", heard_member, "refer_to_hearing", "--note", "A case to answer")
    heard(lambda *a, user="mo", ok=True: run_cli(url, *a, user=user), heard_member)
    officer_assigned = new("Bob Smith", "Cllr Ann Jones", True, user="hr")
    admin("grant", officer_assigned, "inv")
    party = new("Hana Reid", "Cllr Tom Price", False, user="hr")
    admin("note", party, "Confidential to HR", "--confidential", user="hr")
    return url


def _app(url, login) -> dict:
    cli = as_people(url)
    refs = [c["ref"] for c in json.loads(cli("list", "--all", "--json", user=login).out)]
    seen = {}
    for ref in refs:
        case = json.loads(cli("show", ref, "--json", user=login).out)
        seen[ref] = ({n["id"] for n in case["notes"]}, {d["id"] for d in case["documents"]})
    return seen


def _psql(url, login) -> dict:
    with connect(url, login) as conn:
        cases = dict(conn.execute("SELECT id, ref FROM case_file").fetchall())
        notes = conn.execute("SELECT case_id, id FROM note").fetchall()
        docs = conn.execute("SELECT case_id, id FROM document").fetchall()
        blobs = conn.execute("SELECT count(*) FROM blob").fetchone()[0]
    seen = {ref: (set(), set()) for ref in cases.values()}
    for case_id, note in notes:
        seen[cases[case_id]][0].add(note)
    for case_id, doc in docs:
        seen[cases[case_id]][1].add(doc)
    assert blobs <= sum(len(d) for _, d in seen.values())
    return seen


@pytest.mark.parametrize("login", EVERYONE)
def test_each_login_sees_in_psql_what_casework_shows_it(world, login):
    assert _psql(world, login) == _app(world, login)


def test_the_rule_hides_what_it_should(world):
    everything = _psql(world, "mo")
    by_login = {login: _psql(world, login) for login in EVERYONE}
    assert len(everything) == 5
    # A party, and a witness, never read the case; a viewer no restricted case.
    assert len(by_login["hrp"]) == len(by_login["hr"]) - 2
    assert all(len(n) + len(d) <= len(everything[ref][0]) + len(everything[ref][1])
               for ref, (n, d) in by_login["view"].items())
    assert len(by_login["view"]) == 2
    # The clerk reads the restricted Member case once it went to a hearing, not the other.
    assert len(by_login["clerk"]) == 3
    # The investigator reads the officer case assigned to them; the Independent Person theirs.
    assert len(by_login["inv"]) == 3 and len(by_login["ip"]) == 3


def test_the_trail_is_read_whole_only_by_those_who_read_the_audit_log(world):
    with connect(world, "mo") as conn:
        total = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    for login in EVERYONE:
        with connect(world, login) as conn:
            refs = {r for (r,) in conn.execute("SELECT DISTINCT case_ref FROM audit_event")}
            n = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        if login in ("mo", "dep", "hr", "hrp", "clerk"):
            assert n == total
        else:
            assert None not in refs and refs == set(_psql(world, login)), login


def test_the_sql_rule_names_the_same_roles_and_capacities_as_the_application():
    from casework.access.rules import ASSIGNED_ROLES
    from casework.workflow.involvement import CONFLICTING
    from casework.workflow.roles import AUDIT_READERS, MO
    from db import pg_rows

    assert set(pg_rows.MO) == set(MO) and set(pg_rows.AUDIT_READERS) == set(AUDIT_READERS)
    assert set(pg_rows.ASSIGNED) == set(ASSIGNED_ROLES) and set(pg_rows.CONFLICTING) == set(CONFLICTING)


def test_each_login_reads_back_its_own_events_about_no_case_and_nobody_elses(world):
    """A sign-in is about no case: its writer reads it back (PostgreSQL returns only a row its
    writer may read), and another non-auditor does not see it."""
    from pg_people import personal_url

    from casework.access.signins import record
    from casework.workspace import open_workspace

    for login in ("view", "inv"):
        ws = open_workspace(personal_url(world, login).replace(f"//{login}@", f"//{login}:{password(login)}@"))
        try:
            record(ws, login, "sign-in", "198.51.100.7")
        finally:
            ws.engine.dispose()
    for login, other in (("view", "inv"), ("inv", "view")):
        with connect(world, login) as conn:
            actors = {a for (a,) in conn.execute("SELECT actor FROM audit_event WHERE case_ref IS NULL")}
        assert login in actors and other not in actors and "mo" not in actors, login


@pytest.mark.parametrize("login", EVERYONE)
def test_each_login_s_first_page_read_by_psycopg_alone_is_the_queue_s(world, login, monkeypatch):
    """The application's first page on a shared server, read before SQLAlchemy has loaded
    (casework.queue.first_page_pg) as the person's own login, is the queue's first page."""
    from pg_people import personal_url

    from casework.queue import first_page_pg
    from casework.queue.pages import CaseQuery, page
    from casework.workspace import open_workspace

    monkeypatch.setenv("PGPASSWORD", password(login))
    url = personal_url(world, login)
    first, acting = first_page_pg.peek(url, None, login, explicit=False)
    assert acting == login and first.me["login"] == login
    ws = open_workspace(url)
    try:
        assert first.rows == page(ws, login, CaseQuery(), 0, 100)
    finally:
        ws.engine.dispose()
    # Read in a child process while the application loads (casework.queue.aside): the same.
    forked = _aside_in_a_process(url, login, {"PGPASSWORD": password(login)})
    assert forked == {"forked": 1, "psycopg": False, "login": login, "rows": first.rows}


def _aside_in_a_process(url: str, asked: str, env: dict) -> dict:
    """casework.queue.aside run as `casework` runs it, in a process of its own with no threads
    but its main one: how many children it forked, whether it imported psycopg itself, and
    what came back."""
    import os
    import subprocess
    import sys

    code = (
        "import json, os, sys\n"
        "forks = []\n"
        "real = os.fork\n"
        "os.fork = lambda: forks.append(1) or real()\n"
        "from casework.queue.aside import peek_shared_aside\n"
        "found = peek_shared_aside(sys.argv[1], None, sys.argv[2], False)()\n"
        "print(json.dumps({'forked': len(forks), 'psycopg': 'psycopg' in sys.modules,\n"
        "                  'login': found and found[1], 'rows': found and found[0].rows}))\n")
    done = subprocess.run([sys.executable, "-c", code, url, asked], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_first_page_the_child_cannot_read_is_the_ordinary_start(world, pg_server):
    """A child that meets a server refusing the login, or no server at all, hands back nothing,
    and the application starts the ordinary way, which says what is wrong."""
    from pg_people import personal_url

    refused = _aside_in_a_process(personal_url(world, "view"), "view", {"PGPASSWORD": "not the password"})
    assert refused == {"forked": 1, "psycopg": False, "login": None, "rows": None}
    nobody = _aside_in_a_process("postgresql+psycopg://view@127.0.0.1:9/none", "view", {"PGCONNECT_TIMEOUT": "2"})
    assert nobody == {"forked": 1, "psycopg": False, "login": None, "rows": None}


def test_the_first_page_on_a_shared_server_acts_as_the_ordinary_start_would(world, monkeypatch):
    """Who acts is who connected; asking for another by name, or connecting as a login that is
    no user, starts the ordinary way (which refuses it in words); the administrator's
    connection acts for whoever was asked for."""
    from pg_people import personal_url

    from casework.queue import first_page_pg

    monkeypatch.setenv("PGPASSWORD", password("view"))
    assert first_page_pg.peek(personal_url(world, "view"), None, "mo", explicit=True) is None
    assert first_page_pg.peek(personal_url(world, "view"), None, "mo", explicit=False)[1] == "view"
    monkeypatch.delenv("PGPASSWORD")
    first, acting = first_page_pg.peek(world, None, "hrp", explicit=True)  # the administrator's URL
    assert acting == "hrp" and first.me["role"] == "hr"
    assert first_page_pg.peek(world, None, "nobody", explicit=True) is None


@pytest.mark.parametrize("login", EVERYONE)
def test_show_read_by_psycopg_alone_as_the_login_is_the_ordinary_show(world, login, monkeypatch):
    """`casework show` without SQLAlchemy (casework.cases.kept_show.show_shared) connects as the
    person's own login, under the server's row policies, shows what show_case shows them, and
    records in their own name a read of restricted papers."""
    from sqlalchemy import text

    from casework.cases.kept_show import show_shared
    from casework.cases.views import show_case
    from casework.workspace import open_workspace

    monkeypatch.setenv("PGPASSWORD", password(login))
    url = personal_url(world, login)
    refs = [c["ref"] for c in json.loads(as_people(world)("list", "--all", "--json", user=login).out)]
    ws, recorded = open_workspace(url), 0
    reads = text("SELECT actor, data FROM audit_event WHERE action = 'read' AND case_ref = :ref ORDER BY seq")
    try:
        for ref in refs:
            with ws.engine.connect() as conn:
                before = conn.execute(reads, {"ref": ref}).all()
            found = show_shared(url, None, login, False, ref)
            shown = show_case(ws, ref, login, record_reads=False)
            assert found == (shown, login), ref
            with ws.engine.connect() as conn:
                after = conn.execute(reads, {"ref": ref}).all()
            if shown["confidential"] or any(p["confidential"] for p in (*shown["notes"], *shown["documents"])):
                recorded += 1
                (actor, data), = after[len(before):]
                assert actor == login and "account" not in json.loads(data), (ref, data)  # their own login
            else:
                assert after == before, ref
    finally:
        ws.engine.dispose()
    # The Monitoring Officer, the deputy and hrp see restricted papers in every case they read.
    assert recorded or login not in ("mo", "dep", "hrp")


def test_the_application_on_a_shared_server_opens_on_the_persons_first_page(world, tmp_path):
    """`casework` at a terminal, as a person with their own login: the first page read in a
    child while the application loads is the one painted, and the application ends cleanly."""
    import os
    import sys

    from pg_people import personal_url
    from terminal import run_in_terminal

    from casework.queue import first_page_pg

    os.environ["PGPASSWORD"] = password("mo")
    try:
        first, _ = first_page_pg.peek(personal_url(world, "mo"), None, "mo", explicit=False)
    finally:
        del os.environ["PGPASSWORD"]
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "CASEWORK_CACHE_DIR": str(tmp_path / "cache"),
           "CASEWORK_DB": personal_url(world, "mo"), "PGPASSWORD": password("mo")}
    env.pop("CASEWORK_USER", None)
    shown = run_in_terminal([sys.executable, "-m", "casework"], env=env, cwd=str(tmp_path),
                            wait_for=first.rows[-1]["ref"], keys=b"\x11")
    assert shown.code == 0, shown.stderr_tail
    assert all(row["ref"] in shown.shown for row in first.rows)
