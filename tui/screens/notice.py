"""The decision notice for publication (`casework decision`), read before it is issued: issuing
it records its publication on the case, which is the duty of a stage that waits for it. While a
notice stands, the Monitoring Officer or a deputy may withdraw it from here, saying why
(`casework decision REF --withdraw`), and the next public register shows it withdrawn."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from casework.errors import UserError
from casework.workflow.roles import may
from tui.keys import named
from tui.screens.form_base import ActionForm, date_input
from tui.text import plain


def _standing(notice) -> str:
    if notice is None:
        return "Issuing it records on the case that it was published today."
    if notice.published:
        return (f"Published on {notice.issued:%d/%m/%Y}. Issuing it again records a new "
                "publication today.")
    if notice.withdrawn:
        return (f"The notice of {notice.issued:%d/%m/%Y} was withdrawn on {notice.withdrawn:%d/%m/%Y}. "
                "Issuing it records its publication again today.")
    return "Issuing it records on the case that it was published today."


class NoticeScreen(ModalScreen):
    """Dismisses "issued", "withdrawn", or None."""

    BINDINGS = named("notice", [Binding("ctrl+s", "issue", "Issue"), Binding("w", "withdraw", "Withdraw"),
                                Binding("escape", "cancel", "Cancel")])

    def __init__(self, ref: str, text: str, issue, notice=None, withdraw=None):
        super().__init__()
        self.ref, self.text, self.issue = ref, text, issue
        self.notice, self.withdraw = notice, withdraw

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form notice"):
            yield Label(f"{self.ref}: the decision notice, as it will be published", classes="title")
            with VerticalScroll(id="notice-text"):
                yield Static(plain(self.text))
            yield Static(_standing(self.notice), id="notice-standing")
            with Horizontal(classes="buttons"):
                yield Button("Issue (ctrl+s)", variant="primary", id="issue")
                if self._may_withdraw():
                    yield Button("Withdraw (w)", variant="error", id="withdraw")
                yield Button("Cancel (esc)", id="cancel")

    def _may_withdraw(self) -> bool:
        return bool(self.withdraw and self.notice and self.notice.published)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "withdraw":
            return self._may_withdraw()
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"issue": self.action_issue, "withdraw": self.action_withdraw}.get(event.button.id,
                                                                           self.action_cancel)()

    def action_issue(self) -> None:
        try:
            self.issue()
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        self.dismiss("issued")

    def action_withdraw(self) -> None:
        if not self._may_withdraw():
            return
        self.app.push_screen(WithdrawForm(self.withdraw, self.ref, self.notice.issued),
                             lambda done: done and self.dismiss("withdrawn"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class WithdrawForm(ActionForm):
    submit_label = "Withdraw"
    required = {"reason": "say why the notice is withdrawn: the register and the case keep it"}

    def __init__(self, submit, ref: str, issued):
        super().__init__(submit)
        self.title_text = f"{ref}: withdraw the decision notice of {issued:%d/%m/%Y}"

    def fields(self) -> ComposeResult:
        yield Label("Why it is withdrawn (kept on the case as a note)")
        yield TextArea(id="reason")
        yield Label("Withdrawn on (blank: today)")
        yield date_input("on")

    def values(self) -> dict:
        return {"reason": self.query_one("#reason", TextArea).text,
                "on": self.query_one("#on", Input).value.strip() or None}


def open_notice(case_screen) -> None:
    """From a case: the notice read, then issued, withdrawn, or left."""
    from casework.exports.decision import notice_text, publish
    from casework.exports.withdrawal import standing_notice, withdraw_notice

    app, ref = case_screen.app, case_screen.ref
    try:
        text, _ = notice_text(app.ws, ref, app.login)
        notice = standing_notice(app.ws, ref, app.login)
    except UserError as exc:
        case_screen.notify(exc.message, severity="error")
        return
    withdraw = None
    if may((app.me or {}).get("role", ""), "withdraw-notice"):
        def withdraw(v):
            return withdraw_notice(app.ws, ref, app.login, v["reason"], v["on"])

    def done(what) -> None:
        if what:
            case_screen.reload()
            case_screen.notify(f"{ref}: decision notice {what}"
                               + ("; the next public register shows it withdrawn" if what == "withdrawn" else ""))

    app.push_screen(NoticeScreen(ref, text, lambda: publish(app.ws, ref, app.login), notice, withdraw), done)
