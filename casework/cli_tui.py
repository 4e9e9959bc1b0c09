"""`casework` with no command: the full-screen application."""

import click


def open_app(ctx) -> None:
    import sys

    from casework.errors import UserError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # A script that calls `casework` with no command must not hang on a screen nobody sees.
        raise UserError("the full-screen application needs a terminal; "
                        "from a script, use a command (casework --help lists them)")
    ws = ctx.ws  # opens (and upgrades) the database, so errors surface as on the command line
    from casework.register import init

    registered = init(ws, ctx.login)  # a new database: this login becomes Monitoring Officer
    from tui.app import CaseworkApp

    app = CaseworkApp(ws, ctx.login)
    if registered:
        app.startup_note = f"New database: {registered} registered as the Monitoring Officer"
    app.run()
    if app.return_code:
        # The app already showed why; repeat it on the terminal it leaves behind.
        click.echo(f"casework: {app.exit_message or 'stopped'}", err=True)
        raise SystemExit(app.return_code)
