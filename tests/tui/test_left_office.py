"""The case screen says when the subject has left office, beside where they stand on the protocol."""

from driving import settle

from casework.cases.opening import open_case
from casework.people.protocol import left_office
from tui.app import CaseworkApp


async def test_the_header_says_the_subject_left_office(council):
    open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    left_office(council, "mo", "Cllr Ann Jones", "2026-11-10")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        head = str(app.screen.query_one("#case-head").render())
        assert "Cllr Ann Jones  left office 2026-11-10" in head
