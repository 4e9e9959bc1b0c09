"""A council to drive the application against, the same on every run, so snapshots compare."""

from datetime import datetime, timedelta, timezone
from itertools import count

import pytest
from helpers import make_workspace, populated_workspace

from casework.audit import chain as audit


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Audit instants (shown on screens, and hashed) from a clock that ticks per event."""
    start = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    ticks = count()
    monkeypatch.setattr(
        audit, "now_utc",
        lambda: (start + timedelta(minutes=next(ticks))).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


@pytest.fixture(autouse=True)
def home(tmp_path_factory, monkeypatch):
    """A home folder with a Documents folder, the same on every machine, so the paths the
    dialogs propose (and the snapshots that show them) do not depend on who runs the tests."""
    home = tmp_path_factory.mktemp("home")
    (home / "Documents").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


@pytest.fixture(autouse=True)
def count_at_once(monkeypatch):
    """The queue counts matches once typing pauses; tests count at once, so every screen
    they look at is complete."""
    from tui.screens import triage

    monkeypatch.setattr(triage, "COUNT_DELAY", 0)


@pytest.fixture
def council(sqlite_url):
    """Users of every role and a small register, no cases."""
    return populated_workspace(sqlite_url)


@pytest.fixture
def council_any(db_url):
    """As `council`, on SQLite and on PostgreSQL."""
    ws = populated_workspace(db_url)
    yield ws
    ws.engine.dispose()


_demo_ticks: list[int] = []  # the audit clock's ticks one demo build takes


def _build_demo(url: str) -> None:
    from casework.demo.council import build

    def ticking():
        _demo_ticks[0] += 1
        return clock()

    clock, audit.now_utc = audit.now_utc, ticking
    _demo_ticks[:] = [0]
    try:
        ws = make_workspace(url)
        build(ws, "mo", 12, 2026)
        ws.engine.dispose()
    finally:
        audit.now_utc = clock


@pytest.fixture
def demo_council(tmp_path):
    """The demo council of twelve cases, built once per test process and copied (tests.templates);
    the audit clock is moved on as far as a build of its own would have moved it."""
    import templates

    path = tmp_path / "demo.db"
    if not templates.copy_sqlite("demo", path, _build_demo):
        for _ in range(_demo_ticks[0]):
            audit.now_utc()
    return make_workspace(f"sqlite:///{path}")
