"""On PostgreSQL, every row a handler may write (notes, papers, sanctions, assignments, the
register, users) changes only in a transaction that appended an event about it, as a case's row
already did (db.pg_guard).

Revision ID: 0025
Revises: 0024
"""
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_guard

    pg_guard.install(op.get_bind())


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_guard, pg_rows

    # Tables a later revision added and its downgrade dropped are gone, with their triggers.
    for table in pg_rows.present(op.get_bind(), pg_guard.CASE_ROWS + pg_guard.OTHER_ROWS):
        op.execute(f"DROP TRIGGER IF EXISTS casework_row_audited ON {table}")
    op.execute("DROP FUNCTION IF EXISTS casework_row_audited CASCADE")
