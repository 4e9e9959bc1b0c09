"""`casework serve` as a real process on a free port, for the tests that talk to it.

It runs in its own process group, so a teardown can stop it and every app it started as
ctrl+c would (SIGINT to the group), and kill whatever is left: no test leaves a server behind.
"""

import os
import selectors
import signal
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    def __init__(self, db: str, login: str, *extra: str, cwd=None, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        for name in ("CASEWORK_DB", "CASEWORK_USER", "CASEWORK_DEBUG", "TEXTUAL_DRIVER"):
            env.pop(name, None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "casework", "--db", db, "--as", login, "serve",
             "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, cwd=cwd, start_new_session=True,
        )
        self.output = ""

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """Output up to and including `text`; fails with what was said if it never comes."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while text not in self.output:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise AssertionError(f"casework serve never said {text!r}; it said:\n{self.output}")
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"casework serve ended (exit {self.proc.wait()}) before "
                                         f"saying {text!r}; it said:\n{self.output}")
                self.output += chunk.decode("utf-8", "replace")
        return self.output

    def interrupt(self, timeout: float = 15) -> int:
        """ctrl+c, as a terminal sends it: to the whole process group. Returns the exit code."""
        os.killpg(self.proc.pid, signal.SIGINT)
        code = self.proc.wait(timeout)
        self.output += self.proc.stdout.read().decode("utf-8", "replace")
        return code

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the apps it started share its group
        except ProcessLookupError:
            pass
        self.proc.wait(10)
        self.proc.stdout.close()
