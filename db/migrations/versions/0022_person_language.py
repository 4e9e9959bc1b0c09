"""A person's language for letters: "cy" where they asked for Welsh (Welsh Language
Standards); their letters from a council in Wales are then in Welsh and English.

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('person', sa.Column('language', sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column('person', 'language')
