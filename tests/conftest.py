"""Database fixtures shared by the whole suite.

Only the database part lives here; fixtures for one area of the code belong
in that area's own conftest.py.
"""

from __future__ import annotations

import os

import pytest

from bench.pg_server import PgServer

_PG_FIXTURES = {"pg_server", "pg_url"}


def pytest_configure(config):
    # A developer's own settings file (casework.config) must not steer the tests: each run
    # points casework at one that does not exist; tests of the file set their own.
    import tempfile

    os.environ["CASEWORK_CONFIG"] = os.path.join(tempfile.mkdtemp(prefix="casework-tests-"),
                                                 "config.toml")


def pytest_addoption(parser):
    parser.addoption(
        "--long", action="store_true",
        help="run the crash and contention tests for many more rounds (minutes, not seconds)",
    )


@pytest.fixture
def long_run(request) -> bool:
    return request.config.getoption("--long")


def pytest_collection_modifyitems(items):
    # Mark every test that asks for the server, so `-m "not postgres"` gives a
    # quick run without it (db_url's postgres param carries its own mark).
    for item in items:
        if _PG_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session", autouse=True)
def templates_folder(tmp_path_factory):
    """The run's templates (tests/templates.py) go with the rest of its temporary files."""
    import templates

    templates.FOLDER = tmp_path_factory.mktemp("templates")


@pytest.fixture(autouse=True)
def notified(monkeypatch):
    """Every notification an app shows, as `app.notified`: Textual keeps its own list private,
    so its public notify is wrapped to tell the tests too."""
    from textual.app import App

    shown = App.notify

    def notify(self, message, *args, **kwargs):
        self.__dict__.setdefault("notified", []).append(str(message))
        return shown(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture(scope="session")
def pg_server():
    server = PgServer(in_memory=True)
    reason = server.available()
    if reason is not None:
        if os.environ.get("CI"):
            # CI promises the PostgreSQL tests ran; a silent skip would hide a broken install.
            pytest.fail(reason)
        pytest.skip(reason)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server, request):
    """URL of a new, empty database that only this test uses, dropped after it (the fixtures
    that use it are torn down first)."""
    url = pg_server.new_database(request.node.name)
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/casework.db"


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgres"],
)
def db_url(request) -> str:
    """Runs the test once on each backend."""
    fixture = {"sqlite": "sqlite_url", "postgres": "pg_url"}[request.param]
    return request.getfixturevalue(fixture)
