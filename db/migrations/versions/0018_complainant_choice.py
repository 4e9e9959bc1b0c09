"""An officer complaining about a Member chooses the protocol route or the council's grievance
or bullying and harassment procedure; the choice is kept on the case.

Nothing is filled in for existing cases: a case past assessment took its route before the
choice was asked, and one at assessment has it recorded before the decision.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop case_file, which other tables' keys name.
    op.add_column('case_file', sa.Column('complainant_choice', sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column('case_file', 'complainant_choice')
