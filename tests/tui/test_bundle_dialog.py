"""Hearing bundles exported from the case screen by keys alone, and read back with pypdf."""

import re
from pathlib import Path

import evidence as ev
import pytest
from driving import pick_in_select, settle, type_text
from pypdf import PdfReader
from textual.widgets import Input, Static

from casework.cases.opening import open_case
from casework.cases.papers import attach
from tui.app import CaseworkApp
from tui.screens.bundle import BundleForm
from tui.screens.case import CaseScreen


@pytest.fixture
def case(council, tmp_path):
    """A complaint about a Member with two papers: 3 and 2 pages, each page naming itself."""
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at an officer in the car park", "2026-09-01")
    attach(council, ref, str(ev.pdf(tmp_path / "complaint.pdf", 3)), "mo", "complaint")
    attach(council, ref, str(ev.pdf(tmp_path / "minutes.pdf", 2)), "mo", "evidence")
    return ref


async def open_case_screen(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseScreen)


async def open_bundle_dialog(pilot) -> BundleForm:
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BundleForm)
    return pilot.app.screen


async def write_path(pilot, path) -> str:
    """Replaces the output path as a person would: focus it, clear it, type; under the home
    folder from "~", as a person writes it (and a key costs the test a frame). What was typed."""
    path = Path(path)
    typed = f"~/{path.relative_to(Path.home())}" if path.is_relative_to(Path.home()) else str(path)
    pilot.app.screen.query_one("#out", Input).focus()
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, typed)
    return typed


async def export(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)  # waits for the progress dialog's thread, then its dismissal
    await settle(pilot)


def texts(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def notices(app) -> list[str]:
    return app.__dict__.get("notified", [])


async def test_clerk_exports_a_bundle(council, case, home):
    out = home / "out" / "hearing.pdf"
    out.parent.mkdir()
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_case_screen(pilot)
        dialog = await open_bundle_dialog(pilot)
        assert dialog.query_one("#out", Input).value == f"~/Documents/{case}-bundle.pdf"
        await write_path(pilot, out)
        await pilot.press("tab", "tab")  # past the public tick, to the hearing date
        await type_text(pilot, "2026-12-10")
        await export(pilot)
        assert isinstance(app.screen, CaseScreen), "the dialog closes when the bundle is written"
        pages = len(PdfReader(out).pages)
        assert f"{case}: {out} written, {pages} pages" in notices(app)
    body = texts(out)
    assert pages == 5 + 3  # five pages of evidence, cover and index, manifest
    for label, n in [("complaint", 3), ("minutes", 2)]:
        for page in range(1, n + 1):
            assert f"{label} page {page}" in body
    assert f"Page {pages} of {pages}" in body
    assert list(out.parent.iterdir()) == [out], "nothing but the bundle is left behind"


async def test_public_bundle_leaves_out_a_paper_attached_as_exempt(council, case, home, monkeypatch):
    secret = ev.pdf(home / "medical.pdf", 2)
    out = home / "public.pdf"
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_case_screen(pilot)
        # Attach through the dialog: path, then past section, description, date and the
        # confidential tick to the Schedule 12A paragraph.
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "~/medical.pdf")
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        await pick_in_select(pilot, "1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert [d["exemption"] for d in _documents(council, case)] == [None, None, "1"]

        dialog = await open_bundle_dialog(pilot)
        await pilot.press("tab", "space")  # tick "public": the suggested name follows
        await pilot.pause()
        assert dialog.query_one("#out", Input).value == f"~/Documents/{case}-public-bundle.pdf"
        await write_path(pilot, out)
        await export(pilot)
        assert isinstance(app.screen, CaseScreen)
    body = texts(out)
    assert "medical page" not in body
    assert "complaint page 3" in body and "minutes page 2" in body
    assert re.search(r"Withheld: exempt information\s+under\s+paragraph\s+1", body)


def _documents(ws, ref):
    from sqlalchemy import select
    from sqlmodel import Session

    from db.models import Document

    with Session(ws.engine) as s:
        return [{"exemption": d.exemption, "confidential": d.confidential}
                for d in s.exec(select(Document).order_by(Document.id)).scalars()]


async def test_the_public_tick_leaves_a_path_the_user_wrote_alone(council, case):
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case_screen(pilot)
        dialog = await open_bundle_dialog(pilot)
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "-mine.pdf")
        await pilot.press("tab", "space")
        await pilot.pause()
        assert dialog.query_one("#out", Input).value == f"~/Documents/{case}-bundle-mine.pdf"


@pytest.mark.parametrize("login,offered", [("view", False), ("hr", False), ("inv", False),
                                           ("clerk", True), ("dep", True)])
async def test_only_who_may_bundle_is_offered_it(council, case, login, offered):
    """HR binds Officer complaints only; this one is about a Member."""
    app = CaseworkApp(council, login, offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_case_screen(pilot)
        screen = app.screen
        assert screen.check_action("bundle", ()) is offered
        shown = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert ("bundle" in shown) is offered
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BundleForm) is offered


async def test_a_refusal_is_shown_beside_its_field_and_what_was_typed_stays(council, case, home):
    out = home / "kept.pdf"
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case_screen(pilot)
        dialog = await open_bundle_dialog(pilot)
        typed = await write_path(pilot, out)
        await pilot.press("tab", "tab")
        await type_text(pilot, "soon")
        await export(pilot)
        assert app.screen is dialog, "the dialog stays open on a refusal"
        error = str(dialog.query_one("#hearing-error", Static).render())
        assert "'soon' is not a date" in error
        assert str(dialog.query_one("#out-error", Static).render()) == ""
        assert dialog.query_one("#out", Input).value == typed == "~/kept.pdf"
        assert dialog.query_one("#hearing", Input).value == "soon"
        assert dialog.focused.id == "hearing"
        assert not out.exists()

        # A folder that does not exist is about the path; fixing both then works.
        await write_path(pilot, home / "nowhere" / "b.pdf")
        await export(pilot)
        assert "does not exist" in str(dialog.query_one("#out-error", Static).render())
        assert str(dialog.query_one("#hearing-error", Static).render()) == ""
        await write_path(pilot, out)
        await pilot.press("tab", "tab", "ctrl+u")
        await export(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert len(PdfReader(out).pages) == 8


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder that refuses new files")
async def test_a_folder_that_refuses_the_file_is_said_under_the_path(council, case):
    app = CaseworkApp(council, "clerk", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case_screen(pilot)
        dialog = await open_bundle_dialog(pilot)
        await write_path(pilot, "/proc/bundle.pdf")
        await export(pilot)
        assert app.screen is dialog, "an operating-system refusal does not end the application"
        assert "cannot write /proc/bundle.pdf" in str(dialog.query_one("#out-error", Static).render())
        assert dialog.query_one("#out", Input).value == "/proc/bundle.pdf"
