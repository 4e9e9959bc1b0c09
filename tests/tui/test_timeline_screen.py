"""The timeline screen shows each stage's days and deadline on the stage's own row, from the
timeline's one record, for every case of the demo, at 160 and at 80 columns."""

import pytest
from driving import settle
from sqlalchemy import select
from sqlmodel import Session
from textual.widgets import DataTable, Static

from casework.cases.timeline import timeline, until, verdict
from db.models import Case
from tui.app import CaseworkApp
from tui.screens.timeline import TimelineScreen


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_the_stage_table_agrees_with_the_timeline_on_every_case(demo_council, size):
    with Session(demo_council.engine) as s:
        refs = list(s.execute(select(Case.ref).order_by(Case.ref)).scalars())
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for ref in refs:
            tl = timeline(demo_council, ref, "mo")
            screen = TimelineScreen(ref)
            app.push_screen(screen)
            await settle(pilot)
            table = screen.query_one("#stages", DataTable)
            shown = [[str(cell).strip() for cell in table.get_row_at(i)] for i in range(table.row_count)]
            wide = size[0] >= 120
            assert shown == [[st["title"] if wide else st["short"], st["entered"], until(st),
                              "" if st["working_days"] is None else str(st["working_days"]),
                              f"{st['due']} {verdict(st)}".strip() if st["due"] else ""]
                             for st in tl["stages"]], ref
            events = screen.query_one("#timeline", DataTable)
            assert [c.label.plain for c in events.columns.values()] == ["Day", "Who", "What", "Moved to"]
            assert [str(events.get_row_at(i)[3]) for i in range(events.row_count)] == \
                [r["to_short"] or "" for r in tl["rows"]]
            await pilot.press("escape")
            await settle(pilot)


async def test_enter_reads_a_row_cut_at_80_columns_whole(demo_council):
    with Session(demo_council.engine) as s:
        ref = s.execute(select(Case.ref).where(Case.state == "closed").order_by(Case.ref)).scalars().first()
    tl = timeline(demo_council, ref, "mo")
    row = max(range(len(tl["rows"])), key=lambda i: len(tl["rows"][i]["what"]))
    moved = next(i for i, r in enumerate(tl["rows"]) if r["days_in_stage"] is not None and r["due"])
    app = CaseworkApp(demo_council, "mo", offer_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(TimelineScreen(ref))
        await settle(pilot)
        events = app.screen.query_one("#timeline", DataTable)
        assert str(events.get_row_at(row)[2]).endswith("…")  # cut to fit
        for at in (row, moved):
            events.move_cursor(row=at)
            await pilot.press("enter")
            await settle(pilot)
            shown = " ".join(app.screen.query_one("#reader-text", Static).render().plain.split())
            r = tl["rows"][at]
            assert " ".join(r["what"].split()) in shown and f"Day {r['on']}" in shown
            assert "Recorded 20" in shown and ("GMT" in shown or "BST" in shown)
            if at == moved:
                assert f"In the stage {r['days_in_stage']} working days; due {r['due']}" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, TimelineScreen)
