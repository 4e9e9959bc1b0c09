"""What starting made is left out of the collector's full collections once the first database
is opened (casework.workspace._settle), and only then."""

import subprocess
import sys

from helpers import make_workspace

PROGRAM = """
import gc, sys
from casework.workspace import open_workspace
assert gc.get_freeze_count() == 0
open_workspace(sys.argv[1])
first = gc.get_freeze_count()
garbage = [[n] for n in range(1000)]
open_workspace(sys.argv[1])
print(first, gc.get_freeze_count() - first)
"""


def test_the_first_database_opened_freezes_what_starting_made_and_no_later_one(tmp_path):
    url = f"sqlite:///{tmp_path}/casework.db"
    make_workspace(url)
    out = subprocess.run([sys.executable, "-c", PROGRAM, url], capture_output=True, text=True, check=True)
    first, later = map(int, out.stdout.split())
    assert first > 10_000  # the modules, classes and tables of a start
    assert later == 0
