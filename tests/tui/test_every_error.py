"""Issue 18, item 11: a form says every mistake at once, each beside its field, whether the form
finds it or the service does; nothing is saved until all are put right."""

import pytest
from cli_runner import run_cli
from driving import choose_event, settle, type_text
from helpers import dump
from textual.widgets import Static

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.errors import Several
from tui.app import CaseworkApp
from tui.screens.new_complaint import NewComplaintScreen


def _beside(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-error", Static).render())


def test_the_service_names_every_wrong_input_and_saves_nothing(council):
    before = dump(council)
    with pytest.raises(Several) as refused:
        open_case(council, "mo", "Nobody Known", "", "99.9", "  ", "31/02/2026")
    assert [e.field for e in refused.value.errors] == ["summary", "received", "clause", "about", "by"]
    said = [e.beside for e in refused.value.errors]
    assert said[0] == "the summary is empty: say what the complaint is about"
    assert said[1].startswith("'31/02/2026' is not a date")
    assert said[2].startswith("'99.9' is not a clause of the protocol")
    assert said[3].startswith("no one called 'Nobody Known' in the register")
    assert said[4] == "name who made the complaint, as the register has them"
    assert dump(council) == before


def test_the_command_line_says_them_all_on_one_line(council, sqlite_url):
    r = run_cli(sqlite_url, "new", "--about", "Nobody Known", "--by", "Bob Smith", "--clause", "99.9",
                "--summary", "Rude", user="mo")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "--clause: '99.9' is not a clause" in r.err and "--about: no one called 'Nobody Known'" in r.err


async def test_an_empty_complaint_form_says_every_missing_field_at_once(council):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewComplaintScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewComplaintScreen)  # stays open, nothing saved
        assert "name who the complaint is about" in _beside(app, "about")
        assert "name who made the complaint" in _beside(app, "by")
        assert "name the clause of the protocol" in _beside(app, "clause")
        assert "the summary is empty" in _beside(app, "summary")
        assert _beside(app, "received") == "" and _beside(app, "form") == ""
        assert "--" not in _beside(app, "about")  # the screen's words, not the command line's
        assert app.focused.id == "about"
    assert dump(council)["case_file"] == []


def test_the_command_line_names_a_missing_reason_and_review_together(council, sqlite_url):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    advance(council, ref, "refer_to_monitoring_officer", "mo", on="2026-11-03")
    r = run_cli(sqlite_url, "advance", ref, "pause", user="mo")
    assert r.code == 2 and "a pause needs --reason" in r.err and "a pause needs a review date" in r.err
    r = run_cli(sqlite_url, "advance", ref, "pause", "--reason", "election", "--review", "2026-11-02",
                "--on", "2026-12-25", user="mo")
    assert r.code == 2 and "--on 2026-12-25 is in the future" in r.err
    assert "--review 2026-11-02 must be after" not in r.err  # no day to compare it with


async def test_a_pause_without_reason_or_review_says_both_beside_them(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Rude", "2026-11-02")
    advance(council, ref, "refer_to_monitoring_officer", "mo", on="2026-11-03")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await choose_event(pilot, "pause")
        await type_text(pilot, "Standing for election")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "choose why, from the list" in _beside(app, "reason")
        assert "a pause needs a review date" in _beside(app, "review")
        assert app.focused.id == "reason"
