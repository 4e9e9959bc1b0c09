"""HR exports a case's timeline from its screen: text, CSV and PDF, each audited."""

import pytest
from driving import settle
from pypdf import PdfReader
from textual.widgets import Input, Static

from casework.audit.log import events
from casework.cases.advance import advance
from casework.cases.opening import open_case
from tui.app import CaseworkApp
from tui.screens.dialogs import Confirm
from tui.screens.timeline import ExportForm, TimelineScreen


@pytest.fixture
def ref(council):
    ref = open_case(council, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Rude in a meeting", "2026-10-01")
    advance(council, ref, "try_informal", "hr", on="2026-10-05")
    return ref


@pytest.mark.parametrize("key,suffix,check", [
    ("x", "txt", lambda p: " now: Informal resolution" in p.read_text()),
    ("v", "csv", lambda p: p.read_text().startswith("seq,at,on,actor")),
    ("p", "pdf", lambda p: "Page 1 of 1" in PdfReader(p).pages[0].extract_text()),
])
async def test_each_export_is_written_and_audited(council, ref, tmp_path, key, suffix, check):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref, export_dir=tmp_path))
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)  # where to write, proposed, asked
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = tmp_path / f"{ref}-timeline.{suffix}"
        assert out.exists() and check(out)
        assert any(f"timeline written to {out}" in message for message in app.notified)
    rows, _ = events(council, "mo", case=ref, action="export")
    assert rows and rows[0]["data"]["what"] == f"timeline ({'text' if suffix == 'txt' else suffix})"


async def test_a_folder_that_does_not_exist_is_said_beside_the_path(council, ref, tmp_path):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref, export_dir=tmp_path / "gone"))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)  # stays, with what was typed
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "does not exist" in error and "\n" not in error
    assert not (tmp_path / "gone").exists()


async def test_an_existing_file_is_replaced_only_when_the_user_says_so(council, ref, tmp_path):
    there = tmp_path / f"{ref}-timeline.txt"
    there.write_text("HR's own notes, not to be lost")
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref, export_dir=tmp_path))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")  # keep it
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert there.read_text() == "HR's own notes, not to be lost"
        assert isinstance(app.screen, ExportForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # replace it
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert " now: Informal resolution" in there.read_text()


async def test_the_proposed_folder_is_the_users_documents(council, ref, home):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.query_one("#out", Input).value == f"~/Documents/{ref}-timeline.csv"


def test_an_export_of_a_restricted_case_is_for_its_owners_eyes_only(council, ref, tmp_path):
    """A case with nothing confidential gets what any new file would; one with a confidential
    note, or restricted (as an Officer complaint is unless unticked), is written 0600."""
    import os
    import stat

    from casework.cases.papers import annotate
    from casework.exports.files import timeline_file

    assert stat.S_IMODE(timeline_file(council, ref, "hr", "text", tmp_path / "hr.txt").stat().st_mode) == 0o600
    ref = open_case(council, "hr", "Bob Smith", "Cllr Ann Jones", "21.9.1", "Curt", "2026-10-01",
                    confidential=False)
    plain = timeline_file(council, ref, "hr", "text", tmp_path / "plain.txt")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o666 & ~mask
    annotate(council, ref, "Occupational health referral", "hr", confidential=True)
    secret = timeline_file(council, ref, "hr", "csv", tmp_path / "secret.csv")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
