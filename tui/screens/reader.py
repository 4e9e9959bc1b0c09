"""Something read whole: a note with its thread, a sanction, an audit event. Each is a Text
built once the theme's colours are known, shown scrolling under the header, Esc back."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.keys import named
from tui.widgets.footer import Footer


class Reader(Screen):
    BINDINGS = named("reader", [Binding("escape", "back", "Back")])
    text_id = "reader-text"

    def body(self) -> Text:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reader"):
            yield Static(self.body(), id=self.text_id)
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()


def field(text: Text, label: str, value: str, style: str = "") -> None:
    """One labelled line, the labels in a column: "Recorded     by mo, 2026-07-01 10:15:00 BST"."""
    text.append(f"{label:<13}", style="bold")
    text.append(f"{value}\n", style=style)
