"""`casework` with no command: the full-screen application, once it exists."""

import sys


def open_app(ctx) -> None:
    ws = ctx.ws  # opens (and upgrades) the database, so errors surface the same way
    try:
        from tui.app import run  # noqa: F401
    except ImportError:
        url = ws.engine.url.render_as_string(hide_password=True)
        sys.stdout.write(
            "The full-screen application is not built yet.\n"
            f"Database: {url}\n"
            "Use the command line meanwhile: casework --help (start with: casework demo)\n"
        )
        return
    run(ws, ctx.login)
