import pytest
from helpers import populated_workspace
from smtp_inbox import inbox  # noqa: F401  (a fixture: the SMTP server letters go to)


@pytest.fixture
def ws(db_url):
    """A populated workspace on SQLite and on PostgreSQL."""
    return populated_workspace(db_url)


@pytest.fixture
def ws_sqlite(sqlite_url):
    return populated_workspace(sqlite_url)
