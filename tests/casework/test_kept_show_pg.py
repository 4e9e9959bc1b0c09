"""`casework show` on a shared PostgreSQL database read with psycopg alone
(casework.cases.kept_show.show_shared) is the case the ordinary way shows, for every role and
every kind of case, or nothing; and it loads no SQLAlchemy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import TODAY, make_workspace
from sqlalchemy import func, select
from sqlmodel import Session

from casework.cases import kept_show
from casework.cases.views import show_case
from casework.demo.bulk import build_bulk
from casework.errors import UserError
from casework.workspace import Workspace
from db.models import AuditEvent, Case, Document, Note, User

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def council(pg_server):
    url = pg_server.new_database("kept_show")
    ws = make_workspace(url)
    build_bulk(ws, "mo", 60, 5)
    with Session(ws.engine) as s:
        logins = dict(s.execute(select(User.login, User.role).where(User.active).order_by(User.login)).all())
    yield ws, url, logins
    ws.engine.dispose()
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def kept(council, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEWORK_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setattr(kept_show, "council_today", lambda: TODAY)
    return council


def _shown(ws, url, ref, login):
    def attempt(show):
        try:
            return show()
        except UserError as exc:
            return f"refused: {exc}"
    found = attempt(lambda: kept_show.show_shared(url, None, login, True, ref))
    if isinstance(found, tuple):
        assert found[1] == login
        found = found[0]
    return found, attempt(lambda: show_case(ws, ref, login, record_reads=False))


def test_every_case_shows_as_the_ordinary_way_shows_it_for_every_login(kept):
    ws, url, logins = kept
    with Session(ws.engine) as s:
        refs = list(s.execute(select(Case.ref).order_by(Case.ref)).scalars())
    seen = {"same": 0, "refused": 0, "ordinary way": 0}
    for login in logins:
        for ref in refs if login == "mo" else refs[::4]:
            fast, ordinary = _shown(ws, url, ref, login)
            if fast is None:  # only a reader of restricted papers, whose read is recorded
                assert isinstance(ordinary, dict) and (
                    ordinary["confidential"] or any(n["confidential"] for n in ordinary["notes"])
                    or any(d["confidential"] for d in ordinary["documents"])), (login, ref)
                seen["ordinary way"] += 1
                continue
            assert fast == ordinary, (login, ref)
            seen["refused" if isinstance(fast, str) else "same"] += 1
    assert min(seen.values()) >= 5, seen


def _a_ref(ws, restricted: bool) -> str:
    with Session(ws.engine) as s:
        secret = select(Note.case_id).where(Note.confidential).union(
            select(Document.case_id).where(Document.confidential))
        plain = Case.confidential.is_(False) & Case.id.not_in(secret)
        return s.execute(select(Case.ref).where(~plain if restricted else plain)
                         .order_by(Case.ref)).scalars().first()


def _cli(url, *args, code=None):
    env = {**os.environ, "CASEWORK_DB": url, "CASEWORK_USER": "mo"}
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "casework", *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)


def test_show_loads_no_sqlalchemy_and_prints_what_the_ordinary_way_prints(kept):
    ws, url, _ = kept
    ref = _a_ref(ws, restricted=False)
    code = ("import sys\nfrom casework.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel'}))")
    run = _cli(url, "show", ref, "--json", code=code)
    assert run.returncode == 0, run.stderr
    printed, loaded = run.stdout.rsplit("LOADED", 1)
    assert loaded.strip() == "[]"
    today = Workspace(engine=ws.engine, profile=ws.profile)  # the day the child runs on, not the tests'
    assert json.loads(printed) == json.loads(json.dumps(show_case(today, ref, "mo", record_reads=False)))


def test_a_reader_of_restricted_papers_goes_the_ordinary_way_which_records_the_read(kept):
    ws, url, _ = kept
    ref = _a_ref(ws, restricted=True)
    with Session(ws.engine) as s:
        reads = s.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "read")).scalar()
    assert kept_show.show_shared(url, None, "mo", True, ref) is None
    run = _cli(url, "show", ref, "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["ref"] == ref, run.stderr
    with Session(ws.engine) as s:
        assert s.execute(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "read")).scalar() == reads + 1


def test_unknown_cases_and_logins_go_the_ordinary_way(kept):
    ws, url, _ = kept
    assert kept_show.show_shared(url, None, "mo", True, "MOP-1999-0001") is None
    assert kept_show.show_shared(url, None, "nobody", True, _a_ref(ws, restricted=False)) is None
    assert kept_show.show_shared("sqlite:///nowhere.db", None, "mo", True, "MOP-2025-0001") is None
