"""The decision notice for publication (`casework decision`), read before it is issued: issuing
it records its publication on the case, which is the duty of a stage that waits for it."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from casework.errors import UserError
from tui.keys import named
from tui.text import plain


class NoticeScreen(ModalScreen):
    """Dismisses True once issued."""

    BINDINGS = named("notice", [Binding("ctrl+s", "issue", "Issue"), Binding("escape", "cancel", "Cancel")])

    def __init__(self, ref: str, text: str, issue):
        super().__init__()
        self.ref, self.text, self.issue = ref, text, issue

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(f"{self.ref}: the decision notice, as it will be published", classes="title")
            with VerticalScroll(id="notice-text"):
                yield Static(plain(self.text))
            yield Static("Issuing it records on the case that it was published today.")
            with Horizontal(classes="buttons"):
                yield Button("Issue (ctrl+s)", variant="primary", id="issue")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_issue() if event.button.id == "issue" else self.action_cancel()

    def action_issue(self) -> None:
        try:
            self.issue()
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def open_notice(case_screen) -> None:
    """From a case: the notice read, then issued or not."""
    from casework.exports.decision import notice_text, publish

    app, ref = case_screen.app, case_screen.ref
    try:
        text, _ = notice_text(app.ws, ref, app.login)
    except UserError as exc:
        case_screen.notify(exc.message, severity="error")
        return

    def issued(done: bool) -> None:
        if done:
            case_screen.reload()
            case_screen.notify(f"{ref}: decision notice issued")

    app.push_screen(NoticeScreen(ref, text, lambda: publish(app.ws, ref, app.login)), issued)
