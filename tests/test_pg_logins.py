"""A shared PostgreSQL database where the database authenticates each person: every route walked
with each person connecting as themselves, the trail naming who the database signed in, acting
as someone else refused, and a handler's own credentials unable to rewrite the trail, a note or
a case's stage behind it."""

import json
from datetime import date, timedelta

import psycopg
import pytest
from cli_runner import draft_shared, heard, refused, run_cli
from pg_people import PEOPLE, as_people, connect, council, password, personal_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def people(pg_url, pg_server):
    council(pg_url, pg_server)
    return as_people(pg_url)


def _trail(pg_url) -> list[dict]:
    with connect(pg_url, "mo") as conn:
        rows = conn.execute("SELECT seq, actor, action, data FROM audit_event ORDER BY seq").fetchall()
    return [{"seq": s, "actor": a, "action": act, "data": json.loads(d)} for s, a, act, d in rows]


def test_the_member_route_walked_by_each_person_as_themselves(people, pg_url, tmp_path):
    cli = people
    start = len(_trail(pg_url))
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer", user="clerk").out.strip()
    cli("advance", ref, "refer-to-monitoring-officer", user="dep")
    cli("choice", ref, "protocol", user="clerk")
    cli("classify", ref, "code", "--note", "A Code of Conduct complaint", user="mo")
    notice = tmp_path / "notice.txt"
    notice.write_text("You are told of the complaint and invited to comment.\n")
    cli("attach", ref, str(notice), "--section", "subject-notice", user="mo")
    cli("grant", ref, "inv", user="mo")
    cli("advance", ref, "investigate", user="mo")
    cli("note", ref, "Interviewed the complainant", user="inv")
    draft_shared(cli, ref, user="inv")
    cli("advance", ref, "complete_investigation", user="inv")
    cli("grant", ref, "ip", user="mo")
    cli("note", ref, "A breach is likely", "--kind", "ip-view", user="ip")
    report = tmp_path / "report.txt"
    report.write_text("Final report of the Investigating Officer")
    cli("attach", ref, str(report), "--section", "investigation-report", user="inv")
    cli("advance", ref, "refer_to_hearing", "--note", "A case to answer", user="mo")
    heard(cli, ref, user="clerk")
    cli("advance", ref, "find_breach", "--note", "Breach of 21.9.3", user="clerk")
    cli("sanction", ref, "training", "--due", (date.today() + timedelta(days=30)).isoformat(), user="clerk")
    shown = json.loads(cli("show", ref, "--json", user="hr").out)
    cli("comply", ref, str(shown["sanctions"][0]["id"]), "--on", date.today().isoformat(), user="mo")
    cli("decision", ref, user="clerk")
    cli("advance", ref, "close", user="clerk")
    assert json.loads(cli("show", ref, "--json", user="view").out)["state"] == "closed"
    assert cli("audit", "verify", user="dep").out.startswith("audit trail intact")

    events = _trail(pg_url)[start:]
    # Each event names the person the database signed in, and no other account.
    assert {e["actor"] for e in events if e["action"] != "read"} == {"mo", "dep", "clerk", "inv", "ip"}
    assert not [e for e in events if "account" in e["data"]]
    by = {(e["action"], e["data"].get("event")): e["actor"] for e in events}
    assert by[("open", None)] == "clerk"
    assert by[("transition", "refer_to_monitoring_officer")] == "dep"
    assert by[("transition", "complete_investigation")] == "inv"
    assert by[("transition", "close")] == "clerk"


def test_the_officer_route_as_hr_connecting_as_themselves(people):
    cli = people
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    cli("advance", ref, "try_informal", user="hr")
    cli("note", ref, "Spoke to both", user="hr")
    cli("advance", ref, "resolve", "--note", "Apology accepted", user="hr")
    assert json.loads(cli("show", ref, "--json", user="hr").out)["state"] == "resolved"


def test_acting_as_someone_else_is_refused(people, pg_url):
    cli = people
    for me, other in [("view", "mo"), ("clerk", "dep"), ("inv", "hr")]:
        r = run_cli(personal_url(pg_url, me), "users", "list", user=other,
                    env={"PGPASSWORD": password(me)})
        assert r.code == 2 and r.err == (
            f"casework: the database signed you in as '{me}', so casework acts as '{me}', not "
            f"'{other}': to act as '{other}', connect with their own database login\n"), r.err
    # With no name given, the database login is who acts.
    assert "a viewer cannot list the users" in cli("users", "list", user="view", ok=False).err
    refused(cli, "new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
            "--summary", "x", "--as", "mo", user="view", match="the database signed you in as 'view'")


def test_a_wrong_password_is_one_line_and_nothing_opens(people, pg_url):
    r = run_cli(personal_url(pg_url, "hr"), "list", user="hr", env={"PGPASSWORD": "guess"})
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    assert "password authentication failed for user \"hr\"" in r.err and "Traceback" not in r.err
    with pytest.raises(psycopg.OperationalError):
        connect(pg_url, "hr", password="guess")


def test_the_administrator_acting_for_someone_is_named_in_every_event(people, pg_url):
    r = run_cli(pg_url, "people", "add", "--kind", "officer", "--name", "Ada Admin", user="hr")
    assert r.code == 0, r.err
    last = _trail(pg_url)[-1]
    assert (last["actor"], last["action"], last["data"]["account"]) == ("hr", "person-add", "casework")


def test_a_deactivated_login_can_no_longer_connect(people, pg_url):
    # A handler's own login may not alter roles: casework says what the administrator must run.
    said = people("users", "deactivate", "ip", user="mo").err
    assert said == ("your database login may not change database roles; its administrator must run:\n"
                    '  ALTER ROLE "ip" NOLOGIN;\n'
                    "  SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ip' "
                    "AND pid <> pg_backend_pid();\n")
    assert "has been deactivated" in people("list", user="ip", ok=False).err
    # ... or runs the roles script again, which matches every login to casework's users.
    assert run_cli(pg_url, "roles", "--apply", user="mo").code == 0
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        connect(pg_url, "ip")
    # The administrator's own connection changes the role with the user.
    assert run_cli(pg_url, "users", "deactivate", "inv", user="mo").code == 0
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        connect(pg_url, "inv")
    assert run_cli(pg_url, "users", "reactivate", "inv", user="mo").code == 0
    connect(pg_url, "inv").close()


def test_a_handler_cannot_upgrade_the_database_and_is_told_who_can(people, pg_url):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from db.engine import make_engine
    from db.schema import HEAD, MIGRATIONS

    # The database as the casework before this one left it: the newest migration undone (a
    # table it adds would otherwise be there already when the owner upgrades). Its parent as
    # the migration names it: revisions are not always numbered one after another.
    engine, cfg = make_engine(pg_url), Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    older = ScriptDirectory.from_config(cfg).get_revision(HEAD).down_revision
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, older)
    engine.dispose()
    r = people("list", user="hr", ok=False)
    assert (r.code, r.err) == (2, f"casework: this database is at schema {older} and this casework "
                                  f"needs {HEAD}; a handler's login may not upgrade it: ask its "
                                  "administrator to run `casework init` as the schema owner\n")
    assert run_cli(pg_url, "init", user="mo").code == 0  # the owner upgrades it
    assert people("list", user="hr").code == 0


# (statement, what refuses it, the privilege without which the database refuses it first)
TAMPERING = [
    ("UPDATE audit_event SET actor = 'x' WHERE seq = 1", "permission denied", None),
    ("DELETE FROM audit_event WHERE seq = 1", "permission denied", None),
    ("TRUNCATE audit_event", "permission denied", None),
    ("INSERT INTO audit_event (seq, at, actor, action, data, prev_hash, hash) SELECT seq + 1, "
     "'2020-01-01T00:00:00.000000Z', '{me}', 'forged', '{{}}', hash, repeat('0', 64) FROM audit_head",
     "does not hash to the value it claims", None),
    ("INSERT INTO audit_event (seq, at, actor, action, data, prev_hash, hash) SELECT seq + 1, "
     "'2020-01-01T00:00:00.000000Z', 'clerk2', 'forged', '{{}}', hash, repeat('0', 64) FROM audit_head",
     "cannot write an event in the name of clerk2", None),
    ("INSERT INTO audit_event (seq, at, actor, action, data, prev_hash, hash) VALUES "
     "(1, '2020-01-01T00:00:00.000000Z', '{me}', 'forged', '{{}}', repeat('0', 64), repeat('0', 64))",
     "is not the next link", None),
    ("UPDATE audit_head SET seq = 1", "moves only with a new event", None),
    ("DELETE FROM audit_head", "permission denied", None),
    ("UPDATE note SET text = 'changed'", "permission denied", None),
    # Disposal's (the Monitoring Officer's and deputies'), and then only with its event.
    ("DELETE FROM note", "note changed without an event", ("note", "DELETE")),
    ("UPDATE document SET sha256 = 'x'", "permission denied", None),
    ("UPDATE case_file SET state = 'closed'", "case_file changed without an event", ("case_file", "UPDATE")),
    ("INSERT INTO note (case_id, author_id, kind, text, confidential, created_at) SELECT id, 1, "
     "'note', 'planted', false, '2026-01-01' FROM case_file", "note changed without an event",
     ("note", "INSERT")),
    ("UPDATE person SET name = name || ' (edited)'", "person changed without an event", ("person", "UPDATE")),
    ("UPDATE user_account SET role = 'monitoring-officer'", "user_account changed without an event",
     ("user_account", "UPDATE")),
    ("DELETE FROM case_access", "case_access changed without an event", ("case_access", "DELETE")),
]


@pytest.mark.parametrize("login", sorted(PEOPLE))
def test_a_handler_cannot_rewrite_the_trail_or_a_case_behind_it(people, pg_url, login):
    from db.privileges import WRITES

    cli = people
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt at a ward surgery", user="hr").out.strip()
    cli("note", ref, "A note", user="hr")
    cli("grant", ref, "inv")
    before = cli("audit", "verify").out
    for sql, reason, needs in TAMPERING:
        if needs and PEOPLE[login] not in WRITES[needs[0]].get(needs[1], ()):
            reason = "permission denied"
        with connect(pg_url, login) as conn:
            try:
                touched = conn.execute(sql.format(me=login)).rowcount
                conn.commit()  # the checks against the trail run at commit
            except psycopg.Error as exc:
                assert reason in str(exc), (sql, login, str(exc))
            else:
                # A restricted case is not there for those who may not read it: nothing changed.
                assert touched == 0 and login in ("clerk", "ip"), (sql, login)
    assert cli("audit", "verify").out == before
    assert json.loads(cli("show", ref, "--json").out)["state"] == "received"


def test_the_web_authenticator_becomes_the_person_and_nothing_else(people, pg_url, pg_server, tmp_path):
    """The browser view's server connects as casework_web; a tab's application acts as the
    signed-in person's own role (CASEWORK_SET_ROLE), so the trail names them and no account."""
    from casework.serve.server import app_command

    with pg_server.connect("postgres", autocommit=True) as conn:
        conn.execute("ALTER ROLE casework_web LOGIN PASSWORD 'pw-web-correct-horse'")
    web = personal_url(pg_url, "casework_web")
    as_web = {"PGPASSWORD": "pw-web-correct-horse"}
    assert "env CASEWORK_SET_ROLE=hr " in app_command(None, "hr", None, set_role=True)
    tab = run_cli(web, "people", "add", "--kind", "officer", "--name", "Tab Person", user="hr",
                  env={**as_web, "CASEWORK_SET_ROLE": "hr"})
    assert tab.code == 0, tab.err
    last = json.loads(people("users", "sign-ins", "--json", user="mo").out or "[]")
    assert last == []
    with connect(pg_url, "mo") as conn:
        actor, data = conn.execute("SELECT actor, data FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    assert actor == "hr" and "account" not in json.loads(data)
    # As itself it holds nothing; it cannot act as anyone it was not granted, nor under --as.
    refused = run_cli(web, "people", "add", "--kind", "officer", "--name", "X", user="hr", env=as_web)
    assert refused.code == 2 and "Traceback" not in refused.err
    wrong = run_cli(web, "list", user="mo", env={**as_web, "CASEWORK_SET_ROLE": "hr"})
    assert wrong.code == 2 and "the database signed you in as 'hr'" in wrong.err
    with connect(pg_url, "casework_web", password="pw-web-correct-horse") as conn:
        with pytest.raises(psycopg.Error, match="permission denied"):
            conn.execute("SELECT * FROM case_file")


def test_the_browser_view_served_through_the_web_authenticator(people, pg_url, pg_server, tmp_path):
    import pyotp
    from served import Served
    from signin_client import Client

    with pg_server.connect("postgres", autocommit=True) as conn:
        conn.execute("ALTER ROLE casework_web LOGIN PASSWORD 'pw-web-correct-horse'")
    files = {"CASEWORK_LOGINS": str(tmp_path / "logins.db"), "CASEWORK_UPLOADS": str(tmp_path / "up")}
    code = people("users", "reset", "hr", user="mo", env=files).out.split(": ", 1)[1].split()[0]
    server = Served(personal_url(pg_url, "casework_web"), "mo",
                    env={**files, "PGPASSWORD": "pw-web-correct-horse"})
    try:
        server.wait_for("each person signs in")
        client = Client(server.port)
        secret = client.enrol("hr", code, "a long browser passphrase")
        assert client.sign_in("hr", "a long browser passphrase", pyotp.TOTP(secret).now())[0].status == 303
        assert client.sign_in("nobody", "whatever it is", "123456")[0].status == 401
        server.wait_for("sign-in-refused for a login that is no casework user, from 127.0.0.1")
    finally:
        server.stop()
    with connect(pg_url, "mo") as conn:
        actor, action, data = conn.execute(
            "SELECT actor, action, data FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    assert (actor, action) == ("hr", "sign-in") and "account" not in json.loads(data)


def test_backup_and_restore_are_the_administrators(people, pg_url, tmp_path):
    r = people("backup", str(tmp_path / "mine.backup"), user="mo", ok=False)
    assert r.code == 2 and "your own database login (mo) reads only what you may" in r.err, r.err
    assert not list(tmp_path.iterdir())
    assert run_cli(pg_url, "backup", str(tmp_path / "council.backup"), user="mo").code == 0
    r = people("restore", str(tmp_path / "council.backup"), "--force", user="dep", ok=False)
    assert r.code == 2 and "cannot restore a backup over the whole database" in r.err, r.err
