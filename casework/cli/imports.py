"""`casework import people|cases FILE`: a council's register and open cases from CSV or Excel.

The report (what is created, every refused row with its line) goes to stdout; a refusal is
still one line on stderr with exit status 2, as everywhere else.
"""

import click

from casework.cli.context import pass_ctx
from casework.errors import UserError


@click.group("import")
def import_group():
    """Bring in a register or open cases from a .csv or .xlsx file (see examples/)."""


def _run(ctx, kind: str, file: str, dry_run: bool) -> None:
    from casework.imports import importer
    from casework.imports.run import ImportRefused

    try:
        report = importer(kind)(ctx.ws, ctx.login, file, dry_run)
    except ImportRefused as refused:
        click.echo("\n".join(refused.report.lines()))
        raise
    click.echo("\n".join(report.lines()))
    if report.refused:
        raise UserError("dry run: " + report.verdict())
    click.echo(report.verdict())


@import_group.command("people")
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be created; write nothing.")
@pass_ctx
def import_people(ctx, file, dry_run):
    """The register: name, kind, service, manager, politically_restricted, protocol_signed,
    tier, training_course, training_date (see examples/README.md)."""
    _run(ctx, "people", file, dry_run)


@import_group.command("cases")
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be created; write nothing.")
@pass_ctx
def import_cases(ctx, file, dry_run):
    """Open cases at the stage each has reached: reference, about, by, clause, summary,
    received, stage, stage_since, handler, confidential (see examples/README.md)."""
    _run(ctx, "cases", file, dry_run)


COMMANDS = (import_group,)
