"""Note search by case: one trigram-indexed row per case holding its ordinary notes.

With one row per note, a search had to read the case of every matching note (tens of
thousands for a common word at 100,000 cases); with one row per case, the row id is the case,
and the index alone answers. Notes are append-only, so an insert trigger keeps it whole.

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE case_note_text USING fts5(body, tokenize='trigram')")
    op.execute(
        "CREATE TRIGGER case_note_text_insert AFTER INSERT ON note WHEN new.confidential = 0 BEGIN "
        "INSERT INTO case_note_text (rowid, body) SELECT new.case_id, '' "
        "WHERE NOT EXISTS (SELECT 1 FROM case_note_text WHERE rowid = new.case_id); "
        "UPDATE case_note_text SET body = body || char(10) || new.text WHERE rowid = new.case_id; "
        "END"
    )
    op.execute(
        "INSERT INTO case_note_text (rowid, body) "
        "SELECT case_id, char(10) || group_concat(text, char(10)) FROM "
        "(SELECT case_id, text FROM note WHERE confidential = 0 ORDER BY id) GROUP BY case_id"
    )
    op.execute("DROP TRIGGER IF EXISTS note_text_insert")
    op.execute("DROP TABLE IF EXISTS note_text")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS case_note_text_insert")
    op.execute("DROP TABLE IF EXISTS case_note_text")
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
