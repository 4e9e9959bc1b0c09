"""The keystroke's floor in Textual itself: a bare app with the same Input and the same table
widget (tui.widgets.queue_table, the queue's own), typing the same keys the same way as
bench.tui_queue types into the real triage screen, each to the refresh that draws its page,
with the same rows: the pages the real screen drew for each key in the first typing session,
kept in a file (bench.tui_queue.child_typing) and shown here from memory, no database.

So the ratio of the real keystroke to this one is what casework adds to typing in Textual:
the query (in a worker thread), the rows shaped for the screen, the status line.

Only Textual, Rich and the table widget are imported, as in bench.tui_queue's bare start-up app.
"""

import asyncio
import json
import sys
import time
from pathlib import Path


def lines_of(table) -> list:
    """A QueueTable's page as JSON: per line, per cell [text, style, right]."""
    return [[[c.text, c.style, c.right] for c in line] for line in table.lines]


def child_typing(pages_file: str) -> dict:
    """Each figure's keys typed CADENCE apart, as bench.tui_queue.child_typing types them."""
    from textual.app import App
    from textual.widgets import Footer, Header, Input, Static

    from bench import frames
    from bench.tui_queue import CADENCE, SIZE
    from tui.widgets.queue_table import Cell, QueueTable

    frames.watch()

    kept = json.loads(Path(pages_file).read_text())

    def page(lines: list) -> list:
        return [[Cell(*cell) for cell in line] for line in lines]

    first = page(kept["first"])
    typed = {name: [page(p) for p in pages] for name, pages in kept["pages"].items()}

    class Bare(App):
        rows, figure = None, None

        @property
        def painted_at(self) -> float | None:
            """As the triage screen's: when the table's latest page was drawn into a frame."""
            return self.query_one(QueueTable).drawn_at

        def compose(self):
            yield Header()
            yield Input(id="filter")
            yield QueueTable(id="queue")
            yield Static("status")
            yield Footer()

        def on_mount(self):
            self.query_one(QueueTable).set_columns([tuple(c) for c in kept["columns"]])
            self._show(first)

        def on_input_changed(self, event: Input.Changed) -> None:
            n = len(event.value)
            self._show(typed[self.figure][n - 1] if n and self.figure else first)

        def _show(self, rows: list) -> None:
            self.rows = rows
            self.query_one(QueueTable).set_rows(rows)

    async def until_new_page(app, change) -> float:
        before, t = app.rows, time.perf_counter()
        change()
        return await frames.new_page_shown(app, t, lambda: app.rows is not before, lambda: app.painted_at)

    async def run() -> dict:
        app = Bare()
        async with app.run_test(size=SIZE):
            while app.painted_at is None:
                await asyncio.sleep(0.001)
            box = app.query_one(Input)
            box.focus()
            out = {}
            for name, keys in kept["keys"].items():
                if box.value:
                    app.figure = None
                    await until_new_page(app, lambda: setattr(box, "value", ""))
                app.figure = name
                await asyncio.sleep(CADENCE)
                times = []
                for key in keys:
                    times.append(await until_new_page(app, lambda k=key: box.insert_text_at_cursor(k)))
                    await asyncio.sleep(max(0.0, CADENCE - times[-1]))
                out[name] = times
        return out

    return asyncio.run(run())


if __name__ == "__main__":
    from bench.common import run_child

    run_child({"typing": child_typing}, sys.argv[2:])
