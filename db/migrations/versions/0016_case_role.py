"""People in a case besides its parties: witnesses, earlier advisers on the matter, and the
members of the panels that assessed a complaint and hear it.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_role',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('capacity', sa.String(), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case_file.id']),
        sa.ForeignKeyConstraint(['person_id'], ['person.id']),
        sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'person_id', 'capacity', name='uq_case_role'),
    )
    op.create_index('ix_case_role_case_id', 'case_role', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_case_role_case_id', table_name='case_role')
    op.drop_table('case_role')
