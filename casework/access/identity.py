"""Who the storage says is acting, beside who casework was asked to act as.

On a shared PostgreSQL database each person connects as their own login role, which the
database authenticated: that login is who acts, and asking to act as anyone else is refused.
A connection as the schema owner or a superuser (the database's administrators) may act for a
named user, as an embedded SQLite file's owner may: every event written so carries the account
it came through (`account` in its data), so acting for another is visible in the trail.
"""

from sqlalchemy import text

from casework.access.who import account_marks, os_login
from casework.errors import Refused, quote
from db.pg_connect import LOGIN_SQL

_LOGIN = text(LOGIN_SQL)
_IS_USER = text("SELECT 1 FROM user_account WHERE login = :login")
_IS_ADMIN = text("SELECT casework_is_admin(:login)")
_KEY = "casework_account"


def account(conn) -> str:
    """The account a connection acts through: the operating-system login on SQLite, the
    authenticated database login on PostgreSQL. Asked once per connection."""
    info = conn.info
    if _KEY not in info:
        if conn.dialect.name == "postgresql":
            info[_KEY] = conn.execute(_LOGIN).scalar_one()
        else:
            info[_KEY] = os_login()
    return info[_KEY]


def marks(conn, actor: str) -> dict:
    """What an event records of the account, when it is not the actor's own."""
    return account_marks(account(conn), actor)


def administrator(conn) -> bool:
    """Whether the connection is the database's administrator (schema owner or superuser),
    as db.pg_guard decides it."""
    return bool(conn.execute(_IS_ADMIN, {"login": account(conn)}).scalar())


def acting_login(url: str | None, asked: str, explicit: bool) -> str:
    """The login to act as. On PostgreSQL, a connection whose login is a casework user acts
    as that user whatever was asked; asking for someone else by name is refused. Read on a
    connection of its own, before (and without) any upgrade: a restore into an empty
    database must find it as it was."""
    from sqlalchemy.exc import DBAPIError

    from db.engine import DatabaseUnavailable, make_engine, resolve_url

    try:
        engine = make_engine(resolve_url(url))
    except DatabaseUnavailable:
        return asked  # opening the workspace names what is wrong
    if engine.dialect.name != "postgresql":
        return asked
    try:
        with engine.connect() as conn:
            login = account(conn)
            known = conn.execute(_IS_USER, {"login": login}).first() is not None
            admin = known or administrator(conn)
    except DBAPIError:
        return asked  # no database, or none of casework's tables yet: nobody is a user
    finally:
        engine.dispose()
    if not admin:
        raise Refused(f"the database login {quote(login)} is no casework user and may act for "
                      "no one: connect with your own database login")
    if not known:
        return asked  # an administrator's connection: the events say whose account it was
    if explicit and asked != login:
        raise Refused(
            f"the database signed you in as {quote(login)}, so casework acts as {quote(login)}, "
            f"not {quote(asked)}: to act as {quote(asked)}, connect with their own database login")
    return login
