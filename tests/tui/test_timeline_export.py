"""HR exports a case's timeline from its screen: text, CSV and PDF, each audited."""

import pytest
from driving import settle
from pypdf import PdfReader

from casework.audit.log import events
from casework.cases.advance import advance
from casework.cases.opening import open_case
from tui.app import CaseworkApp
from tui.screens.timeline import TimelineScreen


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
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = tmp_path / f"{ref}-timeline.{suffix}"
        assert out.exists() and check(out)
        assert any(f"timeline written to {out}" in n.message for n in app._notifications)
    rows, _ = events(council, "mo", case=ref, action="export")
    assert rows and rows[0]["data"]["what"] == f"timeline ({'text' if suffix == 'txt' else suffix})"


async def test_an_unwritable_folder_is_one_line_on_screen(council, ref, tmp_path):
    app = CaseworkApp(council, "hr", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref, export_dir=tmp_path / "gone"))
        await settle(pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "does not exist" in errors[0] and "\n" not in errors[0]
        assert isinstance(app.screen, TimelineScreen)
