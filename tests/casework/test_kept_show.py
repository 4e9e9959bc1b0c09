"""`casework show` read without SQLAlchemy (casework.cases.kept_show: plain sqlite3, or psycopg
alone on a shared PostgreSQL database) is the case the ordinary way shows, for every role and
every kind of case, or nothing; and it loads no SQLAlchemy."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from helpers import TODAY, dump, link_user_to_person, make_workspace
from sqlalchemy import select
from sqlmodel import Session

from casework.audit.case import verify_case
from casework.audit.chain import verify
from casework.cases import case_reads, kept_show
from casework.cases.involvement import involve
from casework.cases.views import show_case
from casework.demo.bulk import build_bulk
from casework.errors import UserError
from casework.queue import first_page_pg
from casework.workspace import Workspace
from db import sqlite_write
from db.models import AuditEvent, Case, Document, Note, Person, User

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def council(request, tmp_path_factory):
    """A bulk demo council (every stage, restricted cases, confidential papers, sanctions,
    witnesses and panels), with a deputy who is a party to some cases and a witness to one."""
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("kept-show") / "c.db")
        ws = make_workspace(f"sqlite:///{db}")
    else:
        db = request.getfixturevalue("pg_server").new_database("kept_show")
        ws = make_workspace(db)
    build_bulk(ws, "mo", 90, 5)
    with Session(ws.engine) as s:
        party = s.execute(select(Person.name).join(Case, Case.subject_id == Person.id)
                          .order_by(Case.id)).scalars().first()
        logins = dict(s.execute(select(User.login, User.role).where(User.active).order_by(User.login)).all())
        open_one = s.execute(select(Case.ref).where(Case.is_open, Case.confidential.is_(False),
                                                    Case.route == "member").order_by(Case.ref)).scalars().first()
        witness = s.execute(select(Person.name).where(Person.kind == "officer").order_by(Person.id.desc())).scalars().first()
    involve(ws, open_one, witness, "witness", "mo")
    link_user_to_person(ws, _of(logins, "deputy-monitoring-officer"), party)
    return ws, db, logins, (open_one, witness)


def _of(logins: dict, role: str) -> str:
    return next(login for login, r in logins.items() if r == role)


@pytest.fixture
def kept(council, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEWORK_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setattr(kept_show, "council_today", lambda: TODAY)
    return council


def _fast(db, login, ref):
    """The case as read without SQLAlchemy, or None; on PostgreSQL, as the login it acts as."""
    if not db.startswith("postgresql"):
        return kept_show.show_kept(db, None, login, ref)
    found = kept_show.show_shared(db, None, login, True, ref)
    assert found is None or found[1] == login
    return found and found[0]


def _shown(ws, db, ref, login):
    """(kept, ordinary): each the case shown or the words of its refusal."""
    def attempt(show):
        try:
            return show()
        except UserError as exc:
            return f"refused: {exc}"
    return (attempt(lambda: _fast(db, login, ref)),
            attempt(lambda: show_case(ws, ref, login, record_reads=False)))


def test_the_shipped_statements_are_what_the_code_writes():
    """case_reads.json is written by SQLAlchemy from casework.cases.view_reads; when this fails,
    write it again: python -m casework.cases.case_reads"""
    assert json.loads(case_reads.FILE.read_text()) == json.loads(json.dumps(case_reads.written())), \
        "casework/cases/case_reads.json is stale: run python -m casework.cases.case_reads"
    assert case_reads.shipped() is not None


def test_every_case_shows_as_the_ordinary_way_shows_it_for_every_login(kept):
    ws, db, logins, _ = kept
    with Session(ws.engine) as s:
        refs = list(s.execute(select(Case.ref).order_by(Case.ref)).scalars())
    seen = {"same": 0, "refused": 0, "restricted papers read": 0}
    for login in logins:
        for ref in refs if login == "mo" else refs[::5]:
            fast, ordinary = _shown(ws, db, ref, login)
            restricted = isinstance(ordinary, dict) and (
                ordinary["confidential"] or any(n["confidential"] for n in ordinary["notes"])
                or any(d["confidential"] for d in ordinary["documents"]))
            seen["restricted papers read"] += restricted
            assert fast == ordinary, (login, ref)
            seen["refused" if isinstance(fast, str) else "same"] += 1
    # Restricted cases, parties and the rest: each kind met, so the comparison bites.
    assert min(seen.values()) >= 5, seen


def test_a_witness_and_a_party_are_refused_in_the_ordinary_words(kept):
    ws, db, logins, (ref, witness) = kept
    clerk = _of(logins, "clerk")
    link_user_to_person(ws, clerk, witness)
    try:
        fast, ordinary = _shown(ws, db, ref, clerk)
        assert fast == ordinary and fast.startswith("refused: you are a witness in"), (fast, ordinary)
        deputy = _of(logins, "deputy-monitoring-officer")
        with Session(ws.engine) as s:
            theirs = s.execute(select(Case.ref).join(User, User.person_id == Case.subject_id)
                               .where(User.login == deputy)).scalars().first()
        fast, ordinary = _shown(ws, db, theirs, deputy)
        assert fast == ordinary and fast.startswith("refused: you are a party to"), (fast, ordinary)
    finally:
        with Session(ws.engine) as s:
            s.execute(User.__table__.update().where(User.login == clerk).values(person_id=None))
            s.commit()


def _restricted(ws) -> str:
    """A case that is not restricted itself, with a confidential note: the MO's read is recorded."""
    with Session(ws.engine) as s:
        return s.execute(select(Case.ref).join(Note, Note.case_id == Case.id)
                         .where(Note.confidential, Case.confidential.is_(False))
                         .order_by(Case.ref)).scalars().first()


def _reads(ws, ref) -> list[AuditEvent]:
    with Session(ws.engine) as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "read", AuditEvent.case_ref == ref)
                              .order_by(AuditEvent.seq)).scalars())


def test_a_reader_of_restricted_papers_has_the_read_recorded_as_the_ordinary_way_records_it(kept):
    ws, db, _, _ = kept
    ref = _restricted(ws)
    before = len(_reads(ws, ref))
    ordinary = show_case(ws, ref, "mo", record_reads=False)
    assert _fast(db, "mo", ref) == ordinary
    show_case(ws, ref, "mo")  # the ordinary way's record of the same read, for comparison
    *_, fast, slow = _reads(ws, ref)
    assert len(_reads(ws, ref)) == before + 2 and slow.seq == fast.seq + 1
    mine, theirs = json.loads(fast.data), json.loads(slow.data)
    assert theirs.pop("case_seq") == mine.pop("case_seq") + 1
    assert (fast.actor, fast.from_state, fast.to_state, mine) == (slow.actor, slow.from_state, slow.to_state, theirs)
    # Asked to act as mo through another account (the OS login; PostgreSQL's administrator): it shows.
    assert mine["notes"] and "account" in mine
    with Session(ws.engine) as s:
        assert verify(s).ok and verify_case(s, ref).ok


def test_a_read_that_cannot_be_recorded_writes_nothing_and_goes_the_ordinary_way(kept, monkeypatch):
    """Another handler's change holds the trail past the wait allowed: the command goes the
    ordinary way (which waits longer), and nothing of the attempt is left."""
    ws, db, _, _ = kept
    ref = _restricted(ws)
    before = dump(ws)
    if db.startswith("postgresql"):
        monkeypatch.setattr(first_page_pg, "OPTIONS", first_page_pg.OPTIONS.replace("lock_timeout=5000", "lock_timeout=50"))
        blocker = psycopg.connect(db.replace("postgresql+psycopg://", "postgresql://"))
        blocker.execute("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE")
    else:
        monkeypatch.setattr(sqlite_write, "BUSY_TIMEOUT_MS", 50)
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
    try:
        assert _fast(db, "mo", ref) is None
    finally:
        blocker.rollback() if db.startswith("postgresql") else blocker.execute("ROLLBACK")
        blocker.close()
    assert dump(ws) == before


def test_unknown_cases_logins_and_stale_statements_go_the_ordinary_way(kept, monkeypatch, tmp_path):
    ws, db, _, _ = kept
    assert _fast(db, "mo", "MOP-1999-0001") is None
    assert _fast(db, "nobody", _a_ref(ws)) is None
    stale = json.loads(case_reads.FILE.read_text())
    stale["fingerprint"] = "0" * 20  # as if the code had changed since they were written
    (tmp_path / "case_reads.json").write_text(json.dumps(stale))
    monkeypatch.setattr(case_reads, "FILE", tmp_path / "case_reads.json")
    case_reads.shipped.cache_clear()
    try:
        assert _fast(db, "mo", _a_ref(ws)) is None
    finally:
        case_reads.shipped.cache_clear()


def _a_ref(ws) -> str:
    """A case with nothing restricted in it: its read is not recorded."""
    with Session(ws.engine) as s:
        secret = select(Note.case_id).where(Note.confidential).union(
            select(Document.case_id).where(Document.confidential))
        return s.execute(select(Case.ref).where(Case.confidential.is_(False), Case.id.not_in(secret))
                         .order_by(Case.ref)).scalars().first()


def _cli(db, *args, code=None):
    env = {**os.environ, "CASEWORK_DB": db, "CASEWORK_USER": "mo"}
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "casework", *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("restricted", [False, True], ids=["plain", "restricted papers"])
def test_show_loads_no_sqlalchemy_and_prints_what_the_ordinary_way_prints(kept, restricted):
    ws, db, _, _ = kept
    ref = _restricted(ws) if restricted else _a_ref(ws)
    reads = len(_reads(ws, ref))
    code = ("import sys\nfrom casework.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel'}))")
    run = _cli(db, "show", ref, "--json", code=code)
    assert run.returncode == 0, run.stderr
    printed, loaded = run.stdout.rsplit("LOADED", 1)
    assert loaded.strip() == "[]"
    assert len(_reads(ws, ref)) == reads + restricted
    today = Workspace(engine=ws.engine, profile=ws.profile)  # the day the child runs on, not the tests'
    assert json.loads(printed) == json.loads(json.dumps(show_case(today, ref, "mo", record_reads=False)))
