"""Files a user names for casework to read (papers to attach, sheets to import): opened without
following a link, accepted only as an ordinary file on disk (checked on the file once open, so
it cannot be swapped in between), and read no further than the limit allows. A device, a pipe,
a socket or a file the system makes up as it is read (/proc, /sys) is refused in one line."""

import errno
import os
import stat
from pathlib import Path

from casework.errors import NotFound, UserError
from casework.outfile import user_path

CHUNK = 1 << 20


# Set for the applications `casework serve` starts for browser tabs: a person in a browser reads
# papers only from the upload folder, never whatever the serving account may read.
UPLOADS_ONLY = "CASEWORK_UPLOADS_ONLY"


def read_file(path: str, limit: int, what: str = "file") -> tuple[bytes, Path]:
    """The bytes of the ordinary file `path` names, at most `limit` of them, and its path."""
    p = user_path(path)  # refuses a NUL, which no file name holds
    shown = str(path)[:200]
    if os.environ.get(UPLOADS_ONLY):
        p = _confined(p, Path(os.environ[UPLOADS_ONLY]), shown, what)
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; nothing else is affected.
        fd = os.open(p, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise NotFound(f"{shown}: no such file") from None
    except PermissionError:
        raise UserError(f"{shown}: permission denied; check you may read it") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(f"{shown} is a symbolic link; name the {what} itself, not a link to it") from None
        raise UserError(f"cannot use {shown}: {exc.strerror}; check the path") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{shown} is a directory; name a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{shown} is not an ordinary file (a device, a pipe or a socket); "
                            f"name a {what} saved on disk")
        if info.st_size > limit:
            raise UserError(f"{shown} is {info.st_size / 2**20:.0f} MB; the limit is {limit // 2**20} MB")
        data = _read(fd, info.st_size + 1)
    except OSError as exc:
        raise UserError(f"cannot read {shown}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if info.st_size == 0 and data:
        raise UserError(f"{shown} is made up by the system as it is read, not a {what} on disk; "
                        "name a document saved on disk")
    if len(data) > info.st_size:
        raise UserError(f"{shown} grew while it was read; try again once it is complete")
    return data, p


def _confined(p: Path, area: Path, shown: str, what: str) -> Path:
    """`p` within the upload folder (a bare name is taken from it), with every folder on the
    way resolved, so neither "../" nor a link out of it leaves it; the file itself is then
    opened without following a link."""
    area = Path(os.path.realpath(area))
    p = p if p.is_absolute() else area / p
    real = Path(os.path.realpath(p.parent)) / p.name
    if not real.is_relative_to(area) or real == area:
        raise UserError(f"{shown}: in the browser a {what} comes from the upload folder {area}; "
                        f"put it there and give its name")
    return real


def _read(fd: int, most: int) -> bytes:
    """Up to `most` bytes; the caller asks one more than it expects, to see a file grow."""
    parts, got = [], 0
    while got < most:
        part = os.read(fd, min(CHUNK, most - got))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)
