"""The schema: migrations reach the models, the fast path knows the head, and SQLite is
configured for safe concurrent use."""

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db import schema
from db.engine import make_engine, resolve_url


def test_head_constant_matches_the_migrations():
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == schema.HEAD


def test_upgrade_creates_every_table_and_is_idempotent(db_url):
    engine = make_engine(db_url)
    assert schema.current_revision(engine) is None
    assert schema.upgrade(engine) is True
    assert schema.upgrade(engine) is False
    assert schema.current_revision(engine) == schema.HEAD
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    engine.dispose()


def test_migrated_columns_match_the_models(db_url):
    engine = make_engine(db_url)
    schema.upgrade(engine)
    insp = inspect(engine)
    for table in SQLModel.metadata.sorted_tables:
        assert {c["name"] for c in insp.get_columns(table.name)} == {c.name for c in table.columns}
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_foreign_keys_are_enforced(sqlite_url):
    engine = make_engine(sqlite_url)
    schema.upgrade(engine)
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO note (case_id, author_id, kind, text, confidential, created_at) "
                "VALUES (999, 999, 'note', 'x', 0, 'now')"))
    engine.dispose()


def test_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("CASEWORK_DB", raising=False)
    assert resolve_url(None).startswith("sqlite:///") and resolve_url(None).endswith("casework.db")
    monkeypatch.setenv("CASEWORK_DB", str(tmp_path / "x.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/x.db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def _downgrade(engine, revision: str) -> None:
    from alembic import command

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_the_case_note_index_is_filled_from_notes_already_there(tmp_path):
    """Migration 0006 builds its index from the notes a database already holds."""
    from helpers import populated_workspace
    from sqlalchemy import text

    from casework.cases.opening import open_case
    from casework.cases.papers import annotate
    from casework.queue.pages import CaseQuery, page
    from db.schema import upgrade

    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    annotate(ws, ref, "Quokka sighting", "mo")
    annotate(ws, ref, "Platypus kept private", "mo", confidential=True)
    _downgrade(ws.engine, "0005")
    # Written as the release of that schema wrote it (today's models know later columns).
    with ws.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO note (case_id, author_id, kind, text, confidential, created_at) "
            "SELECT id, 1, 'note', 'Wallaby noted while the index was gone', 0, '2026-11-03T10:00:00Z' "
            "FROM case_file WHERE ref = :ref"), {"ref": ref})
    assert upgrade(ws.engine)
    with ws.engine.connect() as conn:
        body = conn.execute(text("SELECT body FROM case_note_text")).scalar_one()
    assert "Quokka" in body and "Wallaby" in body and "Platypus" not in body
    for word, found in (("quokka", [ref]), ("wallaby", [ref]), ("platypus", [])):
        assert [r["ref"] for r in page(ws, "mo", CaseQuery(text=word, notes=True))] == found


def test_protocol_training_migration_keeps_the_register_and_goes_back(tmp_path):
    """Migration 0008 adds an officer's tier and the training table to a register that already
    has people, and its downgrade takes them away again without touching the people."""
    from helpers import populated_workspace
    from sqlalchemy import text

    from casework.people.protocol import person_record, train

    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    _downgrade(ws.engine, "0007")
    insp = inspect(ws.engine)
    assert "training" not in insp.get_table_names()
    assert "tier" not in {c["name"] for c in insp.get_columns("person")}
    assert schema.upgrade(ws.engine) and schema.current_revision(ws.engine) == schema.HEAD
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person WHERE tier IS NULL")).scalar() == 5
    train(ws, "mo", "Bob Smith", "Member/Officer protocol", "2026-06-01")
    assert person_record(ws, "mo", "Bob Smith")["training"] == [
        {"course": "Member/Officer protocol", "completed": "2026-06-01"}]


def test_case_text_migration_indexes_the_cases_already_there(tmp_path):
    """Migration 0009 indexes every existing case's reference and summary, and its triggers
    keep the index whole for cases opened after it."""

    from helpers import populated_workspace

    from casework.cases.opening import open_case
    from casework.queue import pages as queue
    from casework.queue.pages import CaseQuery, page

    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    before = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Shouted at a heron", "2026-11-02")
    _downgrade(ws.engine, "0008")  # the index goes with the revision; the case stays
    assert "case_text" not in inspect(ws.engine).get_table_names()
    assert schema.upgrade(ws.engine) and schema.current_revision(ws.engine) == schema.HEAD
    after = open_case(ws, "mo", "Cllr Tom Price", "Olive Manager", "21.9.2", "Fed the heron chips", "2026-11-03")
    old, queue.WALK_BUDGET = queue.WALK_BUDGET, 0  # through the index alone
    try:
        assert {r["ref"] for r in page(ws, "mo", CaseQuery(text="heron"))} == {before, after}
        assert [r["ref"] for r in page(ws, "mo", CaseQuery(text=before))] == [before]
    finally:
        queue.WALK_BUDGET = old
