"""The first bytes of a database file, read without letting go of SQLite's locks on it.

Closing any descriptor of a file releases every POSIX lock the process holds on that file
(fcntl(2)), SQLite's among them. A database in WAL mode is shared on those locks: a process
closing the database takes itself for the last one when it finds no lock, checkpoints, and
deletes the WAL and its index under whoever else still has it open, who then reads "database
disk image is malformed", or loses what they wrote since. SQLite itself never closes a
descriptor of a file it holds locks on; casework looks at a database's header (is it
encrypted, its salt) on every connection it opens, so it keeps the descriptor it read the
header with, one per file, and reads through it again.
"""

import os
import threading
from collections import OrderedDict
from pathlib import Path

KEEP = 64  # descriptors kept; the oldest is closed past this (a process opens few databases)
_kept: OrderedDict[tuple, int] = OrderedDict()
_guard = threading.Lock()


def first_bytes(path: Path, count: int) -> tuple[bytes, int]:
    """(up to `count` bytes from the start of the file at `path`, its size). Raises OSError
    when it cannot be read."""
    st = os.stat(path)
    key = (st.st_dev, st.st_ino)
    with _guard:
        fd = _kept.get(key)
        if fd is None:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            opened = os.fstat(fd)
            key = (opened.st_dev, opened.st_ino)  # the path may name another file by now
            if key in _kept:
                key = (*key, fd)  # never closed while this process may hold locks on it
            _kept[key] = fd
            while len(_kept) > KEEP:
                os.close(_kept.popitem(last=False)[1])
        else:
            _kept.move_to_end(key)
        return os.pread(fd, count, 0), os.fstat(fd).st_size
