"""Commands that decide who of the assigned roles may read a case: grant and revoke."""

import click

from casework.cli.context import pass_ctx


@click.command("grant")
@click.argument("ref")
@click.argument("user_login", metavar="LOGIN")
@click.option("--expect-version", type=int, metavar="N")
@pass_ctx
def grant(ctx, ref, user_login, expect_version):
    """Assign an Investigating Officer or Independent Person to a case (they then read its confidential papers)."""
    from casework.cases.assignments import grant as do_grant

    click.echo(f"{do_grant(ctx.ws, ref, user_login, ctx.login, expect_version)}: {user_login} assigned")


@click.command("revoke")
@click.argument("ref")
@click.argument("user_login", metavar="LOGIN")
@click.option("--expect-version", type=int, metavar="N")
@pass_ctx
def revoke(ctx, ref, user_login, expect_version):
    """Take an assignment back."""
    from casework.cases.assignments import revoke as do_revoke

    click.echo(f"{do_revoke(ctx.ws, ref, user_login, ctx.login, expect_version)}: {user_login} no longer assigned")


COMMANDS = (grant, revoke)
