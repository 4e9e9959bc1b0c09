"""People and users get an email address, for letters casework sends (casework.letters).

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop tables that other tables' keys name.
    op.add_column('person', sa.Column('email', sa.String(), nullable=True))
    op.add_column('user_account', sa.Column('email', sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column('user_account', 'email')
    op.drop_column('person', 'email')
