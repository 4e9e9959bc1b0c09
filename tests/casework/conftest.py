import pytest
from helpers import make_workspace, populate


@pytest.fixture
def ws(db_url):
    """A populated workspace on SQLite and on PostgreSQL."""
    return populate(make_workspace(db_url))


@pytest.fixture
def ws_sqlite(sqlite_url):
    return populate(make_workspace(sqlite_url))
