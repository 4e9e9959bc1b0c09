"""Users managed from the command line: list, rename, change role, deactivate and reactivate;
only the Monitoring Officer or a deputy, each change an audit event naming who made it, and
never a council without an active Monitoring Officer. On SQLite and PostgreSQL."""

import json

import pytest
from cli_runner import checked, refused


@pytest.fixture
def cli(db_url):
    run = checked(db_url)
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith")
    for login, role in [("dep", "deputy-monitoring-officer"), ("hr", "hr"), ("view", "viewer")]:
        run("users", "add", login, "--name", login.title(), "--role", role)
    return run


def users(cli, *extra):
    return {u["login"]: u for u in json.loads(cli("users", "list", "--json", *extra).out)}


def test_list_rename_role_deactivate_and_back(cli):
    assert set(users(cli)) == {"mo", "dep", "hr", "view"}
    cli("users", "rename", "hr", "--name", "Harriet Patel")
    cli("users", "role", "view", "clerk")
    assert users(cli)["hr"]["name"] == "Harriet Patel" and users(cli)["view"]["role"] == "clerk"
    cli("users", "deactivate", "view", user="dep")
    assert "view" not in users(cli) and users(cli, "--all")["view"]["active"] is False
    assert "has been deactivated" in cli("list", user="view", ok=False).err
    cli("users", "reactivate", "view")
    assert cli("list", user="view").code == 0
    assert cli("audit", "verify").out.startswith("audit trail intact")


def test_each_change_is_audited_with_who_made_it(cli, db_url):
    from casework.audit.log import events
    from casework.workspace import open_workspace

    cli("users", "rename", "hr", "--name", "Harriet Patel", user="dep")
    cli("users", "role", "hr", "clerk")
    ws = open_workspace(db_url)
    rows = {r["action"]: r for r in events(ws, "mo")[0] if r["action"].startswith("user-")}
    ws.engine.dispose()
    assert rows["user-rename"]["actor"] == "dep" and rows["user-rename"]["data"]["to"] == "Harriet Patel"
    role = rows["user-role"]["data"]
    # The tests act as mo from an account of another name, which every event records.
    through = role.pop("account")
    assert through and through != "mo"
    assert rows["user-role"]["actor"] == "mo" and role == {"login": "hr", "from": "hr", "to": "clerk"}


def test_refusals_leave_everything_as_it_was(cli):
    refused(cli, "users", "role", "view", "clerk", user="hr", match="cannot change roles")
    refused(cli, "users", "list", user="view", match="cannot list the users")
    refused(cli, "users", "rename", "nobody", "--name", "X", match="no user 'nobody'")
    refused(cli, "users", "deactivate", "mo", match="your own login")
    refused(cli, "users", "deactivate", "mo", user="dep", match="only active Monitoring Officer")
    refused(cli, "users", "role", "mo", "viewer", match="only active Monitoring Officer")


def test_a_handler_of_open_cases_is_not_deactivated_until_they_are_handed_on(cli):
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Curt", user="hr").out.strip()
    refused(cli, "users", "deactivate", "hr", match=f"hr handles 1 open case ({ref})")
    cli("assign", ref, "mo")
    cli("users", "deactivate", "hr")
