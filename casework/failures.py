"""One line for failures no user caused, so a script's log stays readable; what the
application knows of an unexpected error goes to a crash report in the user log folder."""

import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import platformdirs
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


def crash_report(details: str) -> Path:
    """Writes details of an unexpected error to a new file in the user log folder, readable by
    its owner only: a traceback's local variables can hold what a case says."""
    folder = platformdirs.user_log_path("casework", appauthor=False)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = datetime.now(UTC)
    path = folder / f"crash-{now:%Y%m%dT%H%M%SZ}-{os.getpid()}.txt"
    try:
        release = version("casework")
    except PackageNotFoundError:
        release = "unknown"
    head = (f"casework {release} stopped on an unexpected error at {now.isoformat(timespec='seconds')}\n"
            f"Python {platform.python_version()} on {platform.platform()}\n"
            f"command: {' '.join(sys.argv[1:]) or '(the application)'}\n\n")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(head + details)
    return path
