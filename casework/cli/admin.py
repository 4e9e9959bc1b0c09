"""Commands that set up and check a database: init, users, audit, demo, routes."""

from pathlib import Path

import click

from casework.cli.context import echo_json, pass_ctx
from casework.workflow.roles import ALL_ROLES


@click.command("init")
@click.option("--name", help="Your full name, for a new database.")
@click.option("--encrypt", is_flag=True,
              help="Encrypt a new embedded database with a passphrase (SQLCipher).")
@pass_ctx
def init(ctx, name, encrypt):
    """Create or upgrade the database; on a new one, register you as Monitoring Officer."""
    from casework.people.register import init as do_init

    if encrypt:
        from casework.atrest.setup import prepare_encrypted

        prepare_encrypted(ctx.db)
    ws = ctx.ws
    url = ws.engine.url.render_as_string(hide_password=True)
    login = do_init(ws, ctx.login, name)
    locked = " (encrypted)" if encrypt else ""
    if login:
        click.echo(f"{url}: ready{locked}; {login} registered as the Monitoring Officer")
    else:
        click.echo(f"{url}: ready (schema up to date)")
    if encrypt:
        click.echo("Keep the passphrase safe: without it neither this database nor its backups "
                   "can be read. `casework key store` keeps it in this computer's keyring.")


@click.group("key")
def key():
    """The passphrase of an encrypted database, in the system keyring."""


@key.command("store")
@pass_ctx
def key_store(ctx):
    """Keep the database's passphrase in the system keyring, so casework stops asking."""
    from casework.atrest.setup import store_key

    click.echo(store_key(ctx.db))


@key.command("forget")
@pass_ctx
def key_forget(ctx):
    """Remove the database's passphrase from the system keyring; casework asks again."""
    from casework.atrest.setup import forget_key

    click.echo(forget_key(ctx.db))


@click.group("users")
def users():
    """Users of the system and their roles."""


@users.command("add")
@click.argument("new_login", metavar="LOGIN")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ALL_ROLES))
@click.option("--person", metavar="NAME", help="Their entry in the register (finds conflicts).")
@pass_ctx
def users_add(ctx, new_login, name, role, person):
    from casework.people.register import add_user

    undone: list[str] = []
    add_user(ctx.ws, ctx.login, new_login, name, role, person, undone)
    click.echo(f"user {new_login} added as {role}")
    _for_administrator(undone)


@users.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="Include deactivated logins.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def users_list(ctx, include_inactive, as_json):
    """The users, their roles, and whom in the register each is."""
    from casework.people.users import list_users

    rows = list_users(ctx.ws, ctx.login, include_inactive)
    if as_json:
        echo_json(rows)
        return
    for u in rows:
        person = f"  ({u['person']})" if u["person"] else ""
        off = "  DEACTIVATED" if not u["active"] else ""
        click.echo(f"{u['login']:<16} {u['name']:<28} {u['role_title']}{person}{off}")


@users.command("email")
@click.argument("who", metavar="LOGIN")
@click.argument("address")
@pass_ctx
def users_email(ctx, who, address):
    """Where casework sends letters to this user (an Independent Person, say)."""
    from casework.people.addresses import set_user_email

    who = set_user_email(ctx.ws, ctx.login, who, address)
    click.echo(f"letters to {who} go to {address.strip()}")


@users.command("rename")
@click.argument("user_login", metavar="LOGIN")
@click.option("--name", required=True)
@pass_ctx
def users_rename(ctx, user_login, name):
    from casework.people.users import rename_user

    rename_user(ctx.ws, ctx.login, user_login, name)
    click.echo(f"user {user_login} is now {name.strip()}")


@users.command("role")
@click.argument("user_login", metavar="LOGIN")
@click.argument("role", type=click.Choice(ALL_ROLES))
@pass_ctx
def users_role(ctx, user_login, role):
    from casework.people.users import set_role

    undone: list[str] = []
    set_role(ctx.ws, ctx.login, user_login, role, undone)
    click.echo(f"user {user_login} is now {role}")
    _for_administrator(undone)


@users.command("deactivate")
@click.argument("user_login", metavar="LOGIN")
@pass_ctx
def users_deactivate(ctx, user_login):
    """The login may no longer act; everything they did stays theirs in the audit trail."""
    from casework.people.users import set_active

    undone: list[str] = []
    set_active(ctx.ws, ctx.login, user_login, False, undone)
    click.echo(f"user {user_login} deactivated")
    _for_administrator(undone)


@users.command("reactivate")
@click.argument("user_login", metavar="LOGIN")
@pass_ctx
def users_reactivate(ctx, user_login):
    from casework.people.users import set_active

    undone: list[str] = []
    set_active(ctx.ws, ctx.login, user_login, True, undone)
    click.echo(f"user {user_login} reactivated")
    _for_administrator(undone)


@users.command("reset")
@click.argument("user_login", metavar="LOGIN")
@pass_ctx
def users_reset(ctx, user_login):
    """Forget LOGIN's browser password and authenticator, lift any lock, and give a one-time code
    with which they set new ones on the served page (on the machine that runs casework serve)."""
    from casework.access.signins import reset
    from casework.serve.logins import ENROL_FOR, Store

    def issue(target: str) -> str:  # once the reset is allowed and in the trail
        store = Store()
        try:
            return store.issue(target)
        finally:
            store.close()

    code = reset(ctx.ws, ctx.login, user_login, issue)
    hours = int(ENROL_FOR.total_seconds() // 3600)
    click.echo(f"{user_login.strip()}'s one-time code: {code}")
    click.echo(f"Give it to them in person or by phone; within {hours} hours they choose a password "
               "and set up their authenticator app at the served page (First time here?).")


@users.command("sign-ins")
@click.option("--login", "who", metavar="LOGIN", help="Only this user's.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def users_sign_ins(ctx, who, as_json):
    """Who signed in to the browser view when, and the refusals, newest first."""
    from casework.access.signins import history

    rows = history(ctx.ws, ctx.login, who)
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        why = f"  ({r['reason']})" if r.get("reason") else ""
        click.echo(f"{r['at'][:19]}Z  {r['login']:<16} {r['what']:<16} {r['address']}{why}")


def _for_administrator(undone: list[str]) -> None:
    """What a shared database's administrator must run to match, when this login may not."""
    if undone:
        click.echo("your database login may not change database roles; its administrator must run:",
                   err=True)
        for sql in undone:
            click.echo(f"  {sql};", err=True)


@click.command("roles")
@click.option("--apply", "run", is_flag=True, help="Run it now (needs a login that may create roles).")
@pass_ctx
def roles(ctx, run):
    """A shared PostgreSQL database's group roles, privileges and each user's login, as SQL
    for its administrator (or run with --apply). Run it again after an upgrade."""
    from casework.access import dbroles

    if run:
        n = dbroles.apply(ctx.ws, ctx.login)
        click.echo(f"database roles set up: {n} statements run")
        return
    for sql in dbroles.script(ctx.ws, ctx.login):
        click.echo(f"{sql};")


@click.group("audit")
def audit_group():
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@click.option("--case", "ref", metavar="REF",
              help="Check only this case's events and their links into the chain.")
@click.option("--seal", "digest", metavar="DIGEST",
              help="Prove nothing up to this seal (from `casework audit seal`) has changed.")
@click.option("--anchors", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Also check the trail against every anchor of this database in FILE "
                   "(a log the anchors setting wrote).")
@pass_ctx
def audit_verify(ctx, ref, digest, anchors):
    """Re-compute the hash chain; name the first event altered, removed or out of order."""
    from casework.audit import log as audit_log
    from casework.errors import UserError

    if sum(map(bool, (ref, digest, anchors))) > 1:
        raise UserError("give one of --case, --seal or --anchors: they check different things")
    if anchors:
        for result in audit_log.verify_anchors(ctx.ws, ctx.login, anchors):
            if not result.ok:
                raise click.ClickException(result.message)
            click.echo(result.message)
        return
    if digest:
        _report_seal(audit_log.check_seal(ctx.ws, ctx.login, digest))
        return
    if ref:
        result = audit_log.verify_one(ctx.ws, ctx.login, ref)
    else:
        result = audit_log.verify_all(ctx.ws, ctx.login)
    if not result.ok:
        raise click.ClickException(result.message)
    click.echo(result.message)


def _report_seal(result) -> None:
    # Two findings, each on its own line: whether the sealed part holds is what the minutes
    # rely on, and must not be lost in news about events added since.
    parts = [p for p in (result.before, result.after) if p is not None]
    for part in parts:
        if part.ok:
            click.echo(part.message)
        else:
            click.echo(f"casework: {part.message}", err=True)
    if not result.ok:
        raise SystemExit(1)


@audit_group.command("seal")
@pass_ctx
def audit_seal(ctx):
    """Print a seal of the trail as it stands, for committee minutes; the seal is recorded.
    Check it later with `casework audit verify --seal DIGEST`."""
    from casework.audit.log import seal

    click.echo(str(seal(ctx.ws, ctx.login)))


@click.command("demo")
@click.option("--cases", default=40, show_default=True, help="How many cases to make.")
@click.option("--seed", default=2026, show_default=True)
@click.option("--bulk", is_flag=True,
              help="Write the cases straight into the tables in batches: thousands a second, "
                   "for benchmark databases. Use it on a database nobody else is using.")
@pass_ctx
def demo(ctx, cases, seed, bulk):
    """Fill the database with a realistic council: register, users and cases."""
    if bulk:
        from casework.demo.bulk import build_bulk as build
    else:
        from casework.demo.council import build

    made = build(ctx.ws, ctx.login, cases, seed, progress=lambda msg: click.echo(msg, err=True))
    click.echo(f"{made} demo cases made; try: casework list")


@click.command("routes")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "text"]), default="mermaid")
def routes(fmt):
    """The routes to resolution, drawn from the state machines themselves."""
    from casework.workflow.diagram import render

    click.echo(render(fmt))


COMMANDS = (init, key, users, roles, audit_group, demo, routes)
