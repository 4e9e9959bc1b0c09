"""The retention schedule (from the command palette, for those who may read it): every ended
case with the rule that keeps it, the day its keeping ends and where it stands; a legal hold
placed or lifted with its reason, and a case opened (to dispose of it there, D), each through
the same services and refusals as `casework retention` and `casework hold`. For the Monitoring
Officer and deputies, the months of the sign-in log due for disposal, disposed of with `l` as
`casework dispose-logs` does."""

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
        Binding("l", "dispose_logs", "Dispose of log months"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.due_only = False
        self.log_due: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="schedule", cursor_type="row", zebra_stripes=True)
        yield Static("", id="log-status")
        yield Static("", id="retention-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#schedule", DataTable)
        # Where each stands first: at 80 columns it is what the reader came for.
        for heading, width in [("Reference", 14), ("Stands", 28), ("Ends", 10), ("Outcome", 22),
                               ("Ended", 10), ("Kept", 30), ("Route", 7)]:
            table.add_column(heading, width=width)
        table.focus()
        self.query_one("#log-status", Static).display = self._disposes()
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
        self._log_months()

    def _disposes(self) -> bool:
        from casework.workflow.roles import may

        return may((self.app.me or {}).get("role", ""), "dispose")

    def _log_months(self) -> None:
        """The sign-in log's months due, for those who may dispose of them; nothing for others."""
        line = self.query_one("#log-status", Static)
        if not line.display:
            return
        from casework.records.logs import pending

        try:
            self.log_due = pending(self.app.ws, self.app.login)
        except UserError as exc:
            line.update(f" sign-in log: {exc.message}")
            return
        kept = self.app.ws.profile.retention.log_months
        line.update(f" sign-in log: {', '.join(self.log_due)} due for disposal (addresses and imported "
                    f"sheets' names kept {kept} months); l disposes of them" if self.log_due else
                    f" sign-in log: no month due (addresses and imported sheets' names kept {kept} months)")

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "dispose_logs":
            return self._disposes()
        return True

    def action_dispose_logs(self) -> None:
        from casework.records.logs import dispose_logs
        from tui.screens.dialogs import Confirm

        ws, login, months = self.app.ws, self.app.login, ", ".join(self.log_due)
        if not self.log_due:
            self.notify("no month of the sign-in log is due for disposal")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify("nothing was disposed of: the log is as it was")
                return
            try:
                done = dispose_logs(ws, login)
            except UserError as exc:
                self.notify(exc.message, severity="error")
                return
            self.reload()
            self.notify(f"log of {', '.join(done.months)}: {done.values} personal values disposed of "
                        f"(event #{done.seq})")

        self.app.push_screen(Confirm(
            f"Erase the sign-in addresses and imported sheets' names of {months}? Who signed in and "
            "when stays in the audit trail. This cannot be undone.", yes="Dispose", no="Keep"), answered)

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
