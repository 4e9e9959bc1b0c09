"""A legal hold on a case, placed and lifted by the Monitoring Officer: a held case is never due
for disposal under the council's retention schedule.

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_hold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('placed_by', sa.Integer(), nullable=False),
        sa.Column('placed_at', sa.String(), nullable=False),
        sa.Column('lift_reason', sa.Text(), nullable=True),
        sa.Column('lifted_by', sa.Integer(), nullable=True),
        sa.Column('lifted_at', sa.String(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case_file.id']),
        sa.ForeignKeyConstraint(['placed_by'], ['user_account.id']),
        sa.ForeignKeyConstraint(['lifted_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_hold_case_id', 'case_hold', ['case_id'])
    if op.get_context().dialect.name == "postgresql":
        # The new table's row policy and its guard against changes behind the trail, as every
        # other table about a case has (db.pg_rows, db.pg_guard).
        from db import pg_guard, pg_rows

        pg_rows.install(op.get_bind())
        pg_guard.install(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_case_hold_case_id', table_name='case_hold')
    op.drop_table('case_hold')
