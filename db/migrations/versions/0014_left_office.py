"""A Member who leaves office mid-case: the register keeps the day, the case continues, and the
sanctions that need a serving member are refused.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('person', sa.Column('left_office', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('person', 'left_office')
