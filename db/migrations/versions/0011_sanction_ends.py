"""The last day of a sanction that runs for a period (a suspension in Wales), so the six-month
limit of SI 2001/2281 reg. 9(1)(d) can be checked and shown.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.drop_column('ends')
