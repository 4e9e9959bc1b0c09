"""At 80x24 everything a person needs is in sight: the timeline's Days and Deadline, the attach
dialog's Confidential, Exempt and Save, the footer's `? Help`, a legend for the queue's marks;
long names are cut between words with an ellipsis, and a wider terminal shows more of them."""

import pytest
from driving import settle
from textual.widgets import DataTable, Static

from casework.cases.opening import open_case
from casework.people.register import add_person
from tui.app import CaseworkApp
from tui.screens.audit import AuditScreen
from tui.screens.case import CaseScreen
from tui.screens.timeline import TimelineScreen
from tui.text import cut
from tui.widgets.queue_table import QueueTable

LONG = "Cllr Rebecca Winstanley"  # cut at 20 columns before; whole at 160 now


@pytest.fixture
def long_case(council):
    add_person(council, "mo", "member", LONG)
    return open_case(council, "mo", LONG, "Bob Smith", "21.9.3", "Shouted at an officer", "2026-11-02")


def inside(widget, width: int, height: int) -> bool:
    r = widget.region
    return r.width > 0 and r.height > 0 and r.x >= 0 and r.y >= 0 and r.right <= width and r.bottom <= height


def test_cut_between_words_with_an_ellipsis():
    assert cut("Cllr Rebecca Winstanley", 16) == "Cllr Rebecca…"
    assert cut("MO's initial assessment", 20) == "MO's initial…"
    assert cut("note added (confidential)", 16) == "note added…"
    assert cut("Featherstonehaugh", 8) == "Feather…"  # one word: cut where it must be
    assert cut("Alison Carter", 13) == "Alison Carter"


@pytest.mark.parametrize("screen", ["queue", "case", "timeline", "audit"])
async def test_the_footer_keeps_help_at_80_columns(council, long_case, screen):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if screen != "queue":
            app.push_screen({"case": CaseScreen, "timeline": TimelineScreen,
                             "audit": AuditScreen}[screen](long_case) if screen != "audit" else AuditScreen())
            await settle(pilot)
        (help_key,) = [k for k in app.screen.query("FooterKey") if k.action == "help"]
        assert help_key.parent.id == "always" and inside(help_key, 80, 24)
        assert "? Help" in help_key.render().plain


async def test_the_attach_dialog_shows_confidential_exempt_and_save_at_80x24(council, long_case):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(long_case))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        dialog = form.query_one(".dialog")
        assert dialog.max_scroll_y == 0  # nothing below the edge to scroll to
        for wanted in ("#confidential", "#exemption", "#submit", "#path", "#section"):
            assert inside(form.query_one(wanted), 80, 24), wanted


async def test_the_queue_marks_have_a_legend_when_they_are_signs(council, long_case):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        legend = app.screen.query_one("#legend", Static)
        assert legend.display and inside(legend, 80, 24)
        assert legend.render().plain.split() == ["•", "new", "complaint", "!", "overdue"]
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert not legend.display  # the wide columns say NEW and OVERDUE in words


async def test_long_names_are_cut_between_words_and_wider_terminals_show_more(council, long_case):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#queue", QueueTable)
        line = table.render_line(1).text
        assert "Cllr Rebecca…" in line and "Winstanley" not in line
        assert sum(w + 2 for _, w in table.columns) + 2 == 80
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert sum(w + 2 for _, w in table.columns) + 2 >= 158  # the spare columns are used
        assert LONG in table.render_line(1).text


async def test_the_timeline_keeps_days_and_deadline_in_sight_at_80_columns(council, long_case):
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(long_case))
        await settle(pilot)
        for name, last in (("#stages", "Deadline"), ("#timeline", "Moved to")):
            table = app.screen.query_one(name, DataTable)
            columns = list(table.columns.values())
            assert str(columns[-1].label) == last
            assert sum(c.get_render_width(table) for c in columns) <= 80 - 2, name
        what = app.screen.query_one("#timeline", DataTable).get_row_at(0)[2].plain
        full = app.screen.tl["rows"][0]["what"]
        assert what.endswith("…") and full.startswith(what[:-1])
        assert full[len(what) - 1] in " ,;:(", (what, full)  # cut where a word ends
        assert "Days" in [str(c.label) for c in app.screen.query_one("#stages", DataTable).columns.values()]
