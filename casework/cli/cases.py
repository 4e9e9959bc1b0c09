"""Commands over cases: new, list, show, advance, assign, timeline."""

import click

from casework.cli.context import echo_json, pass_ctx


@click.command("new")
@click.option("--about", required=True, metavar="NAME", help="The Member or Officer complained about.")
@click.option("--by", required=True, metavar="NAME", help="Who complains.")
@click.option("--clause", required=True, help="Clause of the protocol alleged, e.g. 21.9.3.")
@click.option("--summary", required=True, metavar="TEXT")
@click.option("--received", metavar="YYYY-MM-DD", help="Day the complaint arrived (default today).")
@click.option("--confidential/--not-confidential", default=None,
              help="Restrict the case to those entitled to see it (default: restricted for a complaint "
                   "about an Officer, open for one about a Member).")
@pass_ctx
def new(ctx, about, by, clause, summary, received, confidential):
    """Log a new complaint; prints its reference."""
    from casework.cases.opening import open_case
    from casework.people.restrictions import restriction_of

    click.echo(open_case(ctx.ws, ctx.login, about, by, clause, summary, received, confidential))
    if until := restriction_of(ctx.ws, by):
        click.echo(f"casework: note: {by.strip()} is restricted as a vexatious complainant until "
                   f"{until.isoformat()}; the Monitoring Officer decides what this complaint needs",
                   err=True)


@click.command("list")
@click.option("--state", help="Only cases at this stage (e.g. assessment).")
@click.option("--overdue", is_flag=True, help="Only cases past their stage's deadline.")
@click.option("--route", type=click.Choice(["member", "officer"]))
@click.option("--handler", metavar="LOGIN")
@click.option("--search", metavar="TEXT", help="Search summaries, names and notes.")
@click.option("--all", "include_ended", is_flag=True, help="Include ended cases.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def list_(ctx, state, overdue, route, handler, search, include_ended, as_json):
    """List open cases, newest first."""
    rows = None
    if not (handler or search):  # only these read without SQLAlchemy (casework.queue.listed)
        from casework.queue.listed import list_query, listed, listed_shared, remember

        query = list_query(state, overdue, route, include_ended)
        rows = ctx.read_alone(lambda asked, named: listed_shared(ctx.db, ctx.profile, asked, named, query),
                              lambda login: listed(ctx.db, ctx.profile, login, query))
        if rows is None:
            from casework.cases.listing import list_cases

            rows = list_cases(ctx.ws, ctx.login, state=state, overdue=overdue, route=route,
                              include_ended=include_ended)
            remember(ctx.ws, ctx.login, query)
        else:
            ctx.warn_exposure()
    else:
        from casework.cases.listing import list_cases

        rows = list_cases(ctx.ws, ctx.login, state=state, overdue=overdue, route=route,
                          handler=handler, text=search, include_ended=include_ended)
    if as_json:
        echo_json([{k: r[k] for k in ("ref", "route", "state", "subject", "complainant",
                                  "handler", "received", "next_due", "overdue")} for r in rows])
        return
    if not rows:
        click.echo("no cases match")
        return
    for r in rows:
        mark = "OVERDUE" if r["overdue"] else ""
        click.echo(f"{r['ref']:<15} {r['route']:<8} {r['stage_short']:<26} {r['subject'][:22]:<22} "
                   f"due {r['next_due'] or '-':<10} {mark}")


@click.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def show(ctx, ref, as_json):
    """A case: stage, deadlines, papers, and each event with why it is or is not allowed now."""
    from casework.cases.kept_show import show_kept, show_shared

    case = ctx.read_alone(lambda asked, named: show_shared(ctx.db, ctx.profile, asked, named, ref),
                          lambda login: show_kept(ctx.db, ctx.profile, login, ref))
    if case is None:
        from casework.cases.views import show_case

        case = show_case(ctx.ws, ref, ctx.login)
    else:
        ctx.warn_exposure()
    if as_json:
        echo_json(case)
        return
    from casework.cases.show_text import render

    click.echo(render(case))


@click.command("advance")
@click.argument("ref")
@click.argument("event")
@click.option("--note", metavar="TEXT", help="Why: required for decisions.")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it happened (default today).")
@click.option("--expect-version", type=int, metavar="N",
              help="Refuse if the case changed since you saw version N (from show --json).")
@click.option("--reason", metavar="WHY",
              help="Why a case pauses (police, election, ombudsman, illness, other), or why it "
                   "goes no further (outside-remit, below-threshold, not-public-interest, "
                   "duplicate, vexatious).")
@click.option("--review", metavar="YYYY-MM-DD",
              help="When a pause is looked at again (pause, refer_to_police, review_pause).")
@pass_ctx
def advance(ctx, ref, event, note, on, expect_version, reason, review):
    """Move a case along its route by EVENT (see `casework show REF`)."""
    from casework.cases.advance import advance as do_advance
    from casework.workflow.stages import state_title

    moved = do_advance(ctx.ws, ref, event, ctx.login, note, on, expect_version,
                       reason=reason, review=review)
    click.echo(f"{moved.ref}: {state_title(moved.route, moved.from_state)} -> "
               f"{state_title(moved.route, moved.to_state)}")


@click.command("classify")
@click.argument("ref")
@click.argument("kind", metavar="code|protocol|outside")
@click.option("--note", metavar="TEXT", help="Why (required).")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it was decided (default today).")
@click.option("--expect-version", type=int, metavar="N",
              help="Refuse if the case changed since you saw version N.")
@pass_ctx
def classify(ctx, ref, kind, note, on, expect_version):
    """At assessment, say whether a complaint about a Member engages the Members' Code of
    Conduct (code), the protocol alone (protocol), or neither (outside)."""
    from casework.cases.assessment import classify as do_classify
    from casework.workflow.assessment import CLASSIFICATIONS

    got = do_classify(ctx.ws, ref, kind, ctx.login, note, expect_version, on)
    click.echo(f"{ref.strip().upper()}: classified as a complaint {CLASSIFICATIONS[got]}")


@click.command("anonymity")
@click.argument("ref")
@click.argument("decision", metavar="request|grant|refuse|anonymous|admit")
@click.option("--note", metavar="TEXT", help="Why (required to grant, refuse or admit).")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it was asked or decided (default today).")
@click.option("--expect-version", type=int, metavar="N",
              help="Refuse if the case changed since you saw version N.")
@pass_ctx
def anonymity(ctx, ref, decision, note, on, expect_version):
    """Record the complainant's request that their name be withheld from the subject, and the
    Monitoring Officer's decision on it (refused: offer the complainant the chance to withdraw);
    or that the complaint was made anonymously, and the public interest that takes it further
    (admit)."""
    from casework.cases.assessment import anonymity as do_anonymity
    from casework.workflow.assessment import ANONYMITY_TITLES

    got = do_anonymity(ctx.ws, ref, decision, ctx.login, note, expect_version, on)
    click.echo(f"{ref.strip().upper()}: anonymity {ANONYMITY_TITLES[got]}")


@click.command("choice")
@click.argument("ref")
@click.argument("choice", metavar="protocol|grievance")
@click.option("--note", metavar="TEXT", help="How the officer made the choice (optional).")
@click.option("--on", metavar="YYYY-MM-DD", help="Day the officer chose (default today).")
@click.option("--expect-version", type=int, metavar="N",
              help="Refuse if the case changed since you saw version N.")
@pass_ctx
def choice(ctx, ref, choice, note, on, expect_version):
    """Record the procedure an officer complaining about a Member chose: this protocol, as a
    complaint to the Monitoring Officer, or the council's grievance or bullying and harassment
    procedure, which HR runs (then the protocol complaint is withdrawn)."""
    from casework.cases.assessment import choose
    from casework.workflow.assessment import CHOICES

    got = choose(ctx.ws, ref, choice, ctx.login, note, expect_version, on)
    click.echo(f"{ref.strip().upper()}: the officer chose {CHOICES[got]}")


@click.command("involve")
@click.argument("ref")
@click.argument("name")
@click.argument("capacity", metavar="witness|adviser|assessment-panel|hearing-panel")
@click.option("--on", metavar="YYYY-MM-DD", help="Day it became so (default today).")
@click.option("--expect-version", type=int, metavar="N",
              help="Refuse if the case changed since you saw version N.")
@pass_ctx
def involve(ctx, ref, name, capacity, on, expect_version):
    """Record NAME (from the register) in the case as a witness, an earlier adviser on the matter, or a
    member of the assessment or hearing panel. A witness or adviser may not handle the case (the
    Monitoring Officer's deputy does); nobody sits on both panels."""
    from casework.cases.involvement import involve as do_involve
    from casework.workflow.involvement import CAPACITIES

    who = do_involve(ctx.ws, ref, name, capacity, ctx.login, on, expect_version)
    click.echo(f"{ref.strip().upper()}: {who} is {CAPACITIES[capacity.strip().lower()]}")


@click.command("assign")
@click.argument("ref")
@click.argument("handler", metavar="LOGIN")
@pass_ctx
def assign(ctx, ref, handler):
    """Make LOGIN the handler of a case."""
    from casework.cases.opening import assign as do_assign

    click.echo(f"{ref.upper()}: handled by {do_assign(ctx.ws, ref, handler, ctx.login)}")


@click.command("timeline")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json", "pdf"]), default="text")
@click.option("--out", metavar="FILE", help="Write to a file (needed for pdf); the export is audited.")
@pass_ctx
def timeline(ctx, ref, fmt, out):
    """Every event of a case in order, with working days in each stage."""
    if out:
        from casework.exports.files import timeline_file

        click.echo(f"{ref.upper()}: timeline written to {timeline_file(ctx.ws, ref, ctx.login, fmt, out)}")
        return
    if fmt == "pdf":
        raise click.UsageError("--format pdf needs --out FILE.pdf")
    from casework.cases.timeline import render
    from casework.cases.timeline import timeline as build

    click.echo(render(build(ctx.ws, ref, ctx.login), fmt), nl=False)


COMMANDS = (new, list_, show, advance, classify, anonymity, choice, involve, assign, timeline)
