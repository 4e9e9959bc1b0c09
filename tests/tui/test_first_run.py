"""The first start on a new database, inside the application: the Monitoring Officer gives
their name, then imports the register from a spreadsheet, loads the demo or starts empty; an
empty queue says what to do next."""

import shutil
from pathlib import Path

from driving import settle, type_text
from helpers import make_workspace
from textual.widgets import Input, Static

from casework.audit.log import events
from casework.people.directory import people, whoami
from casework.people.register import init
from tui.app import CaseworkApp
from tui.screens.import_sheet import ImportScreen
from tui.screens.welcome import Welcome

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def new_database(sqlite_url) -> CaseworkApp:
    ws = make_workspace(sqlite_url)
    app = CaseworkApp(ws, "priya")
    app.registered = init(ws, "priya")  # as `casework` does on a database with no users
    return app


async def test_the_monitoring_officer_names_themselves_and_starts_empty(sqlite_url):
    app = new_database(sqlite_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Welcome)
        offered = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start empty" in offered  # the welcome's own choices, not casework's commands
        assert not {"Publish the register of complaints", "Retention schedule"} & set(offered)
        await pilot.press("ctrl+a", "ctrl+k")  # the proposed name (the login) cleared
        await type_text(pilot, "Priya Shah")
        await pilot.click("#then-empty")
        await settle(pilot)
        assert not isinstance(app.screen, Welcome)
        assert "Publish the register of complaints" in [c.title for c in app.get_system_commands(app.screen)]
        assert app.sub_title == "Priya Shah (Monitoring Officer)"
        hint = str(app.screen.query_one("#queue-empty", Static).render())
        assert "No open cases" in hint and "n logs a new complaint" in hint and "I imports" in hint
    assert whoami(app.ws, "priya")["name"] == "Priya Shah"
    renamed, _ = events(app.ws, "priya", action="user-rename")
    assert [(e["actor"], e["data"]["to"]) for e in renamed] == [("priya", "Priya Shah")]


async def test_an_empty_name_is_said_beside_the_field_and_nothing_changes(sqlite_url):
    app = new_database(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.click("#then-empty")
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        assert "the name is empty" in str(app.screen.query_one("#name-error", Static).render())
        assert app.focused is app.screen.query_one("#name", Input)
    assert whoami(app.ws, "priya")["name"] == "priya"
    assert events(app.ws, "priya", action="user-rename")[1] == 0


async def test_the_register_is_checked_then_imported_from_the_welcome(sqlite_url, home):
    sheet = home / "register.csv"
    shutil.copy(EXAMPLES / "people.csv", sheet)
    app = new_database(sqlite_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.click("#then-import")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#path", Input).focus()
        await type_text(pilot, "~/register.csv")  # as a person writes a file in their home folder
        await pilot.press("ctrl+t")  # check: every row read, nothing written
        await pilot.pause()
        report = str(app.screen.query_one("#report", Static).render())
        assert "would create" in report and "nothing was written" in report
        assert people(app.ws) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        said = [n for n in app.notified if "imported" in n]
    imported = people(app.ws)
    assert imported and said == [f"imported {len(imported)} people from register.csv in one change"]
    assert events(app.ws, "priya", action="import")[1] == 1


async def test_a_refused_sheet_shows_every_refused_row_and_imports_nothing(sqlite_url, home):
    sheet = home / "register.csv"
    sheet.write_text("Name,Kind\nAnn Jones,member\nBob,astronaut\n,officer\n")
    app = new_database(sqlite_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.click("#then-import")
        await settle(pilot)
        app.screen.query_one("#path", Input).focus()
        await type_text(pilot, "~/register.csv")  # as a person writes a file in their home folder
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        report = str(app.screen.query_one("#report", Static).render())
        assert "line 3" in report and "line 4" in report and "nothing was written" in report
    assert people(app.ws) == []


async def test_no_such_file_is_one_line_beside_the_path(sqlite_url):
    app = new_database(sqlite_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#then-import")
        await settle(pilot)
        app.screen.query_one("#path", Input).focus()
        await type_text(pilot, "~/nope.csv")
        await pilot.press("enter")  # enter in the path checks the file
        await pilot.pause()
        said = str(app.screen.query_one("#path-error", Static).render())
        assert said.startswith("no file") and "\n" not in said
