"""The public register and decision notices on screen: a clerk publishes the register from the
palette (a refusal beside its box, nothing written; the CSV when chosen, read back), and the
Monitoring Officer withdraws a published notice from the case's notice dialog, which the clerk
is not offered; the next register shows the notice withdrawn."""

import csv

from driving import settle, type_text
from helpers import dump
from register_cases import build
from textual.widgets import Button, Select, Static

from casework.exports.withdrawal import standing_notice
from casework.publication.register import publish_register
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.notice import NoticeScreen, WithdrawForm
from tui.screens.register import RegisterForm


def _command(app, title):
    return next(c for c in app.get_system_commands(app.screen) if c.title == title)


def _said(app, field) -> str:
    return str(app.screen.query_one(f"#{field}-error", Static).render())


async def _notice_of(pilot, ref: str) -> None:
    """The case opened and its decision notice dialog (N) in front."""
    await settle(pilot)
    pilot.app.push_screen(CaseScreen(ref))
    await settle(pilot)
    await pilot.press("N")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoticeScreen)


async def test_a_clerk_publishes_the_register_from_the_palette(council, home):
    ws = council
    refs = build(ws)
    app = CaseworkApp(ws, "clerk", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _command(app, "Publish the register of complaints").callback()
        await settle(pilot)
        assert isinstance(app.screen, RegisterForm)
        out = app.screen.query_one("#out")
        assert out.value == "~/Documents/register-of-complaints-2026-11-20.html"
        # A day after today is refused beside its box; nothing is written anywhere.
        before = dump(ws)
        app.screen.query_one("#to").focus()
        await type_text(pilot, "21/11/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RegisterForm) and dump(ws) == before
        assert "2026-11-21 is in the future" in _said(app, "to")
        assert not list((home / "Documents").iterdir())
        # Open data chosen: the proposed file follows.
        app.screen.query_one("#kind", Select).value = ".csv"
        await settle(pilot)
        assert out.value.endswith("register-of-complaints-2026-11-20.csv")
        app.screen.query_one("#to").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RegisterForm)
    with open(home / "Documents" / "register-of-complaints-2026-11-20.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    listed = {r["reference"] for r in rows}
    assert {refs["breach"], refs["no_breach"], refs["withdrawn"]} <= listed
    assert refs["officer"] not in listed  # an officer's case is a personnel matter


async def test_the_monitoring_officer_withdraws_a_notice_and_the_register_says_so(council, tmp_path):
    ws = council
    ref = build(ws)["breach"]
    app = CaseworkApp(ws, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _notice_of(pilot, ref)
        assert "Published on 12/11/2026" in str(app.screen.query_one("#notice-standing", Static).render())
        # At 80x24 the buttons stay on screen below the notice, labels and all.
        assert all(b.region.bottom <= 24 and b.region.height == 3 for b in app.screen.query(Button))
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WithdrawForm)
        before = dump(ws)
        await pilot.press("ctrl+s")  # no reason: said beside the box, nothing changed
        await settle(pilot)
        assert isinstance(app.screen, WithdrawForm) and dump(ws) == before
        assert "say why" in _said(app, "reason")
        await type_text(pilot, "Issued before the appeal period ended")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    notice = standing_notice(ws, ref, "mo")
    assert notice.withdrawn is not None and not notice.published
    page = publish_register(ws, "mo", tmp_path / "r.csv")
    with open(page.path, newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["reference"] == ref)
    assert row["notice_issued"] == "2026-11-12" and row["notice_withdrawn"] == "2026-11-20"


async def test_a_clerk_issues_notices_but_is_not_offered_their_withdrawal(council):
    ws = council
    ref = build(ws)["breach"]
    app = CaseworkApp(ws, "clerk", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _notice_of(pilot, ref)
        assert not app.screen.query("#withdraw")
        assert [b.id for b in app.screen.query(Button)] == ["issue", "cancel"]
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
    assert standing_notice(ws, ref, "clerk").published
