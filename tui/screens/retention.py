"""The retention schedule (from the command palette, for those who may read it): every ended
case with the rule that keeps it, the day its keeping ends and where it stands; a legal hold
placed or lifted with its reason, and a case opened (to dispose of it there, D), each through
the same services and refusals as `casework retention` and `casework hold`."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from casework.errors import UserError
from tui.keys import named
from tui.screens.form_base import ActionForm
from tui.text import plain
from tui.widgets.footer import Footer


class HoldForm(ActionForm):
    submit_label = "Save"
    required = {"reason": "say why"}

    def __init__(self, submit, ref: str, lifting: bool):
        super().__init__(submit)
        self.title_text = f"Lift the legal hold on {ref}" if lifting else f"A legal hold on {ref}"
        self.lifting = lifting

    def fields(self) -> ComposeResult:
        # Short enough for the dialog at 80 columns, where a label is not wrapped.
        yield Label("Why it may now follow the schedule" if self.lifting else
                    "Why it must be kept whatever the schedule says")
        yield Input(id="reason")

    def values(self) -> dict:
        return {"reason": self.query_one("#reason", Input).value}


class RetentionScreen(Screen):
    DEFAULT_CSS = "#schedule { height: 1fr; }"
    BINDINGS = named("retention", [
        Binding("enter", "open_case", "Open the case"),
        Binding("d", "due_only", "Due only"),
        Binding("h", "hold", "Hold or lift"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.due_only = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="schedule", cursor_type="row", zebra_stripes=True)
        yield Static("", id="retention-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#schedule", DataTable)
        # Where each stands first: at 80 columns it is what the reader came for.
        for heading, width in [("Reference", 14), ("Stands", 28), ("Ends", 10), ("Outcome", 22),
                               ("Ended", 10), ("Kept", 30), ("Route", 7)]:
            table.add_column(heading, width=width)
        table.focus()
        self.reload()

    def reload(self, *_) -> None:
        from casework.records.schedule import schedule

        try:
            self.rows = schedule(self.app.ws, self.app.login, due_only=self.due_only)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        table = self.query_one("#schedule", DataTable)
        table.clear()
        for r in self.rows:
            table.add_row(r["ref"], plain(r["status"]), r["retention_ends"] or "",
                          plain(r["outcome_title"]), r["closed"], plain(r["rule"]["text"]), r["route"],
                          key=r["ref"])
        due = sum(r["due"] for r in self.rows)
        shown = "due for disposal" if self.due_only else "ended"
        self.query_one("#retention-status", Static).update(
            f" {len(self.rows)} {shown} case{'s' if len(self.rows) != 1 else ''}, {due} due; "
            "enter opens one, d shows only those due" if self.rows else f" no case {shown}: d shows "
            + ("every ended case" if self.due_only else "only those due"))

    def highlighted(self) -> dict | None:
        table = self.query_one("#schedule", DataTable)
        if not table.row_count:
            self.notify("there is no case here")
            return None
        ref = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next(r for r in self.rows if r["ref"] == ref)

    def action_due_only(self) -> None:
        self.due_only = not self.due_only
        self.reload()

    def action_hold(self) -> None:
        from casework.records.holds import lift_hold, place_hold

        row = self.highlighted()
        if row is None:
            return
        ws, login, ref = self.app.ws, self.app.login, row["ref"]
        change = lift_hold if row["held"] else place_hold
        self.app.push_screen(HoldForm(lambda v: change(ws, ref, login, v["reason"]), ref, row["held"]),
                             self.reload)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def action_open_case(self) -> None:
        from tui.screens.case import CaseScreen

        row = self.highlighted()
        if row is not None:
            self.app.push_screen(CaseScreen(row["ref"]), self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
