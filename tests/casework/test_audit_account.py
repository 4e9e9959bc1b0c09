"""On the embedded SQLite file the operating-system account is who acts: acting as another
casework login from it is allowed (the file's permissions are the boundary) but visible, since
every event it writes names both."""

import getpass
import json
import sqlite3

from cli_runner import checked


def _events(url):
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT actor, action, data FROM audit_event ORDER BY seq").fetchall()
    return [(actor, action, json.loads(data)) for actor, action, data in rows]


def test_acting_as_another_login_names_the_account_it_came_from(sqlite_url):
    me = getpass.getuser()
    cli = checked(sqlite_url)
    cli("init", "--name", "Mona Officer", user=me)
    cli("users", "add", "hr", "--name", "Hana Reid", "--role", "hr", user=me)
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith", user="hr")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones", user=me)
    events = _events(sqlite_url)
    assert [(a, act, d.get("account")) for a, act, d in events] == [
        (me, "init", None), (me, "user-add", None), ("hr", "person-add", me), (me, "person-add", None)]
    assert cli("audit", "verify", user=me).out.startswith("audit trail intact: 4 events")
