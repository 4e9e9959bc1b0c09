"""Subject access requests from the application: the Monitoring Officer finds the screen in the
command palette, records a request, makes its pack and records the answer, through the same
services and refusals as `casework sar`; other roles are not offered it."""

import os
import stat

from driving import pick_in_select, settle, type_text
from textual.widgets import DataTable

from casework.cases.opening import open_case
from casework.sar.requests import list_requests
from tui.app import CaseworkApp
from tui.screens.subject_access import OpenForm, PackForm, SubjectAccessScreen


def offered(app) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def test_a_request_recorded_packed_and_answered_from_the_application(council, home):
    open_case(council, "dep", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt with Cllr Ann Jones",
              "2026-10-01")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Subject access requests" in offered(app)
        app._subject_access()
        await settle(pilot)
        assert isinstance(app.screen, SubjectAccessScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, OpenForm)
        await pick_in_select(pilot, "Cllr Ann")
        await pilot.press("tab")
        await type_text(pilot, "31/12/2026")  # in the future: said beside the field, kept open
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpenForm) and list_requests(council, "mo") == []
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "02/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SubjectAccessScreen)
        assert app.screen.query_one("#requests", DataTable).row_count == 1
        assert list_requests(council, "mo")[0]["due"] == "2026-12-02"

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PackForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        pack = home / "Documents" / "sar-1"
        assert stat.S_IMODE(os.stat(pack / "sar-1-response.pdf").st_mode) == 0o600
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert list_requests(council, "mo")[0]["status"] == "answered"


async def test_other_roles_are_not_offered_the_screen(council):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Subject access requests" not in offered(app)
