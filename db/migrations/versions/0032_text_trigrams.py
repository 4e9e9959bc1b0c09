"""On PostgreSQL, trigram indexes (pg_trgm) for the queue's search: references, summaries, the
register's names and ordinary notes' text (db.pg_text). Without them a note search read every
note with ILIKE, about 240 ms a keystroke at 100,000 cases. SQLite has its own (0006, 0009):
nothing changes there.

Revision ID: 0032
Revises: 0031
"""

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from alembic import op

    if op.get_context().dialect.name == "postgresql":
        from db import pg_text

        pg_text.install(op.get_bind())


def downgrade() -> None:
    from alembic import op

    if op.get_context().dialect.name == "postgresql":
        from db import pg_text

        pg_text.remove(op.get_bind())
