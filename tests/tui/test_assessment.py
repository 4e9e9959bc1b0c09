"""The initial assessment from the case screen: the Monitoring Officer classifies a complaint
about a Member and decides on anonymity with `i`; no further action asks why from the reasons
the annual report counts; a complainant restricted as vexatious is flagged in the case's head."""

from datetime import date, timedelta

from driving import settle, type_text

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.views import show_case
from casework.people.restrictions import restrict
from tui.app import CaseworkApp


def _head(app) -> str:
    return str(app.screen.query_one("#case-head").render())


async def _decide(app, pilot, decision: str, note: str) -> str:
    await pilot.press("i")
    await settle(pilot)
    app.screen.query_one("#decision").value = decision
    if note:
        app.screen.query_one("#note").focus()
        await type_text(pilot, note)
    await pilot.press("ctrl+s")
    await settle(pilot)
    # Every error the form says, beside its field or below them all.
    return " ".join(str(e.render()) for e in app.screen.query(".error")).strip()


def _at_assessment(council) -> str:
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    advance(council, ref, "refer_to_monitoring_officer", "mo", on="2026-11-03")
    return ref


async def _into_case(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_monitoring_officer_classifies_and_decides_anonymity(council):
    ref = _at_assessment(council)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _into_case(pilot)
        assert "[not classified · officer's choice not recorded]" in _head(app)
        investigate = next(e for e in app.screen.case["events"] if e["name"] == "investigate")
        assert not investigate["allowed"] and "not classified" in investigate["reason"]
        # Without a note it is refused in one line and the case is as it was.
        said = await _decide(app, pilot, "classify:code", "")
        assert "a note saying why is needed" in said
        assert show_case(council, ref, "mo")["classification"] is None
        await pilot.press("escape")
        await settle(pilot)
        assert await _decide(app, pilot, "classify:code", "Bullying alleged under the code") == ""
        assert "[code of conduct · officer's choice not recorded]" in _head(app)
        assert await _decide(app, pilot, "anonymity:request", "") == ""
        assert await _decide(app, pilot, "anonymity:grant", "Fear of reprisal") == ""
        assert "[code of conduct · anonymity granted · officer's choice not recorded]" in _head(app)
        # Bob Smith, an officer, has not said which procedure he chose.
        investigate = next(e for e in app.screen.case["events"] if e["name"] == "investigate")
        assert "press i and record the decision" in investigate["reason"] and "casework " not in investigate["reason"]
        assert await _decide(app, pilot, "choice:protocol", "By email to the MO") == ""
        assert "officer chose the protocol]" in _head(app)
        # Granted anonymity spares the notice to the subject: investigation is open now.
        investigate = next(e for e in app.screen.case["events"] if e["name"] == "investigate")
        assert investigate["allowed"], investigate["reason"]
    shown = show_case(council, ref, "mo")
    assert (shown["classification"], shown["anonymity"], shown["complainant_choice"]) == (
        "code", "granted", "protocol")


async def test_no_further_action_asks_why_and_a_vexatious_complainant_is_flagged(council):
    restrict(council, "mo", "Bob Smith", date.today() + timedelta(days=90))
    ref = _at_assessment(council)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _into_case(pilot)
        assert "restricted as vexatious until" in _head(app)
        assert await _decide(app, pilot, "classify:outside", "Private business dealings") == ""
        events = app.screen.query_one("#events")
        names = [events.get_option_at_index(i).id for i in range(events.option_count)]
        events.highlighted = names.index("no_further_action")
        await pilot.press("a")
        await settle(pilot)
        reasons = app.screen.query_one("#reason")
        assert "outside-remit" in app.screen.event["reasons"]  # what the list offers
        app.screen.query_one("#note").focus()
        await type_text(pilot, "Not about conduct as a Member")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Said beside the list of reasons, in the screen's words, before the case is asked.
        assert str(app.screen.query_one("#reason-error").render()) == "choose why, from the list"
        reasons.value = "outside-remit"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert show_case(council, ref, "mo")["state"] == "no_action"
