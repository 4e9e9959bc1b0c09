"""Redacting a paper from the case screen: `r` on the Documents tab asks what to withhold and
why, and files the redacted copy through the same service as `casework redact`."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label, Select, TextArea

from casework.errors import UserError
from casework.redaction.grounds import grounds
from casework.redaction.service import redact, redactable
from tui.keys import named
from tui.screens.form_base import ActionForm
from tui.text import plain


class RedactForm(ActionForm):
    title_text = "Redact a document"
    submit_label = "File the redacted copy"
    required = {"reason": "choose the ground on which the words are withheld"}

    def __init__(self, submit, on_conflict, doc: dict, regime: str):
        super().__init__(submit, on_conflict)
        self.doc, self.regime = doc, regime

    def fields(self) -> ComposeResult:
        yield Label(plain(f"Document #{self.doc['id']} · {self.doc['filename']}: a copy is filed "
                          "beside it; the original is never changed"))
        yield Label("Names or phrases to black out wherever they appear, one a line")
        yield TextArea(id="terms", soft_wrap=True)
        yield Label("Areas of a page, in millimetres from its top left, e.g. 2:20,40,190,60")
        yield Input(placeholder="PAGE:LEFT,TOP,RIGHT,BOTTOM, separated by spaces", id="regions")
        yield Select([(f"{code}: {text}", code) for code, text in grounds(self.regime)],
                     prompt="Ground", id="reason")

    def values(self) -> dict:
        reason = self.query_one("#reason", Select).value
        return {"terms": [t for t in self.query_one("#terms", TextArea).text.splitlines() if t.strip()],
                "regions": self.query_one("#regions", Input).value.split(),
                "reason": None if reason is Select.NULL else reason}


class DocumentsTable(DataTable):
    """The case's documents; `r` redacts the one the cursor is on."""
    BINDINGS = named("documents", [Binding("r", "redact", "Redact")])

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "redact":
            case = getattr(self.screen, "case", None)
            return bool(case and case["can"].get("redact"))
        return True

    def action_redact(self) -> None:
        screen, ws, login = self.screen, self.app.ws, self.app.login
        if not self.row_count:
            self.notify("this case has no documents to redact")
            return
        doc_id = int(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        doc = next(d for d in screen.case["documents"] if d["id"] == doc_id)
        try:
            redactable(ws, screen.ref, doc_id, login)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return

        def submit(v):
            return redact(ws, screen.ref, doc_id, login, v["terms"], v["regions"], v["reason"],
                          expected_version=screen.case["version"])

        def filed(done) -> None:
            if done:
                screen.reload()
                self.notify(f"{screen.ref}: document {done.document_id} filed, a redacted copy of "
                            f"document {done.redacts}")

        self.app.push_screen(RedactForm(submit, screen.reload, doc, ws.profile.regime), filed)
