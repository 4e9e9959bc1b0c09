"""Files at rest are their owner's: what casework writes is private (folders 0700, files 0600),
or its group's too where a council shares an embedded database that way (CASEWORK_SHARE_GROUP=1,
db.location). A database that others can already read is named on start."""

import os
import stat
from pathlib import Path

from db.location import sharing_group


def private_umask() -> int:
    """Sets the umask for everything this process writes; returns the one it replaces."""
    return os.umask(0o007 if sharing_group() else 0o077)


def exposure(database: Path | None) -> str | None:
    """A warning naming who else may read the database file (and its -wal, -shm), or None."""
    if database is None:
        return None
    allowed = stat.S_IRWXG if sharing_group() else 0
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        loose = mode & (stat.S_IRWXG | stat.S_IRWXO) & ~allowed
        if loose:
            who = "every account on this machine" if mode & stat.S_IRWXO else "its group"
            fix = "660" if sharing_group() else "600"
            return (f"{path} can be read by {who} (mode {stat.S_IMODE(mode):04o}); it holds "
                    f"confidential case papers: chmod {fix} {database}*, and keep its folder "
                    "private too")
    return None
