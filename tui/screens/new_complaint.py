"""Logging a complaint: parties from the register, the clause from the protocol; errors are
shown beside the field they are about, and nothing is saved until the service accepts it."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static, TextArea

from casework.access.rules import who_may_see
from casework.cases.opening import RESTRICTED_BY_DEFAULT, open_case, route_between
from casework.errors import UserError, every
from casework.people.directory import people
from tui.keys import named
from tui.screens.form_base import discard_or_stay, typed
from tui.text import plain
from tui.widgets.footer import Footer

FIELDS = ("about", "by", "clause", "received", "summary")


class NewComplaintScreen(Screen):
    BINDINGS = named("new", [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")])

    def __init__(self):
        super().__init__()
        self.kinds: dict[str, str] = {}
        self.restriction_chosen = False  # the user ticked or unticked it: the route no longer decides
        self.route: str | None = None

    def compose(self) -> ComposeResult:
        ws = self.app.ws
        register = people(ws)
        self.kinds = {p["name"]: p["kind"] for p in register}
        names = [(f"{p['name']} ({p['kind']}{', ' + p['service'] if p['service'] else ''})", p["name"])
                 for p in register]
        yield Header()
        with VerticalScroll(id="complaint-form"):
            yield Label("Complaint about (subject)")
            yield Select(names, prompt="pick from the register", id="about")
            yield Static("", id="about-error", classes="error")
            yield Label("Made by (complainant)")
            yield Select(names, prompt="pick from the register", id="by")
            yield Static("", id="by-error", classes="error")
            yield Label("Clause of the protocol")
            yield Select([(f"{code} {title}", code) for code, title in ws.profile.clauses.items()],
                         prompt="pick the clause alleged", id="clause")
            yield Static("", id="clause-error", classes="error")
            yield Label("Received")
            yield Input(value=ws.today().isoformat(), placeholder="YYYY-MM-DD", id="received", max_length=10)
            yield Static("", id="received-error", classes="error")
            yield Label("Summary")
            yield TextArea(id="summary", soft_wrap=True)
            yield Static("", id="summary-error", classes="error")
            yield Checkbox("Restricted (confidential case)", id="confidential")
            yield Static("Who can see it: pick both parties to see.", id="who-sees")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.as_opened = typed(self)
        self.query_one("#about", Select).focus()

    @on(Select.Changed, "#about, #by")
    def _parties_chosen(self) -> None:
        about, by = self._value("about"), self._value("by")
        self.route = route_between(self.kinds.get(about, ""), self.kinds.get(by, ""),
                                   self.app.ws.profile) if about and by else None
        box = self.query_one("#confidential", Checkbox)
        if self.route and not self.restriction_chosen and box.value != RESTRICTED_BY_DEFAULT[self.route]:
            with box.prevent(Checkbox.Changed):
                box.value = RESTRICTED_BY_DEFAULT[self.route]
        self._say_who_sees()

    @on(Checkbox.Changed, "#confidential")
    def _restriction_chosen(self) -> None:
        self.restriction_chosen = True
        self._say_who_sees()

    def _say_who_sees(self) -> None:
        who = self.query_one("#who-sees", Static)
        if self.route is None:
            who.update("Who can see it: pick both parties to see.")
        else:
            who.update("Who can see it: " + who_may_see(self.route, self.query_one("#confidential", Checkbox).value))

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value

    def action_save(self) -> None:
        for name in (*FIELDS, "form"):
            self.query_one(f"#{name}-error", Static).update("")
        try:
            ref = open_case(self.app.ws, self.app.login, self._value("about"), self._value("by"),
                            self._value("clause"), self._value("summary"), self._value("received") or None,
                            self.query_one("#confidential", Checkbox).value)
        except UserError as exc:
            self._say(exc)
            return
        self.dismiss(ref)

    def _say(self, exc: UserError) -> None:
        """Every mistake at once, each beside its field; what is about no field, at the foot."""
        said: dict[str, list[str]] = {}
        for err in every(exc):
            where = err.field if err.field in FIELDS else "form"
            said.setdefault(where, []).append(err.beside if where != "form" else err.message)
        for where, lines in said.items():
            self.query_one(f"#{where}-error", Static).update(plain("\n".join(lines)))
        first = next((f for f in FIELDS if f in said), None)
        if first:
            self.query_one(f"#{first}").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        discard_or_stay(self, lambda: self.dismiss(None))
