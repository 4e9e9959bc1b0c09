"""The application's first page on PostgreSQL, read in a child process while this one loads
the application.

Read here, the page waits on psycopg's import (about 90 ms after Textual's) and then on the
server, after Textual has loaded: one after the other on one interpreter. A child forked
before the application loads imports psycopg, connects as the person and reads the page on
the machine's other core meanwhile, and hands the page back through a pipe: at 1,000 cases
the page was in hand 0.18 to 0.24 s after the start, against 0.28 to 0.36 s read here. The
child reads exactly as casework.queue.first_page_pg.peek does, as the same login with the same
environment, and nothing it reads is written anywhere but the pipe.

Where a child cannot be forked safely (no fork on the platform, or threads already running,
which a fork would copy in whatever state they were), the page is read here, as before.
"""

import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict

from casework.queue.first_page import FirstPage
from casework.queue.first_page_pg import peek

Found = tuple[FirstPage, str] | None


def peek_aside(db: str | None, profile: str | None, asked: str, explicit: bool) -> Callable[[], Found]:
    """Starts reading the first page (first_page_pg.peek's answer) and returns what waits for
    it: call it once the application has loaded."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        found = peek(db, profile, asked, explicit)
        return lambda: found
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        found = peek(db, profile, asked, explicit)
        return lambda: found
    if pid == 0:  # the child: never returns
        _child(reading, writing, lambda: peek(db, profile, asked, explicit))
    os.close(writing)
    return lambda: _received(reading, pid)


def _child(reading: int, writing: int, read: Callable[[], Found]) -> None:
    """Writes the page to the pipe and ends without anything of the parent's running again
    (its exit handlers, its buffered output): os._exit. Anything amiss writes nothing, and the
    parent starts the ordinary way, which reports any fault."""
    status = 1
    try:
        os.close(reading)
        found = read()
        data = json.dumps(None if found is None else {"first": asdict(found[0]), "login": found[1]})
        view = memoryview(data.encode())
        while view:
            view = view[os.write(writing, view):]
        status = 0
    except BaseException:  # noqa: BLE001 (the child must end here, whatever happened)
        pass
    finally:
        os._exit(status)


def _received(reading: int, pid: int) -> Found:
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        found = json.loads(data)
    except ValueError:
        return None
    return None if found is None else (FirstPage(**found["first"]), found["login"])
