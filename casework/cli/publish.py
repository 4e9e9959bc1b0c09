"""casework publish: what the council puts before the public."""

import click

from casework.cli.context import pass_ctx


@click.group("publish")
def publish():
    """Publications for the council's website."""


@publish.command("register")
@click.option("--out", required=True, metavar="FILE.html|FILE.csv", help="The page, or the CSV for open data.")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Complaints received from this day (default: the first).")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Complaints received up to this day (default: today).")
@pass_ctx
def register(ctx, out, start, end):
    """The register of formal complaints about Members: outcomes, sanctions and decision notices,
    named as the profile's [register] says (the Monitoring Officer, a deputy or a committee clerk)."""
    from casework.publication.register import publish_register

    done = publish_register(ctx.ws, ctx.login, out, start, end)
    click.echo(f"register of complaints about Members written to {done.path}: {done.entries} "
               f"entr{'ies' if done.entries != 1 else 'y'} (sha256 {done.sha256[:16]})")


COMMANDS = (publish,)
