"""Commands that copy the whole database out and back: backup, restore."""

import sys

import click

from casework.cli.context import pass_ctx


@click.command("backup")
@click.argument("file")
@pass_ctx
def backup_cmd(ctx, file):
    """Write a consistent copy of the whole database to FILE while others keep working."""
    from casework.backup.service import backup

    done = backup(ctx.ws, ctx.login, file)
    if done.problem:
        # The copy is kept: it is the evidence of the state the database was in.
        sys.stderr.write(f"casework: backup written to {file}, but {done.problem}\n")
        sys.exit(1)
    click.echo(f"backup written to {file}: {done.summary()}")


@click.command("restore")
@click.argument("file")
@click.option("--force", is_flag=True, help="Replace a database that already holds cases.")
@click.option("--encrypt", is_flag=True,
              help="Restore into a new database file encrypted with a passphrase (SQLCipher).")
@pass_ctx
def restore_cmd(ctx, file, force, encrypt):
    """Check the backup FILE, then bring it back into the database (--db)."""
    from casework.backup.service import restore
    from db.engine import resolve_url

    # Not ctx.ws: opening it would create or upgrade the target before the backup is checked.
    done = restore(resolve_url(ctx.db), ctx.login, file, force, encrypt)
    click.echo(f"restored {file}: {done.summary()}; the restore is audit event #{done.recorded}")


COMMANDS = (backup_cmd, restore_cmd)
