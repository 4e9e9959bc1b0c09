"""Small modal dialogs: confirm, a fatal refusal, and progress for long work."""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, ProgressBar, Static

from casework.errors import UserError
from tui.keys import named
from tui.text import plain


class Confirm(ModalScreen[bool]):
    BINDINGS = named("confirm", [Binding("escape", "no", "Cancel"), Binding("y", "yes", "Yes", show=False)])

    def __init__(self, question: str, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question, self.yes_label, self.no_label = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="primary", id="yes")
                yield Button(self.no_label, id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class Fatal(ModalScreen[None]):
    """A refusal that leaves nothing to do here, such as an unknown login."""

    BINDINGS = named("fatal", [Binding("escape,enter,q", "quit", "Quit")])

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield Static("casework cannot start", classes="title")
            yield Static(plain(self.message), id="fatal-message")
            yield Button("Quit", variant="error", id="quit")

    def on_button_pressed(self) -> None:
        self.action_quit()

    def action_quit(self) -> None:
        self.app.exit_message = self.message
        self.app.exit(return_code=2)


class Progress(ModalScreen):
    """Runs `job(report)` in a thread; `report(text)` updates the message, and
    `report(text, done, total)` fills the bar too. Dismisses with the job's result, or with
    the UserError it raised."""

    def __init__(self, title: str, job):
        super().__init__()
        self.title_text, self.job = title, job

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield ProgressBar(total=None, show_eta=False, id="bar")
            yield Static("", id="progress-text")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True, exclusive=True)
    def run_job(self) -> None:
        def report(text: str, done: int | None = None, total: int | None = None) -> None:
            self.app.call_from_thread(self._report, text, done, total)

        try:
            result = self.job(report)
        except UserError as exc:
            result = exc
        self.app.call_from_thread(self.dismiss, result)

    def _report(self, text: str, done: int | None, total: int | None) -> None:
        self.query_one("#progress-text", Static).update(plain(text))
        if total is not None:
            self.query_one("#bar", ProgressBar).update(total=total, progress=done)
