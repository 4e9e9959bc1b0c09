"""Who is acting: `--as LOGIN`, then CASEWORK_USER, then the operating-system login; and the
account a change comes through, as events record it beside who acts. Free of the database
layer, so the application can know it before that has loaded, and a write on plain sqlite3
(casework.audit.read_recorded) records it as casework.access.identity does."""

import getpass
import os


def current_login(given: str | None = None) -> str:
    if given:
        return given
    if os.environ.get("CASEWORK_USER"):
        return os.environ["CASEWORK_USER"]
    return os_login()


def os_login() -> str:
    """Also the account of every change to an SQLite file."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def account_marks(through: str, actor: str) -> dict:
    """What an event records of the account, when it is not the actor's own."""
    return {} if through == actor else {"account": through}
