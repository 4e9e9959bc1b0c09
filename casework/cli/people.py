"""The register's protocol record: who signed the protocol, their tier, their training."""

import click

from casework.cli.context import echo_json, pass_ctx


@click.group("people")
def people():
    """The register of Members and Officers."""


@people.command("add")
@click.option("--kind", required=True, type=click.Choice(["member", "officer"]))
@click.option("--name", required=True)
@click.option("--service", help="Service or directorate (officers), ward or group (members).")
@click.option("--manager", metavar="NAME", help="An officer's line manager.")
@click.option("--politically-restricted", is_flag=True)
@click.option("--signed", metavar="YYYY-MM-DD", help="Day they signed the protocol.")
@click.option("--tier", metavar="1-4", help="An officer's tier; tiers 1-4 sign the protocol.")
@click.option("--statutory-post", metavar="POST",
              help="head-of-paid-service, monitoring-officer or chief-finance-officer: "
                   "dismissal then follows SI 2015/881.")
@pass_ctx
def people_add(ctx, kind, name, service, manager, politically_restricted, signed, tier,
               statutory_post):
    from casework.people.register import add_person

    add_person(ctx.ws, ctx.login, kind, name, service, manager, politically_restricted, signed,
               tier, statutory_post)
    click.echo(f"{kind} {name} added")


@people.command("sign")
@click.argument("name")
@click.option("--on", metavar="YYYY-MM-DD", help="Day they signed (default today).")
@pass_ctx
def people_sign(ctx, name, on):
    """Record that NAME signed the Member/Officer Relations Protocol."""
    from casework.people.protocol import sign

    day = sign(ctx.ws, ctx.login, name, on)
    click.echo(f"{name.strip()} signed the protocol {day.isoformat()}")


@people.command("left")
@click.argument("name")
@click.option("--on", metavar="YYYY-MM-DD", help="Day they left office (default today).")
@pass_ctx
def people_left(ctx, name, on):
    """Record that the Member NAME left office; their cases continue."""
    from casework.people.protocol import left_office

    day = left_office(ctx.ws, ctx.login, name, on)
    click.echo(f"{name.strip()} left office {day.isoformat()}")


@people.command("restrict")
@click.argument("name")
@click.option("--until", metavar="YYYY-MM-DD", help="Last day of the restriction.")
@click.option("--lift", is_flag=True, help="End the restriction now.")
@pass_ctx
def people_restrict(ctx, name, until, lift):
    """Restrict NAME as a vexatious or unreasonably persistent complainant: their later
    complaints are flagged (Monitoring Officer)."""
    from casework.people.restrictions import restrict

    day = restrict(ctx.ws, ctx.login, name, until, lift)
    click.echo(f"{name.strip()}: restricted as a complainant until {day.isoformat()}" if day
               else f"{name.strip()}: restriction lifted")


@people.command("train")
@click.argument("name")
@click.option("--course", required=True, metavar="TEXT", help='e.g. "Member/Officer protocol".')
@click.option("--on", metavar="YYYY-MM-DD", help="Day they completed it (default today).")
@pass_ctx
def people_train(ctx, name, course, on):
    """Record a protocol or standards course NAME completed."""
    from casework.people.protocol import train

    day = train(ctx.ws, ctx.login, name, course, on)
    click.echo(f"{name.strip()}: {course.strip()} completed {day.isoformat()}")


@people.command("tier")
@click.argument("name")
@click.argument("tier", metavar="1-4|none")
@pass_ctx
def people_tier(ctx, name, tier):
    """Set an officer's tier (tiers 1-4 sign the protocol), or none."""
    from casework.people.protocol import set_tier

    got = set_tier(ctx.ws, ctx.login, name, tier)
    click.echo(f"{name.strip()}: tier {got if got is not None else 'none'}")


@people.command("email")
@click.argument("name")
@click.argument("address")
@pass_ctx
def people_email(ctx, name, address):
    """Where casework sends NAME's letters (casework letter ... --send)."""
    from casework.people.addresses import set_person_email

    who = set_person_email(ctx.ws, ctx.login, name, address)
    click.echo(f"letters to {who} go to {address.strip()}")


@people.command("language")
@click.argument("name")
@click.argument("language", metavar="cy|en")
@pass_ctx
def people_language(ctx, name, language):
    """The language NAME's letters are written in: cy for Welsh (with English beside it)."""
    from casework.people.addresses import LANGUAGES, set_person_language

    who = set_person_language(ctx.ws, ctx.login, name, language)
    if language.strip().lower() == "cy":
        # The Welsh Language Standards bind councils in Wales; the profile says which this is.
        where = ("" if ctx.ws.profile.regime == "wales"
                 else "; this council's profile is not for Wales, so its letters stay in English")
        click.echo(f"letters to {who} are written in Welsh, with English beside it{where}")
    else:
        click.echo(f"letters to {who} are written in {LANGUAGES['en']}")


@people.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def people_show(ctx, name, as_json):
    """One person: service, manager, tier, the protocol and their training."""
    from casework.people.protocol import person_record
    from casework.people.standing import signature
    from casework.workflow.papers import STATUTORY_POSTS

    r = person_record(ctx.ws, ctx.login, name)
    if as_json:
        echo_json(r)
        return
    click.echo(f"{r['name']} ({r['kind']}){' · ' + r['service'] if r['service'] else ''}")
    if r["kind"] == "officer":
        click.echo(f"  manager      {r['manager'] or '-'}")
        click.echo(f"  tier         {r['tier'] or 'none'}"
                   + ("  (politically restricted post)" if r["politically_restricted"] else ""))
        if r["statutory_post"]:
            click.echo(f"  statutory    {STATUTORY_POSTS[r['statutory_post']]}")
    if r["left_office"]:
        click.echo(f"  left office  {r['left_office']}")
    if r["restricted_until"]:
        click.echo(f"  restricted   as a vexatious complainant until {r['restricted_until']}")
    click.echo(f"  protocol     {signature(r)}")
    click.echo("  training     " + ("none recorded" if not r["training"] else
                                    "\n               ".join(f"{t['completed']}  {t['course']}"
                                                             for t in r["training"])))


@people.command("list")
@click.option("--kind", type=click.Choice(["member", "officer"]))
@click.option("--unsigned", is_flag=True, help="Only those who should have signed and have not.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def people_list(ctx, kind, unsigned, as_json):
    """The register, with who signed the protocol and each person's latest training."""
    from casework.people.protocol import register_records
    from casework.people.standing import signature

    rows = register_records(ctx.ws, ctx.login, kind, unsigned)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no one matches")
        return
    for r in rows:
        latest = r["training"][0] if r["training"] else None
        trained = f"{latest['completed']} {latest['course']}" if latest else "none"
        tier = f"tier {r['tier']}" if r["tier"] else ""
        click.echo(f"{r['name'][:28]:<28} {r['kind']:<7} {tier:<6} {signature(r):<17}  "
                   f"training {trained}")


COMMANDS = (people,)
