"""On PostgreSQL, row-level security carries casework's rule of who may read which case, note,
paper and event (db.pg_rows) into the database, for handlers' own logins. SQLite has no logins.

Revision ID: 0024
Revises: 0023
"""
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_rows

    # The current policies, which a later revision may replace; they use only what 0024 has.
    pg_rows.install(op.get_bind())


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_rows

    # Tables a later revision added and its downgrade dropped are gone, with their policies.
    for table in pg_rows.present(op.get_bind(), pg_rows.TABLES):
        for policy in pg_rows.POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in pg_rows.FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
