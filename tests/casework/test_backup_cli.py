"""`casework backup` and `casework restore` as a Monitoring Officer's script would call them.

Every refusal is one line on stderr, exit status 2, and leaves the target database exactly
as it was (tests/helpers.dump before and after); a backup that fails leaves no file.
"""

import random
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from cli_runner import run_cli
from helpers import dump
from sqlalchemy import create_engine, inspect, text

from casework.audit import chain as audit
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from casework.transaction import read


def add_case(ws, summary="Shouted at an officer after planning committee") -> str:
    return open_case(ws, "mo", about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3",
                     summary=summary, received="2026-11-02")


@pytest.fixture
def source(ws):
    add_case(ws)
    add_case(ws, "Copied an officer's private email to the press")
    yield ws
    ws.engine.dispose()


@pytest.fixture
def fresh_url(db_url, request, tmp_path) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}/fresh/restored.db"
    return request.getfixturevalue("pg_server").new_database("fresh")


def refusal(result) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("casework: ") and result.err.count("\n") == 1, result.err
    return result.err


def where(url: str) -> str:
    """How a message names a database."""
    return url.split("///", 1)[1] if url.startswith("sqlite") else url


def target_state(url: str):
    """The target as a snapshot, read without creating or upgrading it."""
    if url.startswith("sqlite"):
        path = Path(where(url))
        if not path.exists():
            return sorted(p.name for p in path.parent.glob("*")) if path.parent.exists() else None
    engine = create_engine(url)
    try:
        return dump(SimpleNamespace(engine=engine)) if inspect(engine).get_table_names() else []
    finally:
        engine.dispose()


def test_round_trip_through_the_command_line(source, db_url, fresh_url, tmp_path):
    file = tmp_path / "council.backup"
    made = run_cli(db_url, "backup", str(file), subprocess_=True)  # the console entry itself
    assert made.code == 0, made.err
    match = re.fullmatch(rf"backup written to {file}: 2 cases, (\d+) events verified, head ([0-9a-f]{{12}})\n",
                         made.out)
    assert match, made.out
    events, head = int(match[1]), match[2]

    back = run_cli(fresh_url, "restore", str(file))
    assert back.code == 0, back.err
    assert back.out == (f"restored {file}: 2 cases, {events} events verified, head {head}; "
                        f"the restore is audit event #{events + 1}\n")
    checked = run_cli(fresh_url, "audit", "verify")
    assert checked.out == f"audit trail intact: {events + 1} events verified\n"
    listed = run_cli(fresh_url, "list")
    assert listed.code == 0 and listed.out.count("MOP-2026-") == 2


def test_restoring_over_cases_needs_force_and_takes_back_what_came_after(source, db_url, tmp_path):
    file = tmp_path / "council.backup"
    assert run_cli(db_url, "backup", str(file)).code == 0
    later = add_case(source, "Logged after the backup")
    annotate(source, "MOP-2026-0001", "Written after the backup", "mo")
    before = dump(source)

    err = refusal(run_cli(db_url, "restore", str(file)))
    assert "already holds 3 cases" in err and "add --force" in err
    assert dump(source) == before

    # A handler's engine stays open across the restore, as a running application's would.
    with source.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    done = run_cli(db_url, "restore", str(file), "--force")
    assert done.code == 0, done.err
    shown = run_cli(db_url, "show", later)
    assert shown.code == 2 and later in shown.err
    with source.engine.connect() as conn:
        refs = [r for (r,) in conn.exec_driver_sql("SELECT ref FROM case_file ORDER BY ref")]
        last = conn.exec_driver_sql("SELECT action, data FROM audit_event ORDER BY seq DESC").first()
    assert refs == ["MOP-2026-0001", "MOP-2026-0002"]
    assert last[0] == "restore" and '"replaced":{"cases":3' in last[1]
    assert run_cli(db_url, "audit", "verify").code == 0


BAD = ["random", "empty", "directory", "missing", "truncated", "header-only", "corrupted",
       "other-backend", "not-casework"]
NOT_PG = r"cannot be read as a PostgreSQL backup \(could not read from input file: end of file\)"
# Where the spoilt blocks fall in a dump differs from run to run (its times and rows do), and
# so does what pg_restore trips over first; the line names its reason, whichever it is.
SPOILT_PG = r"cannot be read as a PostgreSQL backup \([^)]+\): it is damaged"
# What the one line says, on a SQLite target and on a PostgreSQL one.
EXPECTED = {
    "random": ["is not a casework backup: neither a SQLite database nor a pg_dump archive"] * 2,
    "empty": ["is empty: not a casework backup"] * 2,
    "directory": ["is a directory; name the file that casework backup wrote"] * 2,
    "missing": ["^casework: no file "] * 2,
    "truncated": [r"is truncated \([\d,]+ of [\d,]+ bytes\): not a whole backup", NOT_PG],
    "header-only": [r"is truncated \(10 bytes\): not a whole backup", NOT_PG],
    "corrupted": [r"is damaged \(database disk image is malformed\)", SPOILT_PG],
    "other-backend": ["is a PostgreSQL backup but .* is a SQLite database; restore it into a "
                      "PostgreSQL database",
                      "is a SQLite backup but .* is a PostgreSQL database; restore it into a "
                      "database file"],
    "not-casework": ["is not a casework backup: it has no alembic_version table"] * 2,
}


def make_bad(kind: str, good: Path, path: Path, db_url: str, request) -> None:
    rng = random.Random(kind)
    data = good.read_bytes()
    on_sqlite = db_url.startswith("sqlite")
    if kind == "random":
        path.write_bytes(rng.randbytes(50_000))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "directory":
        path.mkdir()
    elif kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "header-only":
        path.write_bytes(data[:10])
    elif kind == "corrupted":
        # A disk going bad: the start of every third 4 KiB block after the first overwritten.
        spoilt = bytearray(data)
        for at in range(4096, len(spoilt), 3 * 4096):
            spoilt[at:at + 64] = rng.randbytes(64)
        path.write_bytes(bytes(spoilt))
    elif kind == "other-backend" and on_sqlite:
        path.write_bytes(b"PGDMP" + rng.randbytes(5000))  # the magic every pg_dump archive starts with
    elif (kind == "other-backend") or (kind == "not-casework" and on_sqlite):
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE minutes (said TEXT)")
        conn.close()
    elif kind == "not-casework":
        from casework.backup.postgres import dump as pg_dump

        pg_dump(request.getfixturevalue("pg_server").new_database("not_casework"), path)
    else:
        assert kind == "missing"


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_backup_is_one_line_and_changes_nothing(kind, source, db_url, fresh_url, tmp_path, request):
    good = tmp_path / "good.backup"
    assert run_cli(db_url, "backup", str(good)).code == 0
    bad = tmp_path / f"{kind}.backup"
    make_bad(kind, good, bad, db_url, request)

    before = dump(source)
    err = refusal(run_cli(db_url, "restore", str(bad), "--force"))
    assert re.search(EXPECTED[kind][0 if db_url.startswith("sqlite") else 1], err), err
    assert dump(source) == before

    # Into a database that does not exist yet (SQLite) or is empty (PostgreSQL): still nothing.
    empty = target_state(fresh_url)
    assert refusal(run_cli(fresh_url, "restore", str(bad))) == err.replace(where(db_url), where(fresh_url))
    assert target_state(fresh_url) == empty


@pytest.mark.parametrize("harm", ["altered event", "damaged paper"])
def test_a_damaged_database_is_backed_up_as_evidence_but_never_restored(
        harm, source, db_url, fresh_url, tmp_path):
    paper = tmp_path / "letter.txt"
    paper.write_text("Dear Monitoring Officer,\n" * 50)
    attach(source, "MOP-2026-0001", str(paper), "mo")
    with source.engine.begin() as conn:
        if harm == "altered event":
            conn.exec_driver_sql("UPDATE audit_event SET actor = 'someone' WHERE seq = 3")
            problem = None  # what audit verify says of the source, read below
        else:
            sha = conn.exec_driver_sql("SELECT sha256 FROM blob").scalar_one()
            conn.execute(text("UPDATE blob SET data = :d"), {"d": b"Dear Sir,\n"})
            problem = (f"the stored bytes of evidence {sha[:12]} no longer match their SHA-256: "
                       "the papers are damaged")
    if problem is None:
        with read(source.engine) as s:
            problem = audit.verify(s).message
        assert problem.startswith("audit trail broken: event #3 (person-add, ")
    file = tmp_path / "damaged.backup"
    made = run_cli(db_url, "backup", str(file))
    assert (made.code, made.out) == (1, "")
    assert made.err == f"casework: backup written to {file}, but {problem}\n"
    assert file.exists()

    empty = target_state(fresh_url)
    assert refusal(run_cli(fresh_url, "restore", str(file))) == f"casework: not restoring {file}: {problem}\n"
    assert target_state(fresh_url) == empty


def test_only_the_monitoring_officer_or_a_deputy(source, db_url, fresh_url, tmp_path):
    file = tmp_path / "council.backup"
    err = refusal(run_cli(db_url, "backup", str(file), user="hr"))
    assert err == ("casework: an HR adviser cannot back up the database; only the Monitoring "
                   "Officer or a deputy may. You are signed in as hr\n")
    assert [p for p in tmp_path.iterdir() if "council.backup" in p.name] == []
    assert run_cli(db_url, "backup", str(file), user="dep").code == 0

    before = dump(source)
    err = refusal(run_cli(db_url, "restore", str(file), "--force", user="clerk"))
    assert "a committee clerk cannot restore a backup over this database" in err
    assert dump(source) == before

    # An empty database has no users yet: the backup's own users decide.
    empty = target_state(fresh_url)
    assert "a viewer cannot restore this backup" in refusal(run_cli(fresh_url, "restore", str(file), user="view"))
    err = refusal(run_cli(fresh_url, "restore", str(file), user="stranger"))
    assert err == (f"casework: no user 'stranger' in the backup {file}; restoring into an empty "
                   "database needs its Monitoring Officer or a deputy (--as LOGIN)\n")
    assert target_state(fresh_url) == empty
    assert run_cli(fresh_url, "restore", str(file), user="dep").code == 0


def test_where_a_backup_cannot_go(source, db_url, tmp_path):
    before = dump(source)
    assert "is a directory" in refusal(run_cli(db_url, "backup", str(tmp_path)))
    assert "does not exist; create it first" in refusal(run_cli(db_url, "backup", str(tmp_path / "no" / "b")))
    if db_url.startswith("sqlite"):
        live = db_url.split("///", 1)[1]
        assert "is the database itself" in refusal(run_cli(db_url, "backup", live))
        assert "is the database itself" in refusal(run_cli(db_url, "backup", live + "-wal"))
    assert dump(source) == before


def test_a_failed_backup_leaves_nothing_behind(source, db_url, tmp_path, monkeypatch):
    import casework.backup.postgres
    import casework.backup.sqlite

    def half_then_full_disk(_from, dest):
        dest.write_bytes(b"half a backup")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(casework.backup.sqlite, "copy_live", half_then_full_disk)
    monkeypatch.setattr(casework.backup.postgres, "dump", half_then_full_disk)
    folder = tmp_path / "backups"
    folder.mkdir()
    before = dump(source)
    err = refusal(run_cli(db_url, "backup", str(folder / "council.backup")))
    assert err == f"casework: cannot write {folder / 'council.backup'}: No space left on device; choose another folder or free some space\n"
    assert list(folder.iterdir()) == []
    assert dump(source) == before


@pytest.mark.parametrize("attack", ["trigger", "function", "note"])
def test_a_backup_of_a_doctored_database_is_never_restored(attack, source, db_url, fresh_url, tmp_path):
    """Issue 17 item 3, on both backends: a trigger or function planted in the database, or a
    note edited under an intact chain, goes into the backup (as evidence) but never back."""
    pg = not db_url.startswith("sqlite")
    plant = {
        "trigger": ["CREATE FUNCTION promote() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "UPDATE user_account SET role = 'monitoring-officer'; RETURN NEW; END $$",
                    "CREATE TRIGGER promote AFTER INSERT ON note FOR EACH ROW EXECUTE FUNCTION promote()"]
        if pg else ["CREATE TRIGGER promote AFTER INSERT ON note BEGIN "
                    "UPDATE user_account SET role = 'monitoring-officer'; END"],
        "function": ["CREATE FUNCTION leak() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$"] if pg
        else ["CREATE VIEW leak AS SELECT text FROM note"],
        "note": ["UPDATE note SET text = 'Nothing to see'"],
    }[attack]
    annotate(source, "MOP-2026-0001", "Occupational health: signed off with stress", "mo")
    with source.engine.begin() as conn:
        for statement in plant:
            conn.exec_driver_sql(statement)
    file = tmp_path / "doctored.backup"
    made = run_cli(db_url, "backup", str(file))
    assert made.code == 1 and made.err.startswith(f"casework: backup written to {file}, but "), made.err
    said = {"trigger": "casework never writes", "function": "casework never writes",
            "note": "its rows are not as its audit trail recorded them: note"}[attack]
    assert said in made.err, made.err
    empty = target_state(fresh_url)
    err = refusal(run_cli(fresh_url, "restore", str(file)))
    assert err.startswith(f"casework: not restoring {file}: ") and said in err, err
    assert target_state(fresh_url) == empty
