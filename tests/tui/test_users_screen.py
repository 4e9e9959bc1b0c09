"""Users managed from the application: the Monitoring Officer adds, renames, changes the role
of, deactivates and reactivates users on the Users screen, with the same refusals as the
command line, each an audit event naming who did it; other roles never see the screen."""

from driving import pick_in_select, settle, type_text
from textual.widgets import DataTable, OptionList

from casework.audit.log import events
from casework.people.users import list_users
from tui.app import CaseworkApp
from tui.screens.triage import TriageScreen
from tui.screens.users import AddUserForm, UsersScreen


def standing(ws) -> dict:
    return {u["login"]: (u["name"], u["role"], u["active"]) for u in list_users(ws, "mo", True)}


async def to_user(pilot, login: str) -> None:
    screen = pilot.app.screen
    logins = [u["login"] for u in screen.rows]
    table = screen.query_one("#users", DataTable)
    table.focus()
    await pilot.press("ctrl+home", *["j"] * logins.index(login))
    assert screen.highlighted() == login


async def test_the_monitoring_officer_adds_renames_reroles_and_deactivates(council):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert app.screen.query_one("#users", DataTable).row_count == 7
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddUserForm)
        await type_text(pilot, "hr2")
        await pilot.press("tab")
        await type_text(pilot, "Sam Khan")
        await pilot.press("tab")
        await pick_in_select(pilot, "HR")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert standing(council)["hr2"] == ("Sam Khan", "hr", True)

        await to_user(pilot, "hr2")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Samira Khan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        await type_text(pilot, "clerk")  # the picker narrows as one types
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert standing(council)["hr2"] == ("Samira Khan", "clerk", True)

        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert standing(council)["hr2"][2] is False
        assert "hr2" not in [u["login"] for u in app.screen.rows]
        await pilot.press("i")  # the deactivated shown again, and brought back
        await settle(pilot)
        await to_user(pilot, "hr2")
        await pilot.press("d")
        await settle(pilot)
        assert standing(council)["hr2"][2] is True

    trail = events(council, "mo")[0]
    done = [(e["actor"], e["action"]) for e in reversed(trail) if e["data"].get("login") == "hr2"]
    assert done == [("mo", "user-add"), ("mo", "user-rename"), ("mo", "user-role"),
                    ("mo", "user-deactivate"), ("mo", "user-activate")]


async def test_refusals_are_said_and_change_nothing(council):
    before = standing(council)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        await to_user(pilot, "mo")
        await pilot.press("d")  # oneself
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "hr")  # a login that exists
        await pilot.press("tab")
        await type_text(pilot, "Someone")
        await pilot.press("tab")
        await pick_in_select(pilot, "viewer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AddUserForm)
        assert "already exists" in str(app.screen.query_one("#form-error").render())
    assert any("cannot deactivate your own login" in n for n in app.notified)
    assert standing(council) == before


async def test_other_roles_have_no_users_screen(council):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("U", "I")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
