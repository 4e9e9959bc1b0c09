"""The initial assessment of a complaint about a Member: its classification (code, protocol,
outside the remit), the complainant's anonymity, and complainants restricted as vexatious.

Nothing is filled in for existing cases: a case already past assessment took its route before
the classification was asked, and one at assessment is classified by the Monitoring Officer.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop case_file, which other tables' keys name.
    op.add_column('case_file', sa.Column('classification', sa.String(), nullable=True))
    op.add_column('case_file', sa.Column('anonymity', sa.String(), nullable=True))
    op.add_column('person', sa.Column('restricted_until', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('person', 'restricted_until')
    op.drop_column('case_file', 'anonymity')
    op.drop_column('case_file', 'classification')
