"""A document may be the redacted copy of another on its case: it names that paper and the
ground on which words were withheld. Papers filed before this revision are originals.

Revision ID: 0028
Revises: 0027
"""
import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('document')}
    if 'redacts_id' in have:  # an interrupted upgrade, or a version stamp set back by hand
        return
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacts_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('redaction', sa.String(), nullable=True))
        batch_op.create_foreign_key('fk_document_redacts_id', 'document', ['redacts_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_redacts_id', type_='foreignkey')
        batch_op.drop_column('redaction')
        batch_op.drop_column('redacts_id')
