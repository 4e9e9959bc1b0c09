"""The application's first page, read in a child process while this one loads the
application.

Read here, the page waits until Textual has loaded, then on its own work: on PostgreSQL
psycopg's import (about 90 ms after Textual's) and the server's answers, on SQLite the
profile's loading and the file's statements (20 to 30 ms); one after the other on one
interpreter. A child forked before the application loads does that work on the machine's
other core meanwhile and hands the page back through a pipe: on PostgreSQL at 1,000 cases the
page was in hand 0.18 to 0.24 s after the start, against 0.28 to 0.36 s read here; on SQLite
at 100,000 cases 0.20 to 0.23 s against 0.21 to 0.30. The child reads exactly as
casework.queue.first_page_pg.peek and casework.queue.first_page.peek do, as the same login
with the same environment, and nothing it reads is written anywhere but the pipe.

Where a child cannot be forked safely (no fork on the platform, or threads already running,
which a fork would copy in whatever state they were: an encrypted database's key being
derived, say), the page is read here, as before.
"""

import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import TypeVar

from casework.queue.first_page import FirstPage

T = TypeVar("T")


def peek_shared_aside(db: str | None, profile: str | None, asked: str,
                      explicit: bool) -> Callable[[], tuple[FirstPage, str] | None]:
    """PostgreSQL: starts reading first_page_pg.peek's answer; returns what waits for it, to
    be called once the application has loaded."""
    def read():
        from casework.queue.first_page_pg import peek

        return peek(db, profile, asked, explicit)

    return _aside(read, lambda found: {"first": asdict(found[0]), "login": found[1]},
                  lambda sent: (FirstPage(**sent["first"]), sent["login"]))


def peek_file_aside(db: str | None, profile: str | None, login: str) -> Callable[[], FirstPage | None]:
    """SQLite: as peek_shared_aside, for first_page.peek's answer."""
    def read():
        from casework.queue.first_page import peek

        return peek(db, profile, login)

    return _aside(read, asdict, lambda sent: FirstPage(**sent))


def _aside(read: Callable[[], T | None], encode: Callable[[T], object],
           decode: Callable[[object], T]) -> Callable[[], T | None]:
    # Read here, the page waits until it is asked for, after the application has loaded, as it
    # always did: a thread running (an encrypted database's key being derived) goes on meanwhile.
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return read
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return read
    if pid == 0:  # the child: never returns
        _child(reading, writing, lambda: json.dumps(None if (found := read()) is None else encode(found)))
    os.close(writing)
    return lambda: _received(reading, pid, decode)


def _child(reading: int, writing: int, read: Callable[[], str]) -> None:
    """Writes the page to the pipe and ends without anything of the parent's running again
    (its exit handlers, its buffered output): os._exit. Anything amiss writes nothing, and the
    parent starts the ordinary way, which reports any fault."""
    status = 1
    try:
        os.close(reading)
        view = memoryview(read().encode())
        while view:
            view = view[os.write(writing, view):]
        status = 0
    except BaseException:  # noqa: BLE001 (the child must end here, whatever happened)
        pass
    finally:
        os._exit(status)


def _received(reading: int, pid: int, decode: Callable[[object], T]) -> T | None:
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        sent = json.loads(data)
        return None if sent is None else decode(sent)
    except (ValueError, TypeError, KeyError):
        return None
