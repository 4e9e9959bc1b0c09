"""Commands that write a case's papers out: the hearing bundle and the other exports."""

import click

from casework.cli.context import pass_ctx


@click.command("bundle")
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


@click.command("decision")
@click.argument("ref")
@click.option("--out", metavar="FILE", help="Write the notice to a .txt or .md file.")
@click.option("--withdraw", is_flag=True, help="Withdraw the published notice (the Monitoring Officer or a deputy).")
@click.option("--reason", metavar="TEXT", help="Why the notice is withdrawn (with --withdraw).")
@click.option("--on", metavar="YYYY-MM-DD", help="The day it was withdrawn (default today).")
@pass_ctx
def decision(ctx, ref, out, withdraw, reason, on):
    """The decision notice for publication: finding, reasons and sanctions, nothing confidential;
    --withdraw takes a published notice back, and the next public register says so."""
    from casework.exports.decision import notice_text, publish

    if withdraw or reason is not None or on is not None:
        from casework.errors import UserError
        from casework.exports.withdrawal import withdraw_notice

        if not withdraw:
            raise UserError("--reason and --on are for withdrawing a notice: add --withdraw")
        if out:
            raise UserError("--out writes a notice to issue; a withdrawal writes none: leave --out out")
        issued = withdraw_notice(ctx.ws, ref, ctx.login, reason, on)
        click.echo(f"{ref.strip().upper()}: decision notice of {issued.isoformat()} withdrawn; "
                   "the next public register shows it withdrawn")
        return
    if out:
        from casework.exports.files import save
        from casework.outfile import check_out

        check_out(out, (".txt", ".md"))  # before reading: a bad path leaves no trace
        text, case_ref = notice_text(ctx.ws, ref, ctx.login)
        path = save(ctx.ws, ctx.login, case_ref, "decision notice", out, text.encode(), (".txt", ".md"))
        click.echo(f"{case_ref}: decision notice written to {path}")
    else:
        click.echo(publish(ctx.ws, ref, ctx.login), nl=False)


@click.command("export")
@click.argument("ref")
@click.option("--out", required=True, metavar="FILE.json")
@click.option("--files", is_flag=True, help="Embed each document's bytes (base64).")
@pass_ctx
def export(ctx, ref, out, files):
    """The whole case as JSON for another system, with its audit hashes."""
    from casework.cases.views import holds_confidential
    from casework.exports.files import case_json, dumps, save
    from casework.outfile import check_out

    check_out(out, (".json",))  # before reading: a bad path leaves no trace
    data = case_json(ctx.ws, ref, ctx.login, files)
    ref = data["case"]["ref"]
    path = save(ctx.ws, ctx.login, ref, "case (json)", out, dumps(data).encode(), (".json",),
                private=holds_confidential(data["case"]))
    click.echo(f"{ref}: case written to {path}")


@click.command("document")
@click.argument("ref")
@click.argument("doc_id", type=int, metavar="DOC_ID")
@click.option("--out", required=True, metavar="FILE", help="Where to write the paper.")
@pass_ctx
def document(ctx, ref, doc_id, out):
    """Take one paper out of the case, checked against its SHA-256 (audited)."""
    from casework.exports.files import document_file

    click.echo(f"{ref.upper()}: document {doc_id} written to {document_file(ctx.ws, ref, doc_id, ctx.login, out)}")


COMMANDS = (bundle, decision, export, document)
