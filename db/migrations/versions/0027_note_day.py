"""A note carries the day it speaks of, as a paper carries its date: a meeting noted two days
later, or a back-dated demo case, is dated by its own day in lists and bundles, while the audit
trail keeps when it was recorded.

Notes written before this revision are dated by the day they were recorded; a note recorded
with --on before it keeps that day only in its audit event, as before.

Revision ID: 0027
Revises: 0026
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Safe to run again over a database that has the column (an interrupted upgrade, or a
    # version stamp set back by hand).
    if 'dated' not in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('note')}:
        op.add_column('note', sa.Column('dated', sa.Date(), nullable=True))
    day = "substr(created_at, 1, 10)"
    if op.get_context().dialect.name == "postgresql":
        day = f"CAST({day} AS date)"
    op.execute(f"UPDATE note SET dated = {day} WHERE dated IS NULL")


def downgrade() -> None:
    op.drop_column('note', 'dated')
