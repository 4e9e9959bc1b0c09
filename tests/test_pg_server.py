"""The throwaway PostgreSQL server and its fixtures."""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
import pytest

from bench.pg_server import PgServer


def _connect(url: str) -> psycopg.Connection:
    # psycopg takes plain libpq URLs, not SQLAlchemy's "+psycopg" dialect form.
    parts = urlsplit(url)
    assert parts.scheme == "postgresql+psycopg"
    return psycopg.connect(parts._replace(scheme="postgresql").geturl(), autocommit=True)


def _tables(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    ).fetchall()
    return {row[0] for row in rows}


def test_server_accepts_connections(pg_server):
    with pg_server.connect() as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        user = conn.execute("SELECT current_user").fetchone()[0]
        encoding = conn.execute("SHOW server_encoding").fetchone()[0]
    assert int(version) >= 120000
    assert user == "casework"
    assert encoding == "UTF8"


def test_server_listens_only_on_loopback(pg_server):
    with pg_server.connect() as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"


def test_url_shape(pg_server):
    assert pg_server.url("x") == f"postgresql+psycopg://casework@127.0.0.1:{pg_server.port}/x"


def test_pg_url_is_a_fresh_empty_database(pg_url):
    with _connect(pg_url) as conn:
        assert _tables(conn) == set()
        conn.execute("CREATE TABLE scratch (id integer PRIMARY KEY)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        assert _tables(conn) == {"scratch"}


@pytest.fixture
def other_pg_url(pg_server, request):
    # What pg_url does, so one test can hold two such databases at once.
    return pg_server.new_database(request.node.name)


def test_two_databases_are_isolated(pg_url, other_pg_url):
    assert pg_url != other_pg_url
    with _connect(pg_url) as first, _connect(other_pg_url) as second:
        first.execute("CREATE TABLE only_here (id integer)")
        assert "only_here" in _tables(first)
        assert "only_here" not in _tables(second)
        assert first.execute("SELECT current_database()").fetchone()[0] != (
            second.execute("SELECT current_database()").fetchone()[0]
        )


def test_db_url_gives_each_backend(db_url, request):
    backend = request.node.callspec.id
    if backend == "sqlite":
        assert db_url.startswith("sqlite:///") and db_url.endswith("/casework.db")
    else:
        assert backend == "postgres"
        assert request.node.get_closest_marker("postgres") is not None
        with _connect(db_url) as conn:
            assert _tables(conn) == set()


def test_stop_removes_everything():
    # A second, private server: stopping the session one would break the
    # tests that follow.
    server = PgServer()
    reason = server.available()
    if reason is not None:
        pytest.skip(reason)
    server.start()
    tmp = server.data_dir.parent
    port = server.port
    server.connect().close()
    server.stop()
    server.stop()  # a second stop is harmless
    assert not tmp.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="casework", dbname="postgres", connect_timeout=5)
