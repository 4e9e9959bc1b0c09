"""The officer route's ACAS steps: the note of a disciplinary meeting names the companion who
attended (or none), and the register marks who holds a statutory post, whose dismissal
SI 2015/881 conditions.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop tables other tables' keys name.
    op.add_column('note', sa.Column('companion', sa.String(), nullable=True))
    op.add_column('person', sa.Column('statutory_post', sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column('person', 'statutory_post')
    op.drop_column('note', 'companion')
