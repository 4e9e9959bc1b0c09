"""The case file read on screen: a note whole with what it amends and what amends it; a
document's text, a PDF page by page, an image described; a confidential paper's opening
audited as a read; `o` hands a private copy to the system's viewer."""

import os
import shutil
import stat

import evidence as ev
import pytest
from driving import settle
from textual.widgets import Static

from casework.audit.log import events
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.papers import NoteScreen, PaperScreen

LONG = ("The complainant says the Member raised his voice in the corridor after committee. "
        * 12) + "Ends here with [bold]brackets[/bold] kept as typed."


@pytest.fixture
def case_file(council, tmp_path):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    first = annotate(council, ref, LONG, "mo", on="2026-11-04")  # written up later
    annotate(council, ref, "Correction: it was the lobby, not the corridor.", "mo", amends=first)
    docs = {
        "pdf": attach(council, ref, str(ev.pdf(tmp_path / "statement.pdf", 2, label="Statement")), "mo",
                      "witness-statements", confidential=True, on="2026-11-05", filed="2026-11-06"),
        "png": attach(council, ref, str(ev.png(tmp_path / "photo.png")), "mo", "evidence"),
        "txt": attach(council, ref, str(ev.text(tmp_path / "letter.txt", "Dear Monitoring Officer,\nI complain.")),
                      "mo", "complaint"),
    }
    return ref, first, docs


async def _open_case(pilot, ref):
    pilot.app.push_screen(CaseScreen(ref))
    await settle(pilot)


async def _tab(pilot, steps_right: int, row: int):
    """From the events list: to the tabs, along them, into the table, down to the row, Enter."""
    await pilot.press("tab", *["right"] * steps_right, "tab", *["down"] * row, "enter")
    await settle(pilot)


async def test_enter_on_a_note_reads_it_whole_with_its_amendment(council, case_file):
    ref, first, _ = case_file
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        await _tab(pilot, 1, 0)
        assert isinstance(app.screen, NoteScreen)
        shown = app.screen.query_one("#note-text", Static).render().plain
        assert " ".join(LONG.split()) in " ".join(shown.split())  # whole, however it wraps
        assert "[bold]brackets[/bold]" in shown  # text as typed, never markup
        # Dated by its own day; when it was written down is the trail's time.
        assert "by mo, of 2026-11-04, recorded 20" in shown
        assert "Amended by Note #" in shown and "it was the lobby" in shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")  # focus stays on the notes: the correction
        await settle(pilot)
        shown = app.screen.query_one("#note-text", Static).render().plain
        assert f"It amends Note #{first}" in shown


async def test_a_pdf_reads_page_by_page_and_its_opening_is_audited(council, case_file):
    ref, _, docs = case_file
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        before = len(events(council, "mo", case=ref, action="read")[0])
        await _tab(pilot, 2, 0)
        assert isinstance(app.screen, PaperScreen) and app.screen.paper.id == docs["pdf"]
        text = app.screen.query_one("#paper-text", Static).render().plain
        assert "── page 1 of 2 ──" in text and "── page 2 of 2 ──" in text
        assert text.index("Statement page 1") < text.index("── page 2 of 2 ──") < text.index("Statement page 2")
        head = app.screen.query_one("#paper-head", Static).render().plain
        assert "CONFIDENTIAL" in head and "Witness statements" in head and "2 pages" in head
        # Filed late: the day it reached the case, and when it was written into casework.
        assert "Dated 2026-11-05 · filed 2026-11-06 by mo (recorded 20" in head
    reads, _ = events(council, "mo", case=ref, action="read")
    assert len(reads) == before + 1 and reads[0]["data"]["documents"] == [docs["pdf"]]


async def test_an_image_is_described_and_a_text_shown(council, case_file):
    ref, _, docs = case_file
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        await _tab(pilot, 2, 1)
        head = app.screen.query_one("#paper-head", Static).render().plain
        assert app.screen.paper.id == docs["png"] and "PNG image, 1200 x 800 pixels" in head
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.paper.id == docs["txt"]
        assert "Dear Monitoring Officer,\nI complain." in app.screen.query_one("#paper-text", Static).render().plain


async def test_o_hands_a_private_copy_to_the_systems_viewer(council, case_file, tmp_path, monkeypatch):
    ref, _, docs = case_file
    bin_dir, opened = tmp_path / "bin", tmp_path / "opened.txt"
    bin_dir.mkdir()
    viewer = bin_dir / "xdg-open"
    viewer.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > {opened}\n")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        await _tab(pilot, 2, 0)
        await pilot.press("o")
        await settle(pilot)
        for _ in range(50):
            if opened.exists():
                break
            await pilot.pause(0.05)
    copy = opened.read_text()
    assert copy.endswith("/statement.pdf")
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(copy)).st_mode) == 0o700
    with open(copy, "rb") as fh:
        assert fh.read().startswith(b"%PDF-")
    exports, _ = events(council, "mo", case=ref, action="export")
    assert exports[0]["data"]["what"] == f"document {docs['pdf']} (to the system's viewer)"
    shutil.rmtree(os.path.dirname(copy))


async def test_without_a_display_o_says_how_to_take_a_copy(council, case_file, monkeypatch):
    ref, _, docs = case_file
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        await _tab(pilot, 2, 0)
        await pilot.press("o")
        await settle(pilot)
        assert any(f"casework document {ref} {docs['pdf']} --out FILE" in message
                   for message in app.notified)
    assert events(council, "mo", case=ref, action="export")[0] == []


async def test_the_documents_tab_names_sections_by_their_titles_and_marks_what_is_withheld(council, case_file, tmp_path):
    from textual.widgets import DataTable

    ref, _, docs = case_file
    exempt = attach(council, ref, str(ev.pdf(tmp_path / "medical.pdf", 1)), "mo", "evidence", exemption="1")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        table = app.screen.query_one("#docs", DataTable)
        rows = {int(str(table.get_row_at(i)[0])): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}
    # The day and the file first, the long section title last, so 80 columns still show them.
    assert rows[docs["pdf"]][1:] == ["2026-11-05", "statement.pdf [confidential]",
                                     "Witness statements and notes of interview"]
    assert rows[docs["png"]][2:] == ["photo.png", "Documentary evidence"]
    assert rows[exempt][2] == "medical.pdf [exempt, para 1]"


async def test_the_handler_picker_offers_only_who_may_handle_and_the_file_picker_starts_at_home(council, case_file, home):
    from textual.widgets import DirectoryTree

    ref, _, _ = case_file  # a complaint about a Member: the Monitoring Officer or a deputy handles it
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _open_case(pilot, ref)
        await pilot.press("h")
        await settle(pilot)
        assert {u["login"] for u in app.screen.users} == {"mo", "dep"}
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one("#tree", DirectoryTree).path == home
