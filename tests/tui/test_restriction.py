"""A complaint about an Officer is an HR matter: restricted unless the person logging it says
otherwise; the New complaint form says who will be able to see the case, in words that match
who can."""

import json

import pytest
from cli_runner import run_cli
from driving import pick_in_select, settle, type_text
from textual.widgets import Checkbox, Static

from casework.access.rules import who_may_see
from casework.cases.listing import list_cases
from casework.cases.opening import open_case
from casework.cases.views import show_case
from tui.app import CaseworkApp
from tui.screens.new_complaint import NewComplaintScreen


def test_an_officer_complaint_is_restricted_unless_said_otherwise(council):
    officer = open_case(council, "mo", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt", "2026-11-02")
    member = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    opened = open_case(council, "mo", "Olive Manager", "Cllr Tom Price", "21.9.1", "Late", "2026-11-02",
                       confidential=False)
    closed = open_case(council, "mo", "Cllr Tom Price", "Olive Manager", "21.9.1", "Loud", "2026-11-02",
                       confidential=True)
    assert [show_case(council, r, "mo")["confidential"] for r in (officer, member, opened, closed)] == \
        [True, False, False, True]


@pytest.mark.parametrize("route,about,by,seen_by", [
    ("officer", "Bob Smith", "Cllr Ann Jones", {"mo", "dep", "hr"}),
    ("member", "Cllr Ann Jones", "Bob Smith", {"mo", "dep"}),
])
def test_the_words_name_exactly_who_can_see_a_restricted_case(council, route, about, by, seen_by):
    ref = open_case(council, "mo", about, by, "21.9.1", "x", "2026-11-02", confidential=True)
    can = {login for login in ("mo", "dep", "hr", "clerk", "inv", "ip", "view")
           if ref in {c["ref"] for c in list_cases(council, login)}}
    assert can == seen_by
    words = who_may_see(route, True)
    assert ("HR" in words) == ("hr" in seen_by)
    assert "Monitoring Officer and deputies" in words and "viewer" not in words.lower()
    assert "every casework user" in who_may_see(route, False)


def test_the_command_line_default_and_its_override(tmp_path):
    db = str(tmp_path / "c.db")
    assert run_cli(db, "init").code == 0
    for kind, name in [("member", "Cllr Ann Jones"), ("officer", "Bob Smith")]:
        assert run_cli(db, "people", "add", "--kind", kind, "--name", name).code == 0
    new = ("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1", "--summary", "Curt")
    restricted = run_cli(db, *new).out.strip()
    opened = run_cli(db, *new, "--not-confidential").out.strip()
    assert json.loads(run_cli(db, "show", restricted, "--json").out)["confidential"] is True
    assert json.loads(run_cli(db, "show", opened, "--json").out)["confidential"] is False


async def test_the_form_ticks_restricted_for_an_officer_complaint_and_says_who_sees(council):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(120, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewComplaintScreen)
        who = form.query_one("#who-sees", Static)
        box = form.query_one("#confidential", Checkbox)
        await pick_in_select(pilot, "Bob")  # the subject: an Officer
        await pilot.press("tab")
        await pick_in_select(pilot, "Cllr Ann")  # the complainant: a Member
        await pilot.pause()
        assert box.value is True
        assert str(who.render()) == "Who can see it: " + who_may_see("officer", True)
        box.focus()
        await pilot.press("space")  # the handler decides this one is open
        await pilot.pause()
        assert box.value is False
        assert str(who.render()) == "Who can see it: " + who_may_see("officer", False)
        await pilot.press("tab", "tab")  # to the clause
        form.query_one("#clause").focus()
        await pick_in_select(pilot, "21.9.1")
        form.query_one("#summary").focus()
        await type_text(pilot, "Curt at a ward surgery")
        await pilot.press("ctrl+s")
        await settle(pilot)
    (case,) = [c for c in list_cases(council, "mo") if c["subject"] == "Bob Smith"]
    assert show_case(council, case["ref"], "mo")["confidential"] is False
