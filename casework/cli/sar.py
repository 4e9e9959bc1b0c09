"""casework sar: subject access requests, from receipt to the pack sent."""

import click

from casework.cli.context import echo_json, pass_ctx


class _PersonFirst(click.Group):
    """`casework sar PERSON --out DIR`, as the request is usually spoken of, is the pack of that
    person's open request: a first word that is no subcommand is taken as the person."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["pack", *args]
        return super().resolve_command(ctx, args)


@click.group("sar", cls=_PersonFirst)
def sar():
    """Subject access requests (UK GDPR Art. 15): open, extend, list, pack and answer them (the
    Monitoring Officer or a deputy). `casework sar PERSON --out DIR` packs PERSON's open request."""


@sar.command("open")
@click.argument("person", required=False)
@click.option("--received", metavar="DD/MM/YYYY", help="The day the request arrived (day one of the month).")
@click.option("--requester", metavar="NAME", help="Someone outside the register who asked, instead of PERSON.")
@click.option("--alias", "aliases", multiple=True, metavar="NAME",
              help="Another name they are known by, searched for too (repeatable).")
@pass_ctx
def open_(ctx, person, received, requester, aliases):
    """Record a request from PERSON (in the register) received on a day; it is due one calendar
    month later."""
    from casework.sar.requests import list_requests, open_request

    number = open_request(ctx.ws, ctx.login, person, received, requester, aliases)
    row = next(r for r in list_requests(ctx.ws, ctx.login) if r["id"] == number)
    click.echo(f"subject access request {number} from {row['requester']}: received "
               f"{row['received']}, due {row['due']}")


@sar.command("extend")
@click.argument("sar_id", metavar="ID")
@click.option("--months", type=int, required=True, help="1 or 2 further months.")
@click.option("--reason", metavar="TEXT", required=True, help="Why (complex or numerous requests).")
@pass_ctx
def extend(ctx, sar_id, months, reason):
    """Extend request ID by up to two months; tell the requester within the first month."""
    from casework.sar.requests import extend_request

    due = extend_request(ctx.ws, ctx.login, sar_id, months, reason)
    click.echo(f"subject access request {sar_id.strip().lstrip('#')}: now due {due.isoformat()}; "
               "tell the requester why, within the first month")


@sar.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only requests not yet answered.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def list_(ctx, open_only, as_json):
    """Every subject access request with its due day, soonest first."""
    from casework.sar.requests import list_requests

    rows = list_requests(ctx.ws, ctx.login, open_only)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no subject access requests")
        return
    for r in rows:
        if r["status"] == "open":
            when = f"OVERDUE by {-r['days_left']} days" if r["overdue"] else f"{r['days_left']} days left"
        else:
            when = f"answered {r['answered']}"
        extended = f" (+{r['extended_months']} months)" if r["extended_months"] else ""
        click.echo(f"{r['id']:>4}  {r['requester']:<28} received {r['received']}  due "
                   f"{r['due']}{extended}  {when}")


@sar.command("pack")
@click.argument("target", metavar="ID|PERSON")
@click.option("--out", required=True, metavar="DIR", help="The folder to write the pack to (made if missing).")
@click.option("--withhold", multiple=True, metavar="ITEM=CODE",
              help="Withhold an item of the index (R, C3, N12, D7, T3) on a ground: privilege, third-party...")
@click.option("--release", multiple=True, metavar="ITEM",
              help="Include an item held back for review as it stands, once reviewed.")
@click.option("--disclose", multiple=True, metavar="NAME",
              help="A third party's name that may be given (they consented, or it is reasonable).")
@click.option("--redact", "terms", multiple=True, metavar="TEXT",
              help="Further words to take out of notes and cases (someone not in the register).")
@click.option("--every-paper", is_flag=True,
              help="Search the words of every paper, not only those on the cases the requester is "
                   "in or named in (slow on a large database).")
@pass_ctx
def pack(ctx, target, out, withhold, release, disclose, terms, every_paper):
    """Gather everything held about the requester of ID (or PERSON's open request) and write the
    response pack: a PDF with an index and the items, the log of what was withheld and why, and
    a review sheet for you alone."""
    from casework.sar.pack import make_pack

    done = make_pack(ctx.ws, ctx.login, target, out, withhold=withhold, release=release,
                     disclose=disclose, terms=terms, every_paper=every_paper)
    click.echo(f"request {done.sar_id}: {done.included} items in {done.pdf} "
               f"({done.pages} pages, sha256 {done.sha256[:16]})")
    click.echo(f"withheld: {done.withheld}; given with others' names taken out: {done.redacted} "
               f"(log: {done.log})")
    if done.review:
        click.echo(f"for your review, not the requester: {done.review} items name others "
                   f"({done.sheet})")


@sar.command("answer")
@click.argument("sar_id", metavar="ID")
@click.option("--pack", "pack_file", required=True, metavar="FILE|DIR", help="The response PDF sent.")
@click.option("--on", metavar="DD/MM/YYYY", help="The day it was sent (default today).")
@pass_ctx
def answer(ctx, sar_id, pack_file, on):
    """Record that request ID was answered with the pack casework made for it."""
    from casework.sar.requests import answer_request

    digest = answer_request(ctx.ws, ctx.login, sar_id, pack_file, on)
    click.echo(f"subject access request {sar_id.strip().lstrip('#')}: answered (pack sha256 "
               f"{digest[:16]})")


COMMANDS = (sar,)
