"""Measures a case runs with: an officer's suspension on full pay, protection of an officer
who complained about a Member."""

import click

from casework.cli.context import pass_ctx

VERSION = click.option("--expect-version", type=int, metavar="N",
                       help="Refuse if the case changed since you saw version N.")
ON = click.option("--on", metavar="YYYY-MM-DD", help="Day of the change (default today).")


@click.group("measure")
def measure():
    """An officer's suspension on full pay (a neutral act, kept under review), or protective
    measures for an officer who complained about a Member, while the case runs."""


@measure.command("start")
@click.argument("ref")
@click.argument("kind", metavar="suspension|protective")
@click.option("--detail", metavar="TEXT",
              help="Why the employee is suspended, or what the protective measure is (required).")
@click.option("--review", metavar="YYYY-MM-DD", help="When it is next reviewed (required).")
@ON
@VERSION
@pass_ctx
def measure_start(ctx, ref, kind, detail, review, on, expect_version):
    """Put a measure in place on REF (a suspension: HR; protection: the Monitoring Officer or HR)."""
    from casework.cases.measures import start_measure
    from casework.workflow.measures import MEASURES

    mid = start_measure(ctx.ws, ref, kind, ctx.login, detail, review, on, expect_version)
    click.echo(f"{ref.strip().upper()}: measure {mid}: {MEASURES[kind.strip().lower()]}, "
               f"review by {review}")


@measure.command("review")
@click.argument("ref")
@click.argument("measure_id", metavar="ID", type=int)
@click.option("--review", metavar="YYYY-MM-DD", help="When it is next reviewed (required).")
@click.option("--note", metavar="TEXT", help="Why it stays in place (required).")
@ON
@VERSION
@pass_ctx
def measure_review(ctx, ref, measure_id, review, note, on, expect_version):
    """Keep measure ID in place after a review, until the next."""
    from casework.cases.measures import review_measure

    day = review_measure(ctx.ws, ref, measure_id, ctx.login, review, note, on, expect_version)
    click.echo(f"{ref.strip().upper()}: measure {measure_id} kept, next review by {day.isoformat()}")


@measure.command("end")
@click.argument("ref")
@click.argument("measure_id", metavar="ID", type=int)
@click.option("--note", metavar="TEXT", help="Why it ends (required).")
@ON
@VERSION
@pass_ctx
def measure_end(ctx, ref, measure_id, note, on, expect_version):
    """Lift a suspension or end a protective measure."""
    from casework.cases.measures import end_measure

    day = end_measure(ctx.ws, ref, measure_id, ctx.login, note, on, expect_version)
    click.echo(f"{ref.strip().upper()}: measure {measure_id} ended on {day.isoformat()}")


COMMANDS = (measure,)
