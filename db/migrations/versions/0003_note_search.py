"""A trigram full-text index of notes on SQLite, so searching notes does not read them all.

Notes are append-only, so one insert trigger keeps the index whole. PostgreSQL keeps using
ILIKE for now.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE note_text USING fts5("
        "text, case_id UNINDEXED, confidential UNINDEXED, tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER note_text_insert AFTER INSERT ON note BEGIN "
        "INSERT INTO note_text (rowid, text, case_id, confidential) "
        "VALUES (new.id, new.text, new.case_id, new.confidential); END"
    )
    op.execute(
        "INSERT INTO note_text (rowid, text, case_id, confidential) "
        "SELECT id, text, case_id, confidential FROM note"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS note_text_insert")
    op.execute("DROP TABLE IF EXISTS note_text")
