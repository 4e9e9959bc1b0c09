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




@click.command("remind")
@click.option("--days", type=int, default=5, show_default=True,
              help="Working days ahead to count cases as falling due.")
@click.option("--send", is_flag=True, help="Email each user their digest (settings: CASEWORK_SMTP_*).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def remind(ctx, days, send, as_json):
    """Each handler's cases due soon and overdue, and everyone's overdue for the Monitoring
    Officer and deputies: printed, or emailed; run it daily from cron or a systemd timer."""
    from casework.letters.reminders import digests, text

    ws = ctx.ws
    mail = None
    if send:
        from casework.letters.send import settings

        mail = settings()
    horizon, found = digests(ws, ctx.login, days)
    if as_json:
        from casework.cli.context import echo_json

        echo_json([{"login": d.login, "due": d.due, "overdue": d.overdue,
                    "others_overdue": d.others_overdue, "disposals_due": d.disposals,
                    "subject_access_due": d.requests} for d in found])
    elif not send:
        for d in found:
            click.echo(f"== {d.login} ({d.name})")
            click.echo(text(d, ws.profile.council, ws.today(), horizon))
        if not found:
            click.echo(f"nothing due by {horizon.isoformat()} and nothing overdue")
    if mail is not None:
        from casework.letters.reminders import send as send_all

        said = send_all(ws, ctx.login, found, horizon, mail)
        for login, what in said.items():
            click.echo(f"{login}: {what}")
        if any(not v.startswith("sent") for v in said.values()):
            sys.exit(1)


COMMANDS = (letter, letters, remind)
