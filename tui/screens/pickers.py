"""A modal list to pick one value from, typed into or arrowed through: what is typed narrows
the list to the options holding every word typed, as pickers in editors do."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.keys import named


class Picker(ModalScreen):
    BINDINGS = named("picker", [
        Binding("escape", "cancel", "Cancel"),
        # The typing box keeps the keys for letters; the arrows still move in the list.
        Binding("down", "move('down')", "Next", show=False, priority=True),
        Binding("up", "move('up')", "Previous", show=False, priority=True),
    ])

    def __init__(self, title: str, options: list[tuple[str, object]]):
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(self.title_text, classes="title")
            yield Input(placeholder="type to narrow the list", id="picker-typed")
            yield OptionList(*self._matching(""), id="picker-options")

    def on_mount(self) -> None:
        self.query_one("#picker-options", OptionList).highlighted = 0 if self.options else None
        self.query_one("#picker-typed", Input).focus()

    def _matching(self, typed: str) -> list[Option]:
        words = typed.casefold().split()
        return [Option(label, id=str(i)) for i, (label, _) in enumerate(self.options)
                if all(w in label.casefold() for w in words)]

    @on(Input.Changed, "#picker-typed")
    def _narrow(self, event: Input.Changed) -> None:
        shown = self.query_one("#picker-options", OptionList)
        shown.clear_options()
        shown.add_options(self._matching(event.value))
        shown.highlighted = 0 if shown.option_count else None

    @on(Input.Submitted, "#picker-typed")
    def _typed_then_enter(self) -> None:
        shown = self.query_one("#picker-options", OptionList)
        if shown.highlighted is not None:
            self._pick(shown.get_option_at_index(shown.highlighted))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option)

    def _pick(self, option: Option) -> None:
        self.dismiss((True, self.options[int(option.id)][1]))

    def action_move(self, direction: str) -> None:
        getattr(self.query_one("#picker-options", OptionList), f"action_cursor_{direction}")()

    def action_cancel(self) -> None:
        self.dismiss((False, None))


def pick(app, title: str, options: list[tuple[str, object]], then) -> None:
    """Calls `then(value)` only when the user picked something (None is a real choice)."""
    app.push_screen(Picker(title, options), lambda result: result[0] and then(result[1]))
