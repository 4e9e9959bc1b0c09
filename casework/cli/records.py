"""A case's records over their life: legal holds and the retention schedule."""

import click

from casework.cli.context import echo_json, pass_ctx


@click.command("hold")
@click.argument("ref")
@click.option("--reason", metavar="TEXT", required=True, help="Why the hold is placed, or lifted.")
@click.option("--lift", is_flag=True, help="Lift the hold in place instead of placing one.")
@pass_ctx
def hold(ctx, ref, reason, lift):
    """Keep REF's records from disposal with a legal hold, or lift it (the Monitoring Officer or
    a deputy); a held case is never listed as due for disposal."""
    from casework.records.holds import lift_hold, place_hold

    shown = ref.strip().upper()
    if lift:
        lift_hold(ctx.ws, ref, ctx.login, reason)
        click.echo(f"{shown}: legal hold lifted; its records follow the retention schedule again")
    else:
        place_hold(ctx.ws, ref, ctx.login, reason)
        click.echo(f"{shown}: under a legal hold; it is not due for disposal until the hold is lifted")


@click.command("retention")
@click.option("--due", is_flag=True, help="Only the cases whose disposal is due.")
@click.option("--as-at", metavar="YYYY-MM-DD", help="How the schedule stands on this day (default today).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def retention(ctx, due, as_at, as_json):
    """Every ended case with its retention rule, the day its retention ends and whether its
    disposal is due (the Monitoring Officer or a deputy)."""
    from casework.records.schedule import schedule

    rows = schedule(ctx.ws, ctx.login, due, as_at)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no case is due for disposal" if due else "no case has ended yet")
        return
    for r in rows:
        ends = r["retention_ends"] or "-"
        click.echo(f"{r['ref']:<14} {r['route']:<7} {r['outcome'].replace('_', ' '):<12} "
                   f"ended {r['closed']}  {r['rule']['text']:<24}  ends {ends:<10}  {r['status']}")
    if not due:
        counts = [sum(r["due"] for r in rows), sum(r["held"] for r in rows)]
        click.echo(f"{len(rows)} ended case{'s' if len(rows) != 1 else ''}: {counts[0]} due for "
                   f"disposal, {counts[1]} under a legal hold")


@click.command("dispose")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--out", metavar="FILE.pdf", help="Write the disposal certificate here too.")
@click.option("--certificate", "again", is_flag=True,
              help="Write the certificate of a case disposed of already to --out; erase nothing.")
@pass_ctx
def dispose(ctx, ref, yes, out, again):
    """Erase REF's personal data once the retention schedule says it is due (the Monitoring
    Officer or a deputy): names, notes, papers and the values beside the audit trail; the
    skeleton stays for the statistics, and the trail still verifies."""
    import sys

    from casework.errors import UserError
    from casework.outfile import check_out, replacing
    from casework.records.disposal import certificate_of, disposable, dispose

    target = check_out(out, (".pdf",)) if out else None
    if again:
        if target is None:
            raise UserError("--certificate writes the certificate to a file: give --out FILE.pdf")
        pdf, digest = certificate_of(ctx.ws, ref, ctx.login)
    else:
        shown = disposable(ctx.ws, ref, ctx.login)  # refused here, in one line, before any question
        if not yes:
            if not sys.stdin.isatty():
                raise UserError(f"disposing of {shown} cannot be undone: run it again with --yes to confirm")
            if not click.confirm(f"Erase the personal data of {shown}? This cannot be undone", default=False):
                raise UserError(f"nothing was disposed of: {shown} is as it was")
        done = dispose(ctx.ws, ref, ctx.login)
        pdf, digest = done.certificate, done.sha256
        erased = done.erased
        click.echo(f"{done.ref}: personal data disposed of (event #{done.seq}): {erased['notes']} notes, "
                   f"{erased['documents']} documents, {erased['values_in_trail']} values beside the trail, "
                   f"{erased['people_erased_from_register']} register entries; certificate SHA-256 {digest}")
        for line in done.lines():
            click.echo(line)
    if target is not None:
        with replacing(target) as temp:
            temp.write_bytes(pdf)
        click.echo(f"certificate written to {target}")


@click.command("dispose-logs")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_ctx
def dispose_logs(ctx, yes):
    """Erase the sign-in addresses and imported sheets' names of every month the retention
    schedule has kept long enough (retention.log_months; the Monitoring Officer or a deputy).
    Who signed in and when stays in the trail, and the trail still verifies."""
    import sys

    from casework.errors import UserError
    from casework.records.logs import dispose_logs as forget
    from casework.records.logs import pending

    months = pending(ctx.ws, ctx.login)
    if months and not yes:
        shown = ", ".join(months)
        if not sys.stdin.isatty():
            raise UserError(f"erasing the log's personal data of {shown} cannot be undone: run it "
                            "again with --yes to confirm")
        if not click.confirm(f"Erase the sign-in addresses and sheets' names of {shown}? This cannot "
                             "be undone", default=False):
            raise UserError("nothing was disposed of: the log is as it was")
    done = forget(ctx.ws, ctx.login)
    click.echo(f"log of {', '.join(done.months)}: {done.values} personal values disposed of (event #{done.seq})")


COMMANDS = (hold, retention, dispose, dispose_logs)
