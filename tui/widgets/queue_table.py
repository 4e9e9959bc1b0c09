"""The triage queue's table, drawn a line at a time.

Textual's DataTable renders every visible cell through Rich's full pipeline (markup, padding,
wrapping, a cache keyed per cell that a new page never hits): about 100 ms to draw a new page
of the queue at 160x48 on the machines we measure on, in a bare app as much as in ours, so
no keystroke could show its page within 50 ms. The queue needs none of that: one line per
case, fixed column widths, a few styles. Each line here is one string per style run, cut to
the column widths, which draws a page in about a tenth of the time (bench/tui_queue.py).
"""

import time
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import named
from tui.text import cut


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""  # a Rich style, e.g. "bold red"
    right: bool = False


# Names and stages cut between words with an ellipsis; the same few are cut on every redraw.
_cut = lru_cache(maxsize=4096)(cut)


@lru_cache(maxsize=64)
def _style(spec: str) -> Style:
    return Style.parse(spec) if spec else Style()


class QueueTable(ScrollView, can_focus=True):
    """Rows of cells under a fixed heading line, with a row cursor."""

    BINDINGS = named("table", [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "open_row", "Open", show=False),
    ])
    COMPONENT_CLASSES = {"queue-table--header", "queue-table--cursor", "queue-table--stripe"}
    DEFAULT_CSS = """
    QueueTable { background: $surface; overflow-x: hidden; }
    QueueTable > .queue-table--header { text-style: bold; background: $panel; color: $foreground; }
    QueueTable > .queue-table--stripe { background: $surface-lighten-1; }
    QueueTable > .queue-table--cursor { background: $block-cursor-blurred-background; }
    QueueTable:focus > .queue-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    class RowSelected(Message):
        def __init__(self, table: "QueueTable", row: int):
            super().__init__()
            self.table, self.row = table, row

        @property
        def control(self) -> "QueueTable":
            return self.table

    cursor_row: reactive[int] = reactive(0, always_update=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns: list[tuple[str, int]] = []  # heading, width
        self.lines: list[list[Cell]] = []
        # When the latest page's lines were first drawn into a frame (bench/frames.py times the
        # frame's writing from it). A callback after the refresh can run tens of milliseconds
        # later, behind others queued before it (the footer building its keys).
        self.drawn_at: float | None = None
        self._drawn = True

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def set_columns(self, columns: list[tuple[str, int]]) -> None:
        self.columns = list(columns)
        self._resize()

    def set_rows(self, lines: list[list[Cell]]) -> None:
        """A new page: the cursor goes back to its first row."""
        self.lines = lines
        self._drawn = False
        self._resize()
        self.cursor_row = 0

    def _resize(self) -> None:
        self.virtual_size = Size(sum(w + 2 for _, w in self.columns), len(self.lines) + 1)
        self.refresh()

    # Drawing
    def render_lines(self, crop):
        # The styles are worked out once for the lines drawn together, not once a line.
        base = self.rich_style
        self._paint = {
            "base": base, "header": base + self.get_component_rich_style("queue-table--header"),
            "stripe": base + self.get_component_rich_style("queue-table--stripe"),
            "cursor": base + self.get_component_rich_style("queue-table--cursor"),
        }
        strips = super().render_lines(crop)
        if not self._drawn:
            self._drawn, self.drawn_at = True, time.perf_counter()
        return strips

    def render_line(self, y: int) -> Strip:
        paint = getattr(self, "_paint", None) or {"base": self.rich_style}
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:  # the heading stays put while the rows scroll under it
            cells = [Cell(heading) for heading, _ in self.columns]
            return self._strip(cells, paint.get("header", paint["base"]), scroll_x, width)
        row = scroll_y + y - 1
        if row >= len(self.lines):
            return Strip.blank(width, paint["base"])
        if row == self.cursor_row:
            style = paint.get("cursor", paint["base"])
        elif row % 2:
            style = paint.get("stripe", paint["base"])
        else:
            style = paint["base"]
        return self._strip(self.lines[row], style, scroll_x, width)

    def _strip(self, cells: list[Cell], style: Style, scroll_x: int, width: int) -> Strip:
        segments = []
        for cell, (_, w) in zip(cells, self.columns):
            text = cell.text if len(cell.text) <= w else _cut(cell.text, w)
            text = set_cell_size(text.rjust(w) if cell.right else text, w)
            segments.append(Segment(f" {text} ", style + _style(cell.style) if cell.style else style))
        used = sum(w + 2 for _, w in self.columns)
        if used < scroll_x + width:
            segments.append(Segment(" " * (scroll_x + width - used), style))
        return Strip(segments).crop(scroll_x, scroll_x + width)

    # The cursor
    def watch_cursor_row(self, old: int, new: int) -> None:
        visible = max(1, self.size.height - 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)
        self.refresh()

    def _move(self, row: int) -> None:
        if self.lines:
            self.cursor_row = max(0, min(row, len(self.lines) - 1))

    def action_cursor(self, step: int) -> None:
        self._move(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor_row + direction * max(1, self.size.height - 2))

    def action_jump(self, row: int) -> None:
        self._move(row if row >= 0 else len(self.lines) - 1)

    def action_open_row(self) -> None:
        if self.lines:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: Click) -> None:
        if event.y == 0:
            return
        row = self.scroll_offset.y + event.y - 1
        if row < len(self.lines):
            if row == self.cursor_row:  # as a table: a click on the highlighted row opens it
                self.action_open_row()
            else:
                self.cursor_row = row
