"""Migration 0027: notes written before it are dated by the day they were recorded, and a new
note by its own day."""

from helpers import populated_workspace
from sqlalchemy import text
from test_pause_migration import _downgrade

from casework.cases.opening import open_case
from casework.cases.papers import annotate
from casework.cases.views import show_case
from db import schema


def test_notes_from_before_are_dated_the_day_they_were_recorded(db_url):
    ws = populated_workspace(db_url)
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-10-01")
    first = annotate(ws, ref, "Before the upgrade.", "mo", on="2026-10-02")
    _downgrade(ws.engine, "0026")
    with ws.engine.connect() as conn:
        assert "dated" not in {c for c in conn.execute(text("SELECT * FROM note")).keys()}
    assert schema.upgrade(ws.engine)
    later = annotate(ws, ref, "After the upgrade.", "mo", on="2026-10-05")
    notes = {n["id"]: n for n in show_case(ws, ref, "mo")["notes"]}
    assert notes[first]["day"] == notes[first]["at"][:10] != "2026-10-02"
    assert notes[later]["day"] == "2026-10-05"
