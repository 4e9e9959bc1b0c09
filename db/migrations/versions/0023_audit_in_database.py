"""On PostgreSQL, the database stamps and guards the audit trail against handlers' own logins
(db.pg_guard): each event they append is chained, timed and named by the server, the trail's
end moves only onto its newest link, and a case changes only with an event. SQLite has no
logins; its file's permissions are the boundary.

Revision ID: 0023
Revises: 0022
"""
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_guard

    # The current guards, which a later revision may replace; they use only what 0023 has.
    pg_guard.install(op.get_bind())


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    from db import pg_guard

    for trigger, table in zip(pg_guard.TRIGGERS, ("audit_event", "audit_event", "audit_head", "case_file")):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in pg_guard.FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
