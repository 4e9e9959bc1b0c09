"""Who must sign the protocol, and what training each person has had: an officer's tier
(seed 003: Members and tier 1-4 officers sign) and a table of completed courses.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tier', sa.Integer(), nullable=True))
    op.create_table(
        'training',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('course', sa.String(), nullable=False),
        sa.Column('completed', sa.Date(), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id']),
        sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'course', 'completed', name='uq_training'),
    )
    op.create_index('ix_training_person_id', 'training', ['person_id'])


def downgrade() -> None:
    op.drop_index('ix_training_person_id', table_name='training')
    op.drop_table('training')
    # Not a batch copy: on SQLite that drops and recreates person, which every case and
    # login refers to, and the foreign keys refuse it. Both backends drop a plain column.
    op.execute('ALTER TABLE person DROP COLUMN tier')
