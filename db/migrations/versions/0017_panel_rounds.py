"""A reopened case's new hearing seats its panel again, so the same member may be recorded on a
case's hearing panel once per round: the one-row-per-capacity constraint goes, and casework
refuses a repeat within a round instead.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_role', schema=None) as batch_op:
        batch_op.drop_constraint('uq_case_role', type_='unique')


def downgrade() -> None:
    # Keeps the latest row of each repeat so the constraint can return.
    op.execute(sa.text(
        "DELETE FROM case_role WHERE id NOT IN (SELECT max(id) FROM case_role "
        "GROUP BY case_id, person_id, capacity)"))
    with op.batch_alter_table('case_role', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_case_role', ['case_id', 'person_id', 'capacity'])
