"""casework report: the figures a Standards Committee asks for."""

import click

from casework.cli.context import pass_ctx


@click.group("report")
def report():
    """Reports for the Standards Committee."""


@report.command("annual")
@click.option("--year", required=True, metavar="YYYY", help="Calendar year of the complaints received.")
@click.option("--public", is_flag=True, help="No names or references; small numbers withheld.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "pdf"]), help="Default: from --out, else md.")
@click.option("--out", metavar="FILE", help="Write to a file (needed for pdf); the export is audited.")
@pass_ctx
def annual(ctx, year, public, fmt, out):
    """Complaints received in a year: routes, clauses, stages, outcomes, times, sanctions, trends."""
    from casework.reports.annual import annual_file, annual_text

    if out is None:
        click.echo(annual_text(ctx.ws, ctx.login, year, public, fmt), nl=False)
        return
    path, rep = annual_file(ctx.ws, ctx.login, year, public, fmt, out)
    click.echo(f"annual report {rep.year} ({'public' if rep.public else 'full'}) written to {path}")


COMMANDS = (report,)
