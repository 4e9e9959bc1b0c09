"""Commands over a case's papers: note, attach, redact, sanction, comply."""

import click

from casework.cli.context import pass_ctx


@click.command("note")
@click.argument("ref")
@click.argument("text")
@click.option("--confidential", is_flag=True)
@click.option("--kind", type=click.Choice(["note", "ip-view", "ip-subject", "meeting"]), default="note",
              help="ip-view records the Independent Person's view for the council's decision; "
                   "ip-subject, their advice to the member complained about, who consulted them "
                   "(Localism Act 2011 s.28(7)(b)); meeting, the note of a disciplinary meeting "
                   "with an Officer.")
@click.option("--companion", metavar="NAME",
              help="With --kind meeting: who accompanied the employee, or none.")
@click.option("--amends", type=int, metavar="NOTE_ID", help="This note corrects an earlier one.")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it refers to (default today).")
@pass_ctx
def note(ctx, ref, text, confidential, kind, amends, on, companion):
    """Add a note to a case (notes are never edited; a correction amends)."""
    from casework.cases.papers import annotate

    nid = annotate(ctx.ws, ref, text, ctx.login, confidential, kind, amends, on=on, companion=companion)
    click.echo(f"{ref.upper()}: note {nid} added")


@click.command("attach")
@click.argument("ref")
@click.argument("file", metavar="FILE")
@click.option("--section", help="Bundle section (default: evidence).")
@click.option("--description", default="", help="What the document is, for the bundle index.")
@click.option("--confidential", is_flag=True, help="Exempt information (pink papers).")
@click.option("--exempt", metavar="PARAGRAPH",
              help="Schedule 12A paragraph it is exempt under (implies --confidential).")
@click.option("--on", metavar="YYYY-MM-DD", help="The document's own date (default today).")
@click.option("--filed", metavar="YYYY-MM-DD",
              help="The day it reached the case, when recorded later (default today).")
@pass_ctx
def attach(ctx, ref, file, section, description, confidential, exempt, on, filed):
    """Copy an evidence file into the case; the original may then move or go."""
    from casework.cases.papers import attach as do_attach

    did = do_attach(ctx.ws, ref, file, ctx.login, section, confidential, description, on=on,
                    exemption=exempt, filed=filed)
    click.echo(f"{ref.upper()}: document {did} filed")


@click.command("redact")
@click.argument("ref")
@click.argument("doc_id", type=int, metavar="DOC_ID")
@click.option("--term", "terms", multiple=True, metavar="TEXT",
              help="A name or phrase to redact wherever it appears, in any case (repeatable).")
@click.option("--region", "regions", multiple=True, metavar="PAGE:LEFT,TOP,RIGHT,BOTTOM",
              help="An area of a page to black out, in millimetres from the page's top left "
                   "as it is shown, e.g. 2:20,40,190,60 (repeatable).")
@click.option("--reason", metavar="CODE",
              help="Why: third-party, special-category, privilege, confidence, crime, "
                   "health-safety, or 12A-N for a paragraph of Schedule 12A.")
@click.option("--out", metavar="FILE.pdf", help="Also write the redacted copy here.")
@pass_ctx
def redact(ctx, ref, doc_id, terms, regions, reason, out):
    """File a redacted copy of a PDF paper beside it; public bundles bind the copy."""
    from casework.redaction.service import redact as do_redact

    filed = do_redact(ctx.ws, ref, doc_id, ctx.login, terms, regions, reason, out)
    marked = sum(filed.matches.values()) + sum(filed.regions.values())
    pages = sorted(set(filed.matches) | set(filed.regions))
    click.echo(f"{ref.upper()}: document {filed.document_id} filed, a redacted copy of document "
               f"{filed.redacts} ({marked} mark{'' if marked == 1 else 's'} on page"
               f"{'' if len(pages) == 1 else 's'} {', '.join(map(str, pages))})"
               + (f"; written to {filed.out}" if filed.out else ""))


@click.command("sanction")
@click.argument("ref")
@click.argument("kind")
@click.option("--detail", default="")
@click.option("--due", metavar="YYYY-MM-DD", help="Day by which it must be complied with.")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it was imposed (default today).")
@click.option("--until", metavar="YYYY-MM-DD",
              help="Last day of a suspension (Wales: at most six months, not past the term).")
@pass_ctx
def sanction(ctx, ref, kind, detail, due, on, until):
    """Record a sanction after a finding of breach (KIND from the council's catalogue)."""
    from casework.cases.papers import record_sanction

    sid = record_sanction(ctx.ws, ref, kind, ctx.login, detail, due, on=on, until=until)
    click.echo(f"{ref.upper()}: sanction {sid} recorded")


@click.command("comply")
@click.argument("ref")
@click.argument("sanction_id", type=int, metavar="SANCTION_ID")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it was complied with (or found not to be).")
@click.option("--not-complied", metavar="REASON", help="Record that it was not complied with.")
@pass_ctx
def comply(ctx, ref, sanction_id, on, not_complied):
    """Record compliance (or not) with a sanction."""
    from casework.cases.papers import record_compliance

    if not_complied is None and on is None:
        raise click.UsageError("say --on YYYY-MM-DD (the day it was complied with) or --not-complied REASON")
    record_compliance(ctx.ws, ref, sanction_id, ctx.login, None if not_complied else on,
                      not_complied, on=on if not_complied else None)
    click.echo(f"{ref.upper()}: sanction {sanction_id} settled")


COMMANDS = (note, attach, redact, sanction, comply)
