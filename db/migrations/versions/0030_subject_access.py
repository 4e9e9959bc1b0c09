"""Subject access requests: who asked, when they asked, the day the answer is due (extended
with a reason), and whether it was answered. Only the Monitoring Officer and deputies read or
write them on PostgreSQL (db.privileges, db.pg_rows).

Revision ID: 0030
Revises: 0029
"""
import sqlalchemy as sa
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'subject_access',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('requester', sa.String(), nullable=False),
        sa.Column('aliases', sa.Text(), nullable=False),
        sa.Column('received', sa.Date(), nullable=False),
        sa.Column('due', sa.Date(), nullable=False),
        sa.Column('extended_months', sa.Integer(), nullable=False),
        sa.Column('extension_reason', sa.Text(), nullable=True),
        sa.Column('status', sa.String(), nullable=False),
        sa.Column('packed_sha256', sa.String(), nullable=True),
        sa.Column('answered', sa.Date(), nullable=True),
        sa.Column('opened_by', sa.Integer(), nullable=False),
        sa.Column('opened_at', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id']),
        sa.ForeignKeyConstraint(['opened_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_subject_access_person_id', 'subject_access', ['person_id'])
    if op.get_context().dialect.name == "postgresql":
        # The new table's row policy and its guard against changes behind the trail; its
        # grants follow the upgrade (db.schema runs db.privileges.regrant).
        from db import pg_guard, pg_rows

        pg_rows.install(op.get_bind())
        pg_guard.install(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_subject_access_person_id', table_name='subject_access')
    op.drop_table('subject_access')
