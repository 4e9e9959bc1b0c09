"""Measures in place while a case runs: an officer's suspension on full pay (a neutral act, kept
under review) and protection of an officer who complained about a Member.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_measure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('started', sa.Date(), nullable=False),
        sa.Column('review', sa.Date(), nullable=False),
        sa.Column('ended', sa.Date(), nullable=True),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case_file.id']),
        sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_measure_case_id', 'case_measure', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_case_measure_case_id', table_name='case_measure')
    op.drop_table('case_measure')
