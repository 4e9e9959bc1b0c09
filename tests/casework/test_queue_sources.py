"""The queue's fingerprint covers every module its statements are written with: a change to any
of them must set shipped and kept statements aside."""

import subprocess
import sys
from pathlib import Path

from casework.queue import sources

FIND = ("import sys, casework.queue.written\n"
        "print('\\n'.join(m.__file__ for m in list(sys.modules.values())\n"
        "    if getattr(m, '__name__', '').split('.')[0] in ('casework', 'db') and getattr(m, '__file__', None)))")


def _imported() -> set[str]:
    out = subprocess.run([sys.executable, "-c", FIND], capture_output=True, text=True, check=True, cwd=sources.ROOT).stdout
    return {str(Path(f).resolve().relative_to(sources.ROOT)) for f in out.split()}


def test_every_module_the_statements_are_written_with_is_fingerprinted():
    listed = {str(p.relative_to(sources.ROOT)) for p in sources.SOURCES}
    missing = sorted(_imported() - listed)
    assert not missing, f"add to casework/queue/sources.py, then run python -m casework.queue.shipped: {missing}"
    assert all(p.is_file() for p in sources.SOURCES)


def test_the_schema_head_is_read_from_the_schema():
    from db.schema import HEAD

    assert sources.SOURCES[-1].name == "schema.py"
    assert sources.schema_head() == HEAD


def test_a_change_to_any_listed_module_changes_the_fingerprint(tmp_path, monkeypatch):
    copies = []
    for path in sources.SOURCES:
        copy = tmp_path / path.relative_to(sources.ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(sources, "SOURCES", tuple(copies))
    before = sources.fingerprint()
    assert before == sources.fingerprint()
    for copy in (copies[0], copies[len(copies) // 2], copies[-2]):
        original = copy.read_bytes()
        copy.write_bytes(original + b"\n# changed\n")
        assert sources.fingerprint() != before, copy
        copy.write_bytes(original)
    assert sources.fingerprint() == before
