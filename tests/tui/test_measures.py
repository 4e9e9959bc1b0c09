"""Measures from the case screen (`m`): HR suspends an employee on full pay with a review date,
the case's head shows it (a late review in red), and HR lifts it; a refusal keeps the dialog open
with what was typed."""

from datetime import timedelta

from driving import settle, type_text

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.views import show_case
from tui.app import CaseworkApp


def _head(app) -> str:
    return str(app.screen.query_one("#case-head").render())


async def _measure(app, pilot, what: str, text: str, review: str = "") -> str:
    await pilot.press("m")
    await settle(pilot)
    app.screen.query_one("#what").value = what
    app.screen.query_one("#text").focus()
    await type_text(pilot, text)
    if review:
        app.screen.query_one("#review").focus()
        await type_text(pilot, review)
    await pilot.press("ctrl+s")
    await settle(pilot)
    error = app.screen.query("#form-error")
    return str(error.first().render()) if error else ""


async def test_hr_suspends_on_full_pay_and_lifts_it_from_the_case_screen(council):
    ref = open_case(council, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Threat", "2026-11-02")
    advance(council, ref, "refer_serious", "hr", note="Gross misconduct alleged", on="2026-11-02")
    review = (council.today() + timedelta(days=10)).strftime("%d/%m/%Y")
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        said = await _measure(app, pilot, "start:suspension", "To protect the investigation")
        assert "a measure is kept under review" in said
        assert app.screen.query_one("#text").text == "To protect the investigation"  # kept
        app.screen.query_one("#review").focus()
        await type_text(pilot, review)
        await pilot.press("ctrl+s")
        await settle(pilot)
        head = _head(app)
        assert "#1 Suspended on full pay (a neutral act, not a disciplinary sanction) since" in head
        assert "review by " + (council.today() + timedelta(days=10)).isoformat() in head
        assert await _measure(app, pilot, "end:1", "No case to answer") == ""
        assert "Suspended on full pay" not in _head(app)
    [m] = show_case(council, ref, "hr")["measures"]
    assert m["ended"] == council.today().isoformat()


async def test_the_measures_key_is_only_for_those_who_may(council):
    # A complaint about a Member, which the clerk reads but may not protect its complainant on.
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Shouted", "2026-11-02")
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.case["ref"] == ref
        assert not app.screen.case["can"]["measure"]
        await pilot.press("m")
        await settle(pilot)
        assert not app.screen.query("#what")
