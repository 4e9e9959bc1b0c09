"""Commands for a council's profile: start one from a built-in, and check one."""

import click


@click.group("profile")
def profile_group():
    """The council profile: clauses, timescales, sanctions, bundle sections."""


@profile_group.command("init")
@click.option("--out", default="casework-profile.toml", show_default=True, metavar="FILE.toml")
@click.option("--regime", type=click.Choice(["england", "wales"]), default="england", show_default=True)
@click.option("--council", metavar="NAME", help="Your council's name, as on letters and bundles.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def profile_init(out, regime, council, force):
    """Write a commented profile to edit, from the built-in one for the regime."""
    from casework.profile.tools import init_profile

    path = init_profile(out, regime, council, force)
    click.echo(f"{path} written; edit it, then check it with: casework profile check {path}")


@profile_group.command("check")
@click.argument("file", metavar="FILE.toml")
def profile_check(file):
    """Check a profile; the first fault is named with its key and line."""
    from casework.profile.tools import check_profile

    click.echo(check_profile(file))


@profile_group.command("history")
@click.option("--show", metavar="VERSION", help="Print that version's profile as it was.")
@click.pass_context
def profile_history(ctx, show):
    """Every profile version cases were opened under, and when each came into use."""
    from casework.profile.history import history

    versions = history(ctx.obj.ws, ctx.obj.login)
    if show:
        chosen = next((v for v in versions if v["version"] == show), None)
        if chosen is None:
            raise click.UsageError(f"no profile version {show!r} here; see casework profile history")
        click.echo(chosen["body"], nl=False)
        return
    for v in versions:
        click.echo(f"{v['version']}  first used {v['first_used'][:19].replace('T', ' ')} UTC  from {v['source']}")


COMMANDS = (profile_group,)
