"""A small index of the audit events about letters, so the queue can count the letters that
were to be emailed and were not without reading the whole trail.

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

WHERE = "action IN ('letter', 'letter-sent', 'letter-not-sent')"


def upgrade() -> None:
    # Partial: only letter events are in it, so the rest of the trail pays nothing for it.
    op.create_index('ix_audit_event_letters', 'audit_event', ['seq'],
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index('ix_audit_event_letters', table_name='audit_event')
