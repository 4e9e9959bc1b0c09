"""The letter dialog on the case screen (`l`): pick the letter and its recipient, write what it
should add, read it as it will go, and issue it (filed to the case, casework.letters)."""

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static, TextArea

from casework.errors import UserError
from tui.screens.form_base import ActionForm
from tui.text import plain


class LetterForm(ActionForm):
    title_text = "Issue a letter"
    submit_label = "Issue"

    def __init__(self, submit, on_conflict, choices: list[tuple[str, str, str]], preview):
        """`choices`: (kind, party, label); `preview(kind, party, text)` is the letter's text."""
        super().__init__(submit, on_conflict)
        self.choices, self.preview_fn = choices, preview

    def fields(self) -> ComposeResult:
        yield Select([(label, f"{kind}:{party}") for kind, party, label in self.choices],
                     prompt="Which letter, to whom", id="which")
        yield Label("What it adds: when and where, or the reasons")
        yield TextArea(id="text", soft_wrap=True)
        yield Label("As it will go")
        with VerticalScroll(id="letter-preview"):
            yield Static(plain("Choose a letter to read it here."), id="preview")

    def _picked(self) -> tuple[str, str] | None:
        picked = self.query_one("#which", Select).value
        if picked in (None, Select.NULL):
            return None
        kind, _, party = picked.partition(":")
        return kind, party

    @on(Select.Changed, "#which")
    @on(TextArea.Changed, "#text")
    def _refresh(self) -> None:
        picked = self._picked()
        if picked is None:
            return
        try:
            shown = self.preview_fn(*picked, self.query_one("#text", TextArea).text)
        except UserError as exc:
            shown = f"Not ready to issue: {exc.message}"
        self.query_one("#preview", Static).update(plain(shown))

    def values(self) -> dict:
        picked = self._picked()
        if picked is None:
            raise UserError("choose the letter and whom it is to from the list")
        return {"kind": picked[0], "to": picked[1], "text": self.query_one("#text", TextArea).text}
