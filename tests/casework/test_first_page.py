"""The first page read with plain sqlite3, from the statements shipped with casework, is the page
the queue service gives, or nothing."""

import sqlite3
from datetime import date

import pytest
from helpers import TODAY, USERS, populated_workspace

from casework.cases.opening import open_case
from casework.queue import first_page, shipped
from casework.queue.pages import CaseQuery, page


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A council with cases, its cache in tmp_path, and the council's today the tests' own."""
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where the sealing key lives
    monkeypatch.setattr(first_page, "council_today", lambda: TODAY)
    db = tmp_path / "c.db"
    ws = populated_workspace(f"sqlite:///{db}")
    for i, about in enumerate(("Cllr Ann Jones", "Cllr Tom Price") * 3):
        open_case(ws, "mo", about, "Bob Smith", "21.9.3", f"Complaint {i}", date(2026, 10, 1 + i))
    return ws, str(db)


def test_the_shipped_statements_are_what_the_code_writes():
    """first_page.json is written by SQLAlchemy from the queue's query code; when this fails,
    write it again: python -m casework.queue.shipped"""
    import json

    assert json.loads(shipped.FILE.read_text()) == json.loads(json.dumps(shipped.written())), \
        "casework/queue/first_page.json is stale: run python -m casework.queue.shipped"


def test_the_first_start_after_an_upgrade_needs_nothing_kept(kept, tmp_path):
    import shutil

    ws, db = kept
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)  # the very first start: nothing kept at all
    assert first_page.peek(db, None, "mo").rows == page(ws, "mo", CaseQuery(), 0, first_page.PAGE)


def test_the_kept_page_is_the_service_page(kept):
    ws, db = kept
    first = first_page.peek(db, None, "mo")
    assert first.rows == page(ws, "mo", CaseQuery(), 0, first_page.PAGE) and len(first.rows) == 6
    assert first.me == {"login": "mo", "name": "Mona Officer", "role": "monitoring-officer",
                        "role_title": "Monitoring Officer", "person_id": first.me["person_id"]}
    assert first.council == ws.profile.council
    # A case opened since is on the next start's first page: the statements are kept, not rows.
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Later", "2026-11-02")
    assert ref in [r["ref"] for r in first_page.peek(db, None, "mo").rows]


def test_the_kept_page_is_the_service_page_for_every_role(kept):
    """The fast first page and the ordinary path paint the same rows, whoever starts: restricted
    cases, assignments and a Monitoring Officer who is a party all filter the same way."""
    ws, db = kept
    open_case(ws, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "About an officer", date(2026, 10, 9))
    open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.1", "Restricted", date(2026, 10, 10),
              confidential=True)
    open_case(ws, "dep", "Mo Officer", "Cllr Ann Jones", "21.9.1", "About the MO", date(2026, 10, 11))
    counts = {}
    for login in USERS:
        first = first_page.peek(db, None, login)
        assert first is not None, login
        assert first.rows == page(ws, login, CaseQuery(), 0, first_page.PAGE), login
        counts[login] = len(first.rows)
    assert len(set(counts.values())) > 1, counts  # the roles' queues differ, so the comparison bites


def test_anything_unexpected_means_the_ordinary_start(kept, tmp_path):
    ws, db = kept
    assert first_page.peek(db, None, "nobody") is None
    assert first_page.peek(str(tmp_path / "other.db"), None, "mo") is None
    assert first_page.peek("postgresql+psycopg://u@localhost/x", None, "mo") is None
    with sqlite3.connect(db) as conn:  # an older schema: the ordinary start upgrades it
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert first_page.peek(db, None, "mo") is None


def test_a_deactivated_login_starts_the_ordinary_way(kept):
    ws, db = kept
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE user_account SET active = 0 WHERE login = 'hr'")
    assert first_page.peek(db, None, "hr") is None


def test_changed_code_is_not_trusted(kept, monkeypatch):
    """A working copy changed since the statements were written starts the ordinary way."""
    ws, db = kept
    monkeypatch.setattr(shipped, "fingerprint", lambda: "0" * 20)
    shipped._shipped.cache_clear()
    try:
        assert first_page.peek(db, None, "mo") is None
    finally:
        shipped._shipped.cache_clear()


def test_an_encrypted_database_gets_its_first_page_once_unlocked(tmp_path, monkeypatch):
    """The application asks for the passphrase before it starts; with it held, the first page
    is read from the encrypted file as from a plain one, and without it the start is ordinary."""
    from db import cipher

    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(first_page, "council_today", lambda: TODAY)
    db = tmp_path / "locked.db"
    cipher.use(db, "a passphrase for the tests")
    try:
        ws = populated_workspace(f"sqlite:///{db}")
        open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Complaint", date(2026, 10, 1))
        assert cipher.encrypted(db)
        assert first_page.peek(str(db), None, "mo").rows == page(ws, "mo", CaseQuery(), 0, first_page.PAGE)
        ws.engine.dispose()
        cipher.forget(db)
        assert first_page.peek(str(db), None, "mo") is None
    finally:
        cipher.forget(db)


def _aside_in_a_process(db: str, thread: bool) -> dict:
    """casework.queue.aside as `casework` runs it, in a process of its own (with a thread
    running beside, or not): how many children it forked, and whether the page it handed back is
    the one read in place."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, os, sys, threading, time\n"
        "forks = []\n"
        "real = os.fork\n"
        "os.fork = lambda: forks.append(1) or real()\n"
        "if sys.argv[2] == 'thread':\n"
        "    threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
        "from casework.queue import aside, first_page\n"
        "found = aside.peek_file_aside(sys.argv[1], None, 'mo')()\n"
        "print(json.dumps({'forked': len(forks), 'rows': len(found.rows),\n"
        "                  'same': found == first_page.peek(sys.argv[1], None, 'mo')}))\n")
    done = subprocess.run([sys.executable, "-c", code, db, "thread" if thread else "alone"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_page_read_in_a_child_while_the_application_loads_is_the_page_read_in_place(kept):
    ws, db = kept
    assert _aside_in_a_process(db, thread=False) == {"forked": 1, "rows": 6, "same": True}
    # A thread running (an encrypted database's key being derived): no fork, read in place.
    assert _aside_in_a_process(db, thread=True) == {"forked": 0, "rows": 6, "same": True}
