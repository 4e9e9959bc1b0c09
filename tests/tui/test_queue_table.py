"""The triage queue's own table: keys, mouse, scrolling and what it draws."""

from textual.app import App

from tui.widgets.queue_table import Cell, QueueTable


class One(App):
    def __init__(self, rows: int):
        super().__init__()
        self.rows, self.selected = rows, []

    def compose(self):
        yield QueueTable(id="t")

    def on_mount(self):
        table = self.query_one(QueueTable)
        table.set_columns([("Reference", 14), ("Days", 4)])
        table.set_rows([[Cell(f"MOP-2026-{i:04d}"), Cell(str(i), right=True)] for i in range(self.rows)])
        table.focus()

    def on_queue_table_row_selected(self, event: QueueTable.RowSelected):
        self.selected.append(event.row)


def _text(table: QueueTable, y: int) -> str:
    return table.render_line(y).text


async def test_keys_move_the_cursor_and_enter_selects():
    app = One(60)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(QueueTable)
        assert _text(table, 0).startswith(" Reference") and "Days" in _text(table, 0)
        assert _text(table, 1).startswith(" MOP-2026-0000") and _text(table, 1).rstrip().endswith(" 0")
        await pilot.press("down", "down", "enter")
        assert table.cursor_row == 2 and app.selected == [2]
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 59
        # The last row is scrolled into view under the heading, which stays put.
        assert _text(table, 0).startswith(" Reference")
        assert any("MOP-2026-0059" in _text(table, y) for y in range(1, 12))
        await pilot.press("home", "pagedown")
        assert 0 < table.cursor_row < 59


async def test_a_click_moves_the_cursor_and_a_second_opens():
    app = One(5)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(QueueTable)
        await pilot.click(QueueTable, offset=(3, 4))  # line 4 is the fourth row (index 3)
        assert table.cursor_row == 3 and app.selected == []
        await pilot.click(QueueTable, offset=(3, 4))
        assert app.selected == [3]
        await pilot.click(QueueTable, offset=(3, 0))  # the heading selects nothing
        assert table.cursor_row == 3 and app.selected == [3]


async def test_text_is_cut_to_its_column_and_never_read_as_markup():
    app = One(0)
    async with app.run_test(size=(40, 6)):
        table = app.query_one(QueueTable)
        table.set_rows([[Cell("[bold]MOP-2026-00001-LONG"), Cell("12345", right=True)]])
        line = _text(table, 1)
        assert line.startswith(" [bold]MOP-202…  123… ")  # cut with an ellipsis, not silently


async def test_each_page_is_stamped_when_first_drawn_and_the_frame_written_after_it(monkeypatch):
    """bench/tui_queue.py times a page to the frame that shows it: the table stamps when it
    first draws a page's lines, once a page, and bench.frames finds the frame written after."""
    from bench import frames

    monkeypatch.setattr(App, "_display", App._display)  # put back as it was after the test
    frames.watch()
    app = One(30)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(QueueTable)
        first = table.drawn_at
        assert first is not None
        await pilot.press("down")  # the cursor redrawn: the same page, the same stamp
        await pilot.pause()
        assert table.drawn_at == first
        assert frames.written_after(app, first) >= first
        before = _text(table, 1)
        table.set_rows([[Cell(f"MOP-2027-{i:04d}"), Cell("1")] for i in range(5)])
        assert table.drawn_at == first  # not drawn yet
        shown = await frames.shown(app, lambda: table.drawn_at if table.drawn_at != first else None)
        assert shown >= table.drawn_at > first and _text(table, 1) != before
        assert frames.written_after(app, shown + 60) is None  # no frame written yet after a time to come
