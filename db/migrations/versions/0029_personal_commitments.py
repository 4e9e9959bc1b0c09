"""Audit events commit to personal data instead of carrying it (db.audit_personal): each case, and
each person in the register, gets a secret key; a party's name and other personal values move
out of the events into audit_value, the events keep their keyed hash, and bare hashes of
personal text are keyed too. The chain is hashed again from the first event that changed; each
old hash is kept in audit_former, and a `reseal` event at the end carries the old chain's head
and a digest of every old hash, so a seal or anchor given before the upgrade can still be tied
to the new chain. A case, a disposal and its certificate have tables of their own.

Revision ID: 0029
Revises: 0028
"""
import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from db.audit_hash import GENESIS, canonical, event_hash
from db.audit_personal import commit, new_key, scope_of, touches

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

ACTOR = "casework-upgrade"
BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    have = set(sa.inspect(bind).get_table_names())
    # Tables a downgrade kept (see below) are taken as they are, with their keys.
    if 'audit_key' not in have:
        _keys_and_values()
    if 'case_disposal' not in have:
        _disposals()
    rehash(bind)
    if op.get_context().dialect.name == "postgresql":
        from db import pg_guard, pg_rows

        # Rows an earlier revision of this upgrade changed have their checks pending, and a
        # table with pending checks cannot be altered: run them now (the owner passes them).
        bind.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
        pg_rows.install(bind)
        pg_guard.install(bind)


def _keys_and_values() -> None:
    op.create_table(
        'audit_key',
        sa.Column('scope', sa.String(), nullable=False),
        sa.Column('secret', sa.String(), nullable=True),
        sa.Column('made_at', sa.String(), nullable=False),
        sa.Column('erased_at', sa.String(), nullable=True),
        sa.PrimaryKeyConstraint('scope'),
    )
    op.create_table(
        'audit_value',
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('field', sa.String(), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('seq', 'field'),
    )
    op.create_table(
        'audit_former',
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('hash', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
    )


def _disposals() -> None:
    op.create_table(
        'case_disposal',
        sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('disposed_at', sa.String(), nullable=False),
        sa.Column('disposed_by', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('certificate', sa.LargeBinary(), nullable=False),
        sa.Column('certificate_sha256', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case_file.id']),
        sa.ForeignKeyConstraint(['disposed_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('case_id'),
    )


def rehash(conn) -> None:
    head = conn.execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    if head is None:
        return
    now = _now()
    found = conn.execute(sa.text("SELECT scope, secret FROM audit_key")).all()
    keys = {scope: bytes.fromhex(secret) for scope, secret in found if secret}
    # Scopes disposed of (an upgrade run again after a downgrade): their values are gone.
    erased = {scope for scope, secret in found if not secret}
    old_prev = new_prev = GENESIS
    former = hashlib.sha256()
    last = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash, hash "
            "FROM audit_event WHERE seq > :last ORDER BY seq LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            break
        changed, formers, values = [], [], []
        for seq, at, actor, action, ref, source, target, data, prev, digest in rows:
            former.update(f"{seq}:{digest}\n".encode())
            body = data
            d = json.loads(data)
            scope = scope_of(action, ref, d)
            if scope is not None and scope not in erased and touches(action, d):
                if scope not in keys:
                    secret = new_key()
                    keys[scope] = bytes.fromhex(secret)
                    conn.execute(sa.text("INSERT INTO audit_key (scope, secret, made_at) "
                                         "VALUES (:s, :k, :t)"), {"s": scope, "k": secret, "t": now})
                kept, taken = commit(keys[scope], action, d)
                if kept != d:
                    body = canonical(kept)
                values += [{"seq": seq, "field": f, "value": json.dumps(v, ensure_ascii=False)}
                           for f, v in taken.items()]
            # The old chain is taken as it stands: an upgrade does not vouch for a broken trail
            # any more than it did before, and `audit verify` says so either way.
            old_prev = digest
            fresh = event_hash(seq, at, actor, action, ref, source, target, body, new_prev)
            if fresh != digest or body != data:
                changed.append({"seq": seq, "data": body, "prev": new_prev, "hash": fresh})
                formers.append({"seq": seq, "hash": digest})
            new_prev, last = fresh, seq
        if changed:
            conn.execute(sa.text("UPDATE audit_event SET data = :data, prev_hash = :prev, hash = :hash "
                                 "WHERE seq = :seq"), changed)
            # A hash the chain had before an earlier upgrade is the one old seals name.
            conn.execute(sa.text("INSERT INTO audit_former (seq, hash) SELECT :seq, :hash WHERE NOT "
                                 "EXISTS (SELECT 1 FROM audit_former WHERE seq = :seq)"), formers)
        if values:
            conn.execute(sa.text("INSERT INTO audit_value (seq, field, value) VALUES (:seq, :field, :value)"),
                         values)
    if last == 0 or new_prev == old_prev:
        return
    seq = last + 1
    body = canonical({"former_head_seq": last, "former_head_hash": old_prev,
                      "former_hashes_sha256": former.hexdigest(),
                      "why": "personal data moved out of the trail into keyed commitments"})
    digest = event_hash(seq, now, ACTOR, "reseal", None, None, None, body, new_prev)
    conn.execute(sa.text(
        "INSERT INTO audit_event (seq, at, actor, action, case_ref, from_state, to_state, data, "
        "prev_hash, hash) VALUES (:seq, :at, :actor, 'reseal', NULL, NULL, NULL, :data, :prev, :hash)"),
        {"seq": seq, "at": now, "actor": ACTOR, "data": body, "prev": new_prev, "hash": digest})
    conn.execute(sa.text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
                 {"seq": seq, "hash": digest})


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def downgrade() -> None:
    # Every table stays: the chain commits to the keys and values (putting the values back
    # into the events would re-hash it again), and a disposal's marker and certificate must
    # outlive any downgrade. An upgrade takes them up as they are.
    pass
