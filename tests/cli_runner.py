"""Runs the real command line, as a script or a person would.

In-process by default (the same `main` the console script calls, with its own argv,
environment and exit status), because an interpreter start per call makes a suite of
hundreds of calls take minutes; `subprocess=True` proves the console entry itself.
"""

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from unittest import mock


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(db: str, *args: str, user: str = "mo", env: dict | None = None,
            subprocess_: bool = False, timeout=60) -> Result:
    full_env = {**os.environ, "CASEWORK_DB": db, "CASEWORK_USER": user, **(env or {})}
    full_env.pop("CASEWORK_DEBUG", None)
    if subprocess_:
        proc = subprocess.run(
            [sys.executable, "-m", "casework", *args],
            capture_output=True, text=True, env=full_env, timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)
    from casework.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.dict(os.environ, full_env, clear=True), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())
