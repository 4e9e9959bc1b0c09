"""A modal list to pick one value from, typed into or arrowed through."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.keys import named


class Picker(ModalScreen):
    BINDINGS = named("picker", [Binding("escape", "cancel", "Cancel")])

    def __init__(self, title: str, options: list[tuple[str, object]]):
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(self.title_text, classes="title")
            yield OptionList(*(Option(label, id=str(i)) for i, (label, _) in enumerate(self.options)))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((True, self.options[int(event.option.id)][1]))

    def action_cancel(self) -> None:
        self.dismiss((False, None))


def pick(app, title: str, options: list[tuple[str, object]], then) -> None:
    """Calls `then(value)` only when the user picked something (None is a real choice)."""
    app.push_screen(Picker(title, options), lambda result: result[0] and then(result[1]))
