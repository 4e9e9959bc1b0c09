"""The release of casework that brought the database to each schema revision, so that an older
casework refuses a newer database by naming the release it needs, not with Alembic's error.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'schema_release',
        sa.Column('revision', sa.String(), nullable=False),
        sa.Column('release', sa.String(), nullable=False),
        sa.Column('upgraded_at', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('revision'),
    )


def downgrade() -> None:
    op.drop_table('schema_release')
