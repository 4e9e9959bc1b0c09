"""An unexpected error in the application: a crash report in the user log folder, readable by
its owner only, and one line on the terminal saying where; never a traceback on screen."""

import os
import stat
import sys

from cli_runner import run_cli
from terminal import run_in_terminal

# The real application, started as `casework` starts it, with one action broken as a bug would
# break it; a local variable stands for what a case says.
CHILD = """
import sys
from tui.app import CaseworkApp

def broken_help(self):
    what_the_case_says = "Cllr Jones shouted at the planning officer"
    raise ZeroDivisionError("planted by the test")

CaseworkApp.action_help = broken_help
from casework.cli.main import main
main([])
"""


def test_an_unexpected_error_writes_a_report_and_one_line(tmp_path):
    db = str(tmp_path / "c.db")
    assert run_cli(db, "init").code == 0
    assert run_cli(db, "demo", "--cases", "20").code == 0
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    state = tmp_path / "state"
    env = {**os.environ, "CASEWORK_DB": db, "CASEWORK_USER": "mo", "XDG_STATE_HOME": str(state),
           "CASEWORK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CASEWORK_DEBUG", None)

    shown = run_in_terminal([sys.executable, str(child)], env=env, cwd=str(tmp_path),
                            wait_for="Reference", keys=b"?", size=(120, 40))

    assert shown.code == 1
    reports = list((state / "casework" / "log").glob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0]
    # after the application's screen is gone, the one line is what the terminal shows
    assert shown.shown.rstrip().endswith(
        "casework: the application stopped on an unexpected error; a report for whoever "
        f"supports casework is in {report}")
    assert "Traceback" not in shown.shown and "planted by the test" not in shown.shown
    assert "shouted" not in shown.shown

    text = report.read_text()
    assert text.startswith("casework ") and "stopped on an unexpected error" in text.splitlines()[0]
    assert "ZeroDivisionError" in text and "planted by the test" in text and "broken_help" in text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
