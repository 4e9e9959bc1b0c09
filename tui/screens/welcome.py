"""The first start on a new database: whoever opened it is its Monitoring Officer. They say
their name as letters and the trail should give it, then bring in the council's register,
try a demo council, or start empty."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from casework.errors import UserError
from tui.keys import named
from tui.text import plain

CHOICES = {"import": "Import the register", "demo": "Load a demo council", "empty": "Start empty"}


class Welcome(ModalScreen):
    """Dismisses with "import", "demo" or "empty" once the name is saved."""

    BINDINGS = named("welcome", [Binding("escape", "choose('empty')", "Start empty")])
    # Until the new database is set up, casework's own commands (the register, retention, ...)
    # have nothing to work on: the palette offers only the welcome's own choices.
    APP_COMMANDS = False

    def __init__(self, login: str, name: str, council: str):
        super().__init__()
        self.login, self.name_now, self.council = login, name, council

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form", id="welcome"):
            yield Label(plain(f"A new casework database for {self.council}"), classes="title")
            yield Static(plain(
                f"You opened it, so you are its Monitoring Officer (signed in as {self.login}). "
                "Everyone else is added from Users (U on the queue) once you are set up."))
            yield Label("Your name, as letters, notices and the audit trail give it")
            yield Input(value=self.name_now, id="name", select_on_focus=True)
            yield Static("", id="name-error", classes="error")
            yield Static("Then: bring in the register of Members and Officers from a spreadsheet "
                         "(.csv, .xlsx, .ods or .xls), try casework on a demo council with 40 "
                         "cases, or start with nothing.")
            with Horizontal(classes="buttons"):
                for key, label in CHOICES.items():
                    yield Button(label, variant="primary" if key == "import" else "default", id=f"then-{key}")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id.removeprefix("then-"))

    def on_input_submitted(self) -> None:
        self.query_one("#then-import", Button).focus()

    def action_choose(self, choice: str) -> None:
        from casework.people.users import rename_user

        error = self.query_one("#name-error", Static)
        try:
            rename_user(self.app.ws, self.app.login, self.login, self.query_one("#name", Input).value)
        except UserError as exc:
            error.update(plain(exc.message))
            self.query_one("#name", Input).focus()
            return
        self.dismiss(choice)
