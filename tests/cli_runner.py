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


def refused(cli, *args, user="mo", match=""):
    """`cli(*args, user=, ok=False)` refused as the command line promises: one line naming
    `match`, exit status 2, and nothing written (the audit trail verifies as before)."""
    before = cli("audit", "verify").out
    r = cli(*args, user=user, ok=False)
    assert r.code == 2, (r.code, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("casework: "), r.err
    assert "Traceback" not in r.err
    assert match in lines[0], lines[0]
    assert cli("audit", "verify").out == before  # nothing was written
    return lines[0]


def checked(db: str, env: dict | None = None):
    """`cli(*args, user=, ok=)`: run_cli on `db`, asserting success unless ok=False."""
    def run(*args, user="mo", ok=True):
        r = run_cli(db, *args, user=user, env=env)
        if ok:
            assert r.code == 0, r.err
        return r
    return run


def assessed(cli, ref, kind="code", on=None, user="mo"):
    """The initial assessment through the command line: an officer complainant's choice of the
    protocol route, the complaint classified and, unless it is outside the remit, the subject
    member's notice filed."""
    import tempfile
    from pathlib import Path

    dated = ["--on", on] if on else []
    chose = cli("choice", ref, "protocol", *dated, user=user, ok=False)
    assert chose.code == 0 or "is a Member" in chose.err or "already protocol" in chose.err, chose.err
    cli("classify", ref, kind, "--note", f"Assessed as a {kind} complaint", *dated, user=user)
    if kind != "outside":
        with tempfile.TemporaryDirectory() as folder:
            notice = Path(folder) / "notice-to-subject.txt"
            notice.write_text("You are told of the complaint and invited to comment.\n")
            cli("attach", ref, str(notice), "--section", "subject-notice", *dated, user=user)


def heard(cli, ref, panel="Cllr Tom Price", on=None, user="mo"):
    """Ready for the hearing's decision through the command line: the notice of the hearing
    filed and the panel member recorded (the register must have them)."""
    import tempfile
    from pathlib import Path

    dated = ["--on", on] if on else []
    with tempfile.TemporaryDirectory() as folder:
        notice = Path(folder) / "notice-of-hearing.txt"
        notice.write_text("The Standards Committee will hear the complaint on a date given here.\n")
        cli("attach", ref, str(notice), "--section", "hearing-notice", *dated, user=user)
    cli("involve", ref, panel, "hearing-panel", *dated, user=user)


def draft_shared(cli, ref, on=None, user="mo"):
    """The draft investigation report filed as sent to both parties for comment."""
    import tempfile
    from pathlib import Path

    dated = ["--on", on] if on else []
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft-report.txt"
        draft.write_text("Draft report of the Investigating Officer, for the parties' comments.\n")
        cli("attach", ref, str(draft), "--section", "draft-report", *dated, user=user)
