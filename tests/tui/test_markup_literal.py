"""Text people typed is shown as they typed it, never read as markup: bold tags stay tags, an
action link does nothing, and a closing tag with no opening one does not stop the application
(issue "Hostile files, hostile text", item 6: the application's part)."""

import pytest
from driving import choose_event, settle, type_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach
from tui.app import CaseworkApp
from tui.screens.case import CaseScreen
from tui.screens.forms import AdvanceForm
from tui.screens.timeline import TimelineScreen

HOSTILE = ["[bold red]shouted[/]", "[@click=app.quit]press me[/]", "[/oops] unbalanced", "[link=http://x]x[/link]"]


def _cells(table: DataTable) -> str:
    return "\n".join(" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


@pytest.fixture
def planted(council, tmp_path):
    summary = "Summary: " + " ".join(HOSTILE)
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", summary, "2026-11-02")
    for text in HOSTILE:
        annotate(council, ref, text, "mo")
    paper = tmp_path / "[bold]letter.txt"
    paper.write_text("Dear Monitoring Officer")
    attach(council, ref, str(paper), "mo")
    return ref, summary


async def test_summary_notes_papers_and_timeline_show_markup_literally(council, planted):
    ref, summary = planted
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#summary", Static).render()) == summary
        notes = _cells(screen.query_one("#notes", DataTable))
        for text in HOSTILE:
            assert text in notes
        assert "[bold]letter.txt" in _cells(screen.query_one("#docs", DataTable))
        app.push_screen(TimelineScreen(ref))
        await settle(pilot)
        assert "complaint logged" in _cells(app.screen.query_one("#timeline", DataTable))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CaseScreen)


async def test_a_refusal_quoting_what_was_typed_shows_it_literally(council, planted):
    ref, _ = planted
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        await choose_event(pilot, "refer_to_monitoring_officer")
        assert isinstance(app.screen, AdvanceForm)
        await pilot.press("tab")
        await type_text(pilot, "[/x]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        error = " ".join(str(e.render()) for e in app.screen.query(".error"))
        assert "[/x] is not a day" in error
        app.notify("filed [@click=app.quit]x[/] [/oops]")
        await pilot.pause()
        assert app.is_running


async def _queue_shows(app, pilot, ref: str, name: str) -> None:
    """The triage queue's line for the case carries the complainant's name as typed (as far as
    its column allows): the queue draws its own lines, so nothing in them is read as markup."""
    from rich.cells import cell_len, set_cell_size

    from tui.screens.triage import TriageScreen
    from tui.widgets.queue_table import QueueTable

    for _ in range(500):  # the first page loads in the background
        if isinstance(app.screen, TriageScreen) and app.screen.rows:
            break
        await pilot.pause(0.01)
    assert [r["complainant"] for r in app.screen.rows if r["ref"] == ref] == [name]
    table = app.screen.query_one("#queue", QueueTable)
    lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]
    [line] = [line for line in lines if ref in line]
    shown = set_cell_size(name, min(10, cell_len(name))).rstrip()
    assert shown in line, (shown, line)


# Pieces of text people could type that a terminal or Textual might read as something else.
FRAGMENTS = ["[b]", "[/]", "[/b]", "[@click=app.quit]", "[link=x]", "\\[", "]", "[", "$", "*",
             "\u200f", "\u05e9\u05dc\u05d5\u05dd", "\U0001f600", "Ŵŷ", "\t", "'", '"', "&amp;"]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=6),
    min_size=1, max_size=6).map("".join).filter(lambda t: t.strip() and "\t" not in t.strip()[:1]))
async def test_any_text_a_person_types_is_shown_as_typed_on_every_screen(tmp_path_factory, text):
    """Issue 17 item 6 (hypothesis): whatever text lands in a name, a summary or a note is shown
    literally on the case, the timeline and the audit screens, and nothing stops."""
    from helpers import populated_workspace

    from casework.people import register
    from tui.screens.audit import AuditScreen

    ws = populated_workspace(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/c.db")
    name = " ".join(text.split()) or "x"
    try:
        register.add_person(ws, "mo", "officer", name, None, None)
    except Exception:  # a name the register refuses at the door (a duplicate, say)
        name = "Bob Smith"
    summary = "Summary " + text
    ref = open_case(ws, "mo", "Cllr Ann Jones", name, "21.9.3", summary, "2026-11-02")
    annotate(ws, ref, "Note " + text, "mo")
    app = CaseworkApp(ws, "mo", offer_demo=False)
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        await _queue_shows(app, pilot, ref, name)
        app.push_screen(CaseScreen(ref))
        await settle(pilot)
        assert str(app.screen.query_one("#summary", Static).render()) == summary.strip()
        assert name in str(app.screen.query_one("#case-head", Static).render())
        assert ("Note " + text).strip() in _cells(app.screen.query_one("#notes", DataTable)).replace("\n", " ") \
            or ("Note " + text).strip()[:40] in _cells(app.screen.query_one("#notes", DataTable))
        app.push_screen(TimelineScreen(ref))
        await settle(pilot)
        assert "complaint logged" in _cells(app.screen.query_one("#timeline", DataTable))
        app.push_screen(AuditScreen())
        await settle(pilot)
        assert app.is_running
