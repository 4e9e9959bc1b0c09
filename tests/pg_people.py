"""A council on a shared PostgreSQL database where each person connects as their own login
role with their own password, set up as its administrator would: casework init and users
added over the administrator's connection, then `casework roles --apply`."""

import psycopg
from cli_runner import run_cli

# login -> casework role; the same everywhere, since login roles belong to the whole server.
PEOPLE = {"mo": "monitoring-officer", "dep": "deputy-monitoring-officer", "hr": "hr",
          "clerk": "clerk", "inv": "investigator", "ip": "independent-person", "view": "viewer"}


def password(login: str) -> str:
    return f"pw-{login}-correct-horse"


def personal_url(admin_url: str, login: str) -> str:
    return admin_url.replace("//casework@", f"//{login}@")


def council(admin_url: str, pg_server) -> None:
    def admin(*args):
        r = run_cli(admin_url, *args, user="mo")
        assert r.code == 0, r.err
        return r

    # Login roles and their groups belong to the whole server: a test earlier in this process
    # may have moved one of these logins to another group. Each council starts them afresh.
    from db.privileges import group
    from db.roles import ROLES

    with pg_server.connect("postgres", autocommit=True) as conn:
        for login in PEOPLE:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                for role in ROLES:
                    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group(role),)).fetchone():
                        conn.execute(f'REVOKE {group(role)} FROM "{login}"')
    admin("init", "--name", "Mona Officer")
    for kind, name in [("member", "Cllr Ann Jones"), ("member", "Cllr Tom Price"),
                       ("officer", "Bob Smith"), ("officer", "Olive Manager")]:
        admin("people", "add", "--kind", kind, "--name", name)
    for login, role in PEOPLE.items():
        if login != "mo":
            admin("users", "add", login, "--name", login.title(), "--role", role)
    admin("roles", "--apply")
    with pg_server.connect("postgres", autocommit=True) as conn:
        for login in PEOPLE:
            conn.execute(f'ALTER ROLE "{login}" LOGIN PASSWORD \'{password(login)}\'')


def as_people(admin_url: str):
    """`cli(*args, user=, ok=)` with each user connecting as their own database login."""
    def run(*args, user="mo", ok=True, env=None):
        r = run_cli(personal_url(admin_url, user), *args, user=user,
                    env={"PGPASSWORD": password(user), **(env or {})})
        if ok:
            assert r.code == 0, r.err
        return r
    return run


def connect(admin_url: str, login: str, **kwargs) -> psycopg.Connection:
    """A psql-like connection of `login`'s own, as a handler could open with their password."""
    from sqlalchemy.engine import make_url

    u = make_url(admin_url)
    return psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=login,
                           password=kwargs.pop("password", password(login)), **kwargs)
