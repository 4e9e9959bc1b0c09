"""Letters and notices issued from casework and filed to the case."""

import sys

import click

from casework.cli.context import pass_ctx


@click.command("letter")
@click.argument("ref")
@click.argument("kind")
@click.option("--to", "to", metavar="PARTY", help="complainant, subject, independent-person or ombudsman (default: the letter's own).")
@click.option("--text", "details", default="", help="What the letter adds: when and where a meeting is, the committee's reasons.")
@click.option("--on", metavar="DATE", help="The letter's date (default today).")
@click.option("--out", metavar="FILE", help="Also write the letter here: FILE.pdf as filed, or FILE.docx to finish in Word.")
@click.option("--send", is_flag=True, help="Also email it to the recipient (settings: CASEWORK_SMTP_*).")
@pass_ctx
def letter(ctx, ref, kind, to, details, on, out, send):
    """Write the letter KIND for case REF from the council's template and file it to the case."""
    from casework.letters.issue import issue_letter
    from casework.outfile import check_out, replacing

    target = check_out(out, (".pdf", ".docx")) if out else None  # before anything is filed
    done = issue_letter(ctx.ws, ref, kind, ctx.login, to, details, on, send=send)
    if target is not None:
        with replacing(target, private=True) as temp:
            temp.write_bytes(done.docx() if target.suffix.lower() == ".docx" else done.pdf)
    where = f"; a copy is in {out}" if out else ""
    click.echo(f"{kind} to {done.to} ({done.party}) filed to {ref.upper()} as document "
               f"{done.document_id} in {done.section} (audit event #{done.event}){where}")
    if done.message_id:
        click.echo(f"sent to {done.address} ({done.message_id}); the message is filed with it")
    elif done.not_sent:
        # The letter is filed; only the sending failed, which the case now shows.
        sys.stderr.write(f"casework: {done.kind_title()} filed but not sent: {done.not_sent}; "
                         f"issue it again with --send once that is put right, or post it\n")
        sys.exit(1)


@click.command("letters")
@click.option("--fields", is_flag=True, help="The fields a template can use, and what each holds.")
def letters(fields):
    """The kinds of letter casework issues (or, with --fields, what templates can say)."""
    from casework.letters.fields import FIELDS
    from casework.letters.kinds import KINDS

    if fields:
        for name, said in FIELDS.items():
            click.echo(f"{name:<18} {said}")
        return
    for key, k in KINDS.items():
        routes = " and ".join("Members" if r == "member" else "Officers" for r in k.routes)
        where = "" if len(k.regimes) == 2 else f", {k.regimes[0].title()} only"
        click.echo(f"{key:<20} {k.title} (about {routes}{where}; to {', '.join(k.to)})")


COMMANDS = (letter, letters)
