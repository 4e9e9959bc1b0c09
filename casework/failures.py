"""One line for failures no user caused, so a script's log stays readable."""

import os
import traceback

from sqlalchemy.exc import DBAPIError, OperationalError


def explain(exc: BaseException) -> str:
    if os.environ.get("CASEWORK_DEBUG"):
        traceback.print_exc()
    if isinstance(exc, OperationalError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else "unknown"
        return f"the database refused the change ({first}); nothing was saved"
    if isinstance(exc, DBAPIError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else "unknown"
        return f"database error ({first}); nothing was saved"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return (
        f"internal error ({type(exc).__name__}: {exc}); nothing was saved. "
        "Set CASEWORK_DEBUG=1 to see the details and report them"
    )
