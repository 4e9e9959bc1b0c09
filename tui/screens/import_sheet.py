"""Bringing in the council's register, or cases already open, from a spreadsheet: checked
first (every row, nothing written), then imported all at once or not at all, as
`casework import` does."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, Select, Static

from casework.errors import UserError
from tui.keys import named
from tui.screens.form_base import discard_or_stay, typed
from tui.text import plain

KINDS = [("The register of Members and Officers", "people"), ("Cases already open", "cases")]
COLUMNS = {
    "people": "Columns: name, kind (member or officer), service, manager, politically_restricted, "
              "protocol_signed, tier, training_course, training_date.",
    "cases": "Columns: reference, about, by, clause, summary, received, stage, stage_since, "
             "handler, confidential. Import the register first: cases name people in it.",
}


class ImportScreen(ModalScreen):
    """Dismisses with the last word of an import that wrote, or None."""

    BINDINGS = named("import", [
        Binding("ctrl+t", "check", "Check"),
        Binding("ctrl+s", "run", "Import"),
        Binding("escape", "cancel", "Close"),
    ])

    def __init__(self, kind: str = "people"):
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form", id="import"):
            yield Label("Import from a spreadsheet", classes="title")
            yield Select(KINDS, value=self.kind, allow_blank=False, id="kind")
            yield Static(COLUMNS[self.kind], id="columns")
            yield DirectoryTree(str(Path.home()), id="tree")
            yield Input(placeholder="path of the .csv, .xlsx, .ods or .xls file (pick above or type)",
                        id="path")
            yield Static("", id="path-error", classes="error")
            yield Static("", id="report")
            with Horizontal(classes="buttons"):
                yield Button("Check (ctrl+t)", id="check")
                yield Button("Import (ctrl+s)", variant="primary", id="run")
                yield Button("Close (esc)", id="cancel")

    def on_mount(self) -> None:
        self.as_opened = typed(self)
        self.query_one("#tree", DirectoryTree).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind" and event.value in COLUMNS:
            self.kind = event.value
            self.query_one("#columns", Static).update(COLUMNS[self.kind])
            self.query_one("#report", Static).update("")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.query_one("#check", Button).focus()

    def on_input_submitted(self) -> None:
        self.action_check()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.run_action(event.button.id if event.button.id != "cancel" else "cancel")

    def action_check(self) -> None:
        self._import(dry_run=True)

    def action_run(self) -> None:
        report = self._import(dry_run=False)
        if report is not None and report.written:
            self.dismiss(report.verdict())

    def action_cancel(self) -> None:
        discard_or_stay(self, lambda: self.dismiss(None))

    def _import(self, dry_run: bool):
        from casework.imports import importer
        from casework.imports.run import ImportRefused

        error, said = self.query_one("#path-error", Static), self.query_one("#report", Static)
        error.update("")
        path = self.query_one("#path", Input).value.strip()
        if not path:
            error.update("pick the file in the folders above, or type its path")
            self.query_one("#path", Input).focus()
            return None
        try:
            report = importer(self.kind)(self.app.ws, self.app.login, path, dry_run)
        except ImportRefused as refused:
            report = refused.report
        except UserError as exc:
            error.update(plain(exc.message))
            said.update("")
            return None
        said.update(plain("\n".join([*report.lines(), report.verdict()])))
        return report
