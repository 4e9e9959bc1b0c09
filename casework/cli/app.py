"""`casework` with no command: open the full-screen application.

casework never imports the faces built on it; the application registers itself under the
entry-point group "casework.faces" (see pyproject.toml), and is found here by name.
"""

import os
import sys
from importlib.metadata import entry_points

from casework.errors import UserError


def open_app(ctx) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not _served():
        # A script that calls `casework` with no command must not hang on a screen nobody sees.
        raise UserError("the full-screen application needs a terminal; "
                        "from a script, use a command (casework --help lists them)")
    from casework.atrest.passphrase import unlock

    # Before the application takes the screen, which a prompt would need; and before it loads,
    # so an encrypted database's page key is derived (in a thread) while it does.
    unlock(ctx.db)
    faces = entry_points(group="casework.faces", name="tui")
    if not faces:
        raise UserError("the full-screen application is not installed: pip install -e . again")
    pending = _first_page_aside(ctx)  # read while the application loads
    launch = next(iter(faces)).load()
    first = _first_page(ctx, pending)
    warning = ctx.exposure()
    if first is not None:
        # A database at the current schema that knows this login: nothing to upgrade or
        # register, so the first page is painted while the rest opens behind it.
        code, message = launch(None, ctx.login, opener=lambda: ctx.ws, first=first, warning=warning)
    else:
        ws = ctx.ws  # opens (and upgrades) the database, so errors surface as on the command line
        from casework.people.register import init

        registered = init(ws, ctx.login)  # a new database: this login becomes Monitoring Officer
        code, message = launch(ws, ctx.login, registered, warning=warning)
    if code == 1 and message:
        # An unexpected error: one line saying where its report is, exit status 1 as for any
        # failure no user caused.
        sys.stderr.write(f"casework: {message}\n")
        sys.exit(1)
    if code:
        # The application already showed why; repeat it on the terminal it leaves behind.
        raise UserError(message or "stopped")


def _first_page_aside(ctx):
    """The first page being read, before the database layer has loaded, in a child process
    while the application loads (casework.queue.aside): SQLite's file with plain sqlite3, or
    PostgreSQL through psycopg alone, where the server says who acts."""
    from casework.queue import aside
    from db.location import resolve_url

    if resolve_url(ctx.db).startswith("postgresql"):
        return True, aside.peek_shared_aside(ctx.db, ctx.profile, *ctx.asked())
    return False, aside.peek_file_aside(ctx.db, ctx.profile, ctx.login)


def _first_page(ctx, pending):
    """The page `pending` reads, or None to start the ordinary way."""
    shared, read = pending
    found = read()
    if not shared or found is None:
        return found
    first, login = found
    ctx.acting(login)
    return first


def _served() -> bool:
    """Started by textual-serve for a browser tab (casework serve): its pipes carry the web
    driver's protocol to a screen somebody sees. textual-serve names that driver in the
    environment it starts the app with; a script's pipes with no such driver are still refused."""
    return (os.environ.get("TEXTUAL_DRIVER") == "textual.drivers.web_driver:WebDriver"
            and not sys.stdout.isatty())
