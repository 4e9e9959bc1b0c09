"""Who is acting: `--as LOGIN`, then CASEWORK_USER, then the operating-system login."""

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from casework.access.who import current_login  # noqa: F401  (callers name it from here)
from casework.errors import NotFound, Refused, has_control, quote
from casework.words import with_article
from casework.workflow.roles import ROLE_TITLES, may, titles
from db.models import User


def acting_user(session: Session, login: str) -> User:
    user = None
    if not has_control(login):
        user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is not None and user.active:
        return user
    if user is not None:
        raise Refused(f"the login {quote(login)} has been deactivated; ask the Monitoring Officer")
    if not session.execute(select(func.count()).select_from(User)).scalar():
        raise NotFound("this database has no users yet: run `casework init` first")
    raise NotFound(
        f"no user {quote(login)} in this database: ask the Monitoring Officer to add you "
        f"(casework users add {login} --name NAME --role ROLE), or act as another with --as"
    )


_USERS = User.__table__
# The acting user's columns, for the statements run many times a day (also the queue's own).
ACTING = select(_USERS.c.id, _USERS.c.login, _USERS.c.role, _USERS.c.person_id).where(
    _USERS.c.login == bindparam("login"), _USERS.c.active.is_(True))


def acting_row(session: Session, login: str):
    """The acting user's columns in one Core statement, for the changes made many times a
    day; anything amiss is explained by acting_user."""
    row = None if has_control(login) else session.connection().execute(ACTING, {"login": login}).first()
    return row if row is not None else acting_user(session, login)


def require(user: User, action: str, what: str) -> None:
    if not may(user.role, action):
        allowed = [r for r in ROLE_TITLES if may(r, action)]
        raise Refused(
            f"{with_article(ROLE_TITLES[user.role])} cannot {what}; only the {titles(allowed)} may; "
            f"you are signed in as {user.login}"
        )
