import pytest
from sqlalchemy import update

from db.models import Person, User
from helpers import make_workspace, populate


@pytest.fixture
def ws(db_url):
    """A populated workspace on SQLite and on PostgreSQL."""
    return populate(make_workspace(db_url))


@pytest.fixture
def ws_sqlite(sqlite_url):
    return populate(make_workspace(sqlite_url))


def link_user_to_person(ws, login: str, person: str) -> None:
    """Raw link, used to set up conflicts of interest."""
    from sqlmodel import Session, select

    with Session(ws.engine) as s:
        pid = s.exec(select(Person.id).where(Person.name == person)).one()
        s.execute(update(User).where(User.login == login).values(person_id=pid))
        s.commit()
