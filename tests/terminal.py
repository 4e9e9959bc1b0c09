"""A program run in a real pseudo-terminal, as a person at a terminal runs it: what it drew,
keys typed once it shows some text, and how it ended."""

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from dataclasses import dataclass

# Control sequences and the characters of line drawing carry no words; what is left is the text.
_CONTROL = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@dataclass
class Session:
    shown: str  # every character written, control sequences removed
    code: int | None  # None: still running when the time was up (then killed)
    stderr_tail: str


def run_in_terminal(argv: list[str], *, env: dict, cwd: str, wait_for: str, keys: bytes,
                    size: tuple[int, int] = (160, 48), timeout: float = 60,
                    then: list[tuple[str, bytes]] = ()) -> Session:
    """Starts argv on a terminal of size (columns, lines), waits until `wait_for` has been
    drawn, types `keys`, and waits for the program to end; `then` holds further (text, keys)
    steps, each typed once its text is drawn after the step before."""
    main, child = pty.openpty()
    cols, lines = size
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", lines, cols, 0, 0))
    proc = subprocess.Popen(argv, stdin=child, stdout=child, stderr=child, cwd=cwd,
                            # A COLUMNS or LINES inherited (pytest-xdist's workers have them) would win
                            # over the terminal's own size.
                            env={**env, "TERM": "xterm-256color", "COLUMNS": str(cols),
                                 "LINES": str(lines)}, start_new_session=True)
    os.close(child)
    raw = b""
    steps = [(wait_for, keys), *then]
    seen = 0  # how much of raw the steps typed so far have looked at
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the program closed the terminal
                    break
                if not chunk:
                    break
                raw += chunk
            if steps and steps[0][0] in _text(raw[seen:]):
                seen = len(raw)
                os.write(main, steps.pop(0)[1])
            if proc.poll() is not None and not ready:
                break
        try:
            code = proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            code = None  # still running at the deadline: what it drew says why
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    text = _text(raw)
    return Session(text, code, text[-2000:])


def _text(raw: bytes) -> str:
    return _CONTROL.sub(b"", raw).decode("utf-8", "replace")
