"""Every council profile a case was opened under, kept whole, so the rules a case ran under
can be read long after the profile file has changed.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'profile_version',
        sa.Column('version', sa.String(), nullable=False),
        sa.Column('first_used', sa.String(), nullable=False),
        sa.Column('source', sa.String(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('version'),
    )


def downgrade() -> None:
    op.drop_table('profile_version')
