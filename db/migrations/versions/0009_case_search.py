"""Filter search by case: one trigram-indexed row per case holding its reference and summary.

Typing in the triage queue matched `LIKE '%text%'` against every open case's summary; text
that matches few cases read all of them (about 35 ms at 100,000 cases, 17,000 open). The
index answers a substring of three characters or more at once; shorter text still uses LIKE,
which finds a page of matches within the first rows it reads. Names are matched in the
register, which is small. Triggers keep the index in step with the case table.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE case_text USING fts5(body, tokenize='trigram')")
    op.execute(
        "CREATE TRIGGER case_text_insert AFTER INSERT ON case_file BEGIN "
        "INSERT INTO case_text (rowid, body) VALUES (new.id, new.ref || char(10) || new.summary); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER case_text_update AFTER UPDATE OF ref, summary ON case_file BEGIN "
        "UPDATE case_text SET body = new.ref || char(10) || new.summary WHERE rowid = new.id; "
        "END"
    )
    op.execute(
        "CREATE TRIGGER case_text_delete AFTER DELETE ON case_file BEGIN "
        "DELETE FROM case_text WHERE rowid = old.id; END"
    )
    op.execute("INSERT INTO case_text (rowid, body) SELECT id, ref || char(10) || summary FROM case_file")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("case_text_insert", "case_text_update", "case_text_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS case_text")
