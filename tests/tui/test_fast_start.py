"""Starting on a first page read without the database layer (casework.queue.first_page): the page
is on screen before the workspace has opened, and everything works once it has."""

import asyncio
import threading

from driving import settle
from textual.widgets import Static

from casework.errors import UserError
from casework.queue import first_page
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.dialogs import Fatal
from tui.screens.triage import TriageScreen
from tui.widgets.queue_table import QueueTable


def _kept(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(first_page, "council_today", ws.today)
    return first_page.peek(str(ws.engine.url.database), None, "mo")


async def test_the_first_page_is_painted_before_the_workspace_opens(demo_council, tmp_path, monkeypatch):
    first = _kept(demo_council, tmp_path, monkeypatch)
    assert first is not None and first.rows
    gate, opened = threading.Event(), []

    def opener():
        gate.wait(10)  # held until the test has seen the page
        opened.append(True)
        return demo_council

    app = CaseworkApp(None, "mo", offer_demo=False, opener=opener, first=first)
    async with app.run_test(size=(160, 48)) as pilot:
        while not (isinstance(app.screen, TriageScreen) and app.screen.first_painted_at):
            await pilot.pause(0.01)
        table = app.screen.query_one("#queue", QueueTable)
        assert not opened and table.row_count == len(first.rows)
        assert [line[0].text for line in table.lines][:3] == [r["ref"] for r in first.rows[:3]]
        assert app.sub_title == f"{first.me['name']} (Monitoring Officer)"
        gate.set()
        await asyncio.to_thread(app.wait_opened)
        await settle(pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert f"1–{len(first.rows)} of {len(first.rows)} cases" in status  # counted once open
        await pilot.press("enter")  # the database is open now: the case screen reads it
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.ref == first.rows[0]["ref"]


async def test_a_workspace_that_cannot_open_says_why(demo_council, tmp_path, monkeypatch):
    first = _kept(demo_council, tmp_path, monkeypatch)

    def opener():
        raise UserError("cannot open the database: disk I/O error")

    app = CaseworkApp(None, "mo", offer_demo=False, opener=opener, first=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.to_thread(app.wait_opened)
        await pilot.pause(0.1)
        assert isinstance(app.screen, Fatal)
        assert "disk I/O error" in str(app.screen.query_one("#fatal-message", Static).render())
        await pilot.press("enter")
    assert app.return_code == 2 and "disk I/O error" in app.exit_message


def test_what_the_first_page_needs_loads_no_database_layer():
    """The first page is painted before SQLAlchemy is imported (it costs more than Textual): a
    module of the first page's path that imports it, as the triage screen once did for one
    constant, puts the whole database layer before the first frame."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import casework.queue.first_page, tui.app, tui.screens.triage, sys; "
         "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'statemachine', 'psycopg') if m in sys.modules))"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
