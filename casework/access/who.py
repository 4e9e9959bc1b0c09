"""Who is acting: `--as LOGIN`, then CASEWORK_USER, then the operating-system login.
Free of the database layer, so the application can know it before that has loaded."""

import getpass
import os


def current_login(given: str | None = None) -> str:
    if given:
        return given
    if os.environ.get("CASEWORK_USER"):
        return os.environ["CASEWORK_USER"]
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
