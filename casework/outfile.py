"""Files the exports write: checked before any work, and whole or not at all."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casework.errors import UserError, blame, printable


def check_out(out: str | Path, suffixes: tuple[str, ...]) -> Path:
    with blame("out"):
        return _check(out, suffixes)


def user_path(text: str | Path) -> Path:
    """A path as typed, with "~" expanded; "~nobody/x" names no home, so say so."""
    if "\x00" in str(text):  # no path holds one; the system calls would raise, not say so
        raise UserError(f"{printable(str(text)[:80])} is not a file name: it holds a NUL character; "
                        "type the path again")
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise UserError(f"{str(text)[:80]}: no such user's home folder; write the full path") from None


def _check(out: str | Path, suffixes: tuple[str, ...]) -> Path:
    path = user_path(out)
    if path.is_dir():
        raise UserError(f"--out {out} is a directory; name the file to write")
    if not path.parent.is_dir():
        raise UserError(f"--out {out}: folder {path.parent} does not exist; create it first")
    if path.suffix.lower() not in suffixes:
        raise UserError(f"--out {out} should end in {' or '.join(suffixes)}")
    return path


@contextmanager
def replacing(target: Path, private: bool = False) -> Iterator[Path]:
    """Yields a temporary path beside the target; renamed over it only if the block succeeds,
    so a reader never finds half a file and a failure leaves nothing behind. `private`: the file
    holds confidential or exempt papers, or a restricted case, so only its owner may read it."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    os.close(fd)
    # mkstemp makes the file private; an export of nothing confidential gets what any new file would.
    if not private:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
    try:
        yield Path(temp)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    finally:
        Path(temp).unlink(missing_ok=True)


def _unwritable(target: Path, exc: OSError) -> UserError:
    return UserError(f"cannot write {target}: {exc.strerror or exc}; choose another folder or free some space",
                     field="out")


# A spreadsheet program opening a CSV file takes a cell that begins with one of these as a
# formula (=HYPERLINK(...), +cmd|...): such a cell is written with a leading apostrophe, which
# the programs show as text (the OWASP advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell as spreadsheet programs will take it as text; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
