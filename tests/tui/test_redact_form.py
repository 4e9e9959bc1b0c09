"""Redaction from the case screen (`r` on the Documents tab): the Monitoring Officer names a
witness and a ground, the copy is filed beside the original through the same service as the
command line, and a refusal keeps the dialog open with what was typed."""

import evidence as ev
from driving import settle, type_text

from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.cases.views import show_case
from tui.app import CaseworkApp
from tui.screens.redact import RedactForm


async def _to_documents(app, pilot):
    await settle(pilot)
    await pilot.press("enter")  # the case, from the queue
    await settle(pilot)
    app.screen.query_one("#papers").active = "tab-docs"
    app.screen.query_one("#docs").focus()
    await settle(pilot)


async def test_r_on_a_document_files_its_redacted_copy(council, tmp_path):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Shouted", "2026-11-02")
    paper = ev.statement(tmp_path / "statement.pdf", [["Priya Shah saw it."]])
    attach(council, ref, str(paper), "mo", "witness-statements", exemption="1")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _to_documents(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RedactForm)
        app.screen.query_one("#terms").focus()
        await type_text(pilot, "Nobody Here")
        app.screen.query_one("#reason").value = "third-party"
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = str(app.screen.query_one("#form-error").render())
        assert "is not in the text of document 1" in said
        assert app.screen.query_one("#terms").text == "Nobody Here"  # kept
        app.screen.query_one("#terms").text = "Priya Shah"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RedactForm)
        rows = app.screen.query_one("#docs").row_count
        assert rows == 2
    docs = show_case(council, ref, "mo")["documents"]
    assert [(d["id"], d["redacts"], d["redaction"]) for d in docs] == [(1, None, None), (2, 1, "third-party")]


async def test_the_redact_key_is_only_for_those_who_may(council, tmp_path):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.1", "Shouted", "2026-11-02")
    attach(council, ref, str(ev.statement(tmp_path / "s.pdf", [["Priya Shah."]])), "mo")
    app = CaseworkApp(council, "hr", offer_demo=False)  # HR redacts on the officer route only
    async with app.run_test(size=(160, 48)) as pilot:
        await _to_documents(app, pilot)
        assert not app.screen.case["can"]["redact"]
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, RedactForm)
