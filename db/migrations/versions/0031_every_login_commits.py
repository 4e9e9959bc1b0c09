"""Every login may write personal values beside the audit trail: a viewer's sign-in records the
address it came from, and an export where it was written, each committed to by a keyed hash
(db.audit_personal). No table changes; on PostgreSQL the groups' privileges are granted again
after the upgrade (db.schema runs db.privileges.regrant), which gives every group INSERT on
audit_key and audit_value, and the row policies are installed again, so that each login reads
back its own events about no case (a viewer's sign-in).

Events written before this revision keep a sign-in's address and an imported sheet's name in
clear. Moving them into keyed commitments would re-hash the chain a second time, and what ties
seals and anchors given before a re-hash to the chain after it (audit_former and the `reseal`
event, casework.audit.former) holds one re-hash only. (0029, run on a database from before it,
commits to a sheet's name in a case's or a person's events by the rules of today; a sign-in's
address and an import's own event name no month to key them by, and stay as they were.)

Revision ID: 0031
Revises: 0030
"""

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from alembic import op

    if op.get_context().dialect.name == "postgresql":
        # Everyone may now read back their own events about no case (db.pg_rows), which a
        # viewer's sign-in needs.
        from db import pg_rows

        pg_rows.install(op.get_bind())


def downgrade() -> None:
    # The grants stay: they let a login write what 0030's grants let it write, and more.
    pass
