"""Files at rest are their owner's (issue 17, item 1): run as a user runs it, under the usual
umask 022, casework writes its folders 0700 and its files 0600 (database and its -wal and -shm,
exports, backups, caches); CASEWORK_SHARE_GROUP=1 lets the group in and nobody else; a database
others can already read is named on start."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def _run(home: Path, *args, env=None, check=True):
    full = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"), "CASEWORK_USER": "mo", **(env or {})}
    full.pop("CASEWORK_DB", None)
    was = os.umask(0o022)  # as most accounts have it
    try:
        proc = subprocess.run([sys.executable, "-m", "casework", *args], capture_output=True,
                              text=True, env=full, timeout=120)
    finally:
        os.umask(was)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _written(home: Path):
    """Everything under home that casework wrote, with its mode."""
    return {p: _mode(p) for p in home.rglob("*")}


@pytest.mark.parametrize("share", [False, True])
def test_what_casework_writes_is_private_to_its_owner_or_group(tmp_path, share):
    home = tmp_path / "home"
    home.mkdir()
    env = {"CASEWORK_SHARE_GROUP": "1"} if share else {}
    db = home / "cases" / "council" / "casework.db"
    run = lambda *a: _run(home, "--db", str(db), *a, env=env)  # noqa: E731
    run("init", "--name", "Mona Officer")
    out = run("demo", "--cases", "6")
    assert "warning" not in out.stderr
    ref = run("list", "--all", "--json").stdout.split('"ref": "')[1].split('"')[0]
    run("timeline", ref, "--out", str(home / "timeline.txt"))
    run("backup", str(home / "backup.db"))
    file_mode, folder_mode = (0o660, 0o770) if share else (0o600, 0o700)
    written = _written(home)
    assert db in written and home / "timeline.txt" in written and home / "backup.db" in written
    assert any(p.suffix == ".json" for p in written if "cache" in p.parts), written
    for path, mode in written.items():
        allowed = folder_mode if path.is_dir() else file_mode
        # Never more open than allowed; a backup may stay its owner's alone.
        assert mode & ~allowed == 0 and mode & 0o600 == 0o600, (path, oct(mode))
    assert _mode(db) == file_mode and _mode(db.parent) == folder_mode


def test_a_database_others_can_read_is_named_on_start(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "casework.db"
    _run(home, "--db", str(db), "init", "--name", "Mona Officer")
    db.chmod(0o644)
    proc = _run(home, "--db", str(db), "list")
    assert proc.stderr.startswith(f"casework: warning: {db} can be read by every account on this "
                                  "machine (mode 0644); it holds confidential case papers: chmod 600")
    assert proc.stderr.count("\n") == 1
    db.chmod(0o640)
    assert "can be read by its group" in _run(home, "--db", str(db), "list").stderr
    assert _run(home, "--db", str(db), "list", env={"CASEWORK_SHARE_GROUP": "1"}).stderr == ""
    db.chmod(0o600)
    assert _run(home, "--db", str(db), "list").stderr == ""
