"""A pooled PostgreSQL connection is checked before use without asking the server (db.engine):
one the server ended is replaced, and the change goes through."""

import time

import pytest
from helpers import make_workspace, populate
from sqlalchemy import text

from casework.cases.opening import open_case
from casework.cases.papers import annotate

pytestmark = pytest.mark.postgres


def test_a_connection_the_server_ended_is_replaced_before_use(pg_url, pg_server):
    ws = populate(make_workspace(pg_url))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    with ws.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with pg_server.connect(pg_url.rsplit("/", 1)[1], autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        # pg_terminate_backend only signals: the connection is ended once its backend has gone
        # (on a loaded machine, later), and before that it is still alive to any client.
        for _ in range(1000):
            if admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is None:
                break
            time.sleep(0.01)
        else:
            pytest.fail(f"the server's backend {pid} did not end")
    annotate(ws, ref, "after the server ended the pooled connection", "mo")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
        assert conn.execute(text("SELECT count(*) FROM note WHERE text LIKE 'after the server%'")).scalar_one() == 1


def test_a_pooled_connection_is_used_without_a_round_trip_first(pg_url):
    from bench.delay_proxy import Proxy
    from casework.workspace import open_workspace

    populate(make_workspace(pg_url))
    host, rest = pg_url.rsplit("@", 1)
    port, dbname = rest.split(":", 1)[1].split("/", 1)
    proxy = Proxy(int(port), 0.0).start_thread()
    ws = open_workspace(f"{host}@127.0.0.1:{proxy.port}/{dbname}")
    try:
        for _ in range(2):
            before = proxy.round_trips
            with ws.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        # BEGIN, the statement, the ROLLBACK: nothing asked before them.
        assert proxy.round_trips - before == 3
    finally:
        ws.engine.dispose()
