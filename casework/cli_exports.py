"""Commands that write a case's papers out: the hearing bundle and the other exports."""

import click

from casework.cli import cli
from casework.cli_cases import pass_ctx


@cli.command("bundle")
@click.argument("ref")
@click.option("--out", required=True, metavar="FILE.pdf", help="Where to write the bundle.")
@click.option("--public", is_flag=True, help="Withhold confidential and exempt papers.")
@click.option("--hearing", metavar="YYYY-MM-DD", help="Hearing date for the cover sheet.")
@pass_ctx
def bundle(ctx, ref, out, public, hearing):
    """Export the hearing bundle: one indexed, bookmarked, page-numbered PDF."""
    from casework.bundle.build import bundle as bind

    bound = bind(ctx.ws, ref, ctx.login, out, public=public, hearing=hearing)
    withheld = f", {bound.withheld} withheld" if bound.withheld else ""
    click.echo(f"{ref.upper()}: {bound.path} written, {bound.pages} pages, "
               f"{bound.documents} paper{'s' if bound.documents != 1 else ''}{withheld}")
